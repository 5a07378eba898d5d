package io.streamrank.registry.versions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.Stage;
import io.streamrank.contract.registry.VersionSigner;
import io.streamrank.contract.registry.VersionVerifier;
import io.streamrank.registry.cli.Args;
import io.streamrank.registry.cli.Failures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The registry's operations as commands, the same as its REST API; {@code serve} starts that API
 * ({@link ServeCommand}). {@link RegistryArguments} checks a command line before the store is opened.
 */
public final class RegistryCommand {

    static final String USAGE = """
            Usage: RegistryCommand COMMAND [arguments] [--store LOCATION] [--reason TEXT]

              list                          every version, newest first, with its stage
              get VERSION                   one version: stage, history, metadata and checksums (JSON)
              publish DIR [--stage STAGE]   upload a locally exported version directory (named after the version)
                                            and register it (default stage: candidate)
                [--signing-key FILE]        sign it with this Ed25519 private key (else the file named by
                                            STREAMRANK_SIGNING_KEY_FILE): checksums.sha256.sig goes up just before
                                            checksums.sha256. Without a key the version is published unsigned (a
                                            signature already in DIR goes up as it is)
              register VERSION              register a version already complete in the store as a candidate (its
                                            files are not written: `sign` signs a version uploaded unsigned)
              promote VERSION STAGE         move a version to candidate, shadow, canary, production or archived;
                                            promoting to production archives the current production version
              rollback                      put the previous production version back into production (takes no
                                            VERSION: `promote VERSION production` serves a given one)
              prune [--keep N]              delete old versions, printing each version kept or deleted: keeps
                                            those in production, canary or shadow, the one rollback restores,
                                            the one served while none is in production, and the N newest
                                            (default %d, at least 1); deletes the rest
                [--dry-run true]            print what prune would delete, and delete nothing
              keygen --out DIR              write a new Ed25519 key pair: DIR/signing-key.pem (private, mode
                                            0600, for whatever publishes versions) and DIR/verify-key.pem (public,
                                            for the readers); never overwrites a key
              sign VERSION                  sign a version in the store that is unsigned (published before signing
                --signing-key FILE          was set up), after checking its files against its checksums; the key
                                            file, else STREAMRANK_SIGNING_KEY_FILE; a version this key signed is
                                            left as it is
                [--replace true]            replace a signature made with another key (a key rotation)
              verify VERSION                check every file against the checksums and report the signature:
                [--verify-key FILE]         unsigned or signed; with public keys (repeatable; a file may hold
                                            several) whether it is valid, as a reader requiring signatures would
              serve [--host H] [--port P]   run the REST API (default 127.0.0.1:8081) until stopped, with
                                            /health/liveness, /health/readiness and /metrics (Prometheus)
                [--token-file FILE]         register, promote and rollback over the API need
                                            "Authorization: Bearer <token>" with one of the tokens in FILE:
                                            one a line (at most 8, each at least 16 characters without
                                            whitespace; blank lines and lines starting with # skipped);
                                            else the tokens in STREAMRANK_REGISTRY_TOKEN (same format,
                                            read once)
                [--token-reload DURATION]   re-read --token-file this often and apply a valid change
                                            without a restart (default 10s; 500ms, 1m, PT10S; 0s: never)
                [--unauthenticated true]    serve writes without a token on a non-loopback --host (refused
                                            otherwise; on a loopback host writes are open without a token)

              --store LOCATION              a directory (default: models, in the checkout under
                                            bin/streamrank-models) or s3://bucket/prefix[?endpoint=URL
                                            &region=R&path-style=true]; credentials from the AWS SDK default chain
              --reason TEXT                 recorded in the stage history (default: cli)
              --help                        show this help

            Promotion beyond candidate and rollback verify every artifact's SHA-256 first; a mismatch is refused
            (exit code 3). The registry itself reads signed and unsigned versions alike (ADR 79). Each command takes
            exactly the arguments shown. Exit codes: 0 ok, 1 failed, 2 bad command line (an unknown option or a
            missing or extra argument), 3 refused (checksum or signature), 4 not found, 5 conflict (an existing
            version or key file, a signature by another key).
            """.formatted(VersionPruner.DEFAULT_KEEP);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RegistryCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        return run(argv, out, err, System.getenv());
    }

    /** @param env the environment: the signing key's file name (and the write token, for serve) */
    static int run(String[] argv, PrintStream out, PrintStream err, Map<String, String> env) {
        Args a;
        try {
            a = new Args(argv);
            if (a.help() || a.positional().isEmpty()) {
                (a.help() ? out : err).print(USAGE);
                return a.help() ? 0 : 2;
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        List<String> p = a.positional();
        try {
            if (p.get(0).equals("keygen")) {
                String dir = a.one("--out");
                a.finish();
                RegistryArguments.checkArity(p);
                if (dir == null) {
                    throw new IllegalArgumentException("keygen needs --out DIR, the folder for the key pair");
                }
                VersionSigning.keygen(Path.of(dir)).forEach(out::println);
                return 0;
            }
            RegistryArguments r = RegistryArguments.of(a, env);
            // Keys are read before the store is opened: a bad key file changes nothing.
            VersionSigner signer = r.signingKey() == null ? null : VersionSigner.fromPemFile(r.signingKey());
            VersionVerifier verifier = r.verifyKeys().isEmpty() ? null : VersionVerifier.fromPemFiles(r.verifyKeys());
            StoreLocations.Deletable opened = StoreLocations.openDeletable(r.store());
            ModelRegistry registry = new ModelRegistry(opened.store());
            switch (r.command()) {
                case "list" -> registry.list().forEach(v -> out.println(v.version() + "\t" + v.stage()));
                case "get" -> print(out, registry.get(r.arg(1, "VERSION")));
                case "publish" -> print(out, registry.publish(Path.of(r.arg(1, "DIR")), r.publishAs(), r.reason(),
                        signer));
                case "register" -> print(out, registry.register(r.arg(1, "VERSION"), r.reason()));
                case "promote" -> {
                    Stage stage = Stage.parse(r.arg(2, "STAGE"));
                    print(out, registry.promote(r.arg(1, "VERSION"), stage, r.reason()));
                    // On stderr: stdout is the JSON record scripts read.
                    UnsignedPromotion.warn(registry.repository(), r.arg(1, "VERSION"), stage, err);
                }
                case "rollback" -> {
                    VersionInfo restored = registry.rollback(r.reason());
                    print(out, restored);
                    UnsignedPromotion.warn(registry.repository(), restored.version(), Stage.PRODUCTION, err);
                }
                case "prune" -> new VersionPruner(registry.repository(), opened.deleter(), out::println)
                        .prune(r.keep(), r.dryRun());
                case "sign" -> out.println(r.arg(1, "VERSION") + ": " + switch (new VersionSigning(
                        registry.repository()).sign(r.arg(1, "VERSION"), signer, r.replace())) {
                    case SIGNED -> "signed (" + Checksums.SIGNATURE_FILE_NAME + " written)";
                    case ALREADY_SIGNED -> "already signed with this key: nothing written";
                    case REPLACED -> "signed again with this key: the other signature was replaced";
                });
                case "verify" -> new VersionSigning(registry.repository()).check(r.arg(1, "VERSION"), verifier)
                        .forEach(out::println);
                case "serve" -> ServeCommand.serve(registry, a, env, out, err);
                default -> throw new IllegalArgumentException("unknown command " + r.command());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (RegistryException e) {
            err.println("error: " + e.getMessage());
            return switch (e.kind()) {
                case CHECKSUM_MISMATCH -> 3;
                case NOT_FOUND -> 4;
                case CONFLICT -> 5;
                default -> 2;
            };
        } catch (Exception e) {
            Failures.report("", e, err);
            return 1;
        }
    }

    private static void print(PrintStream out, Object o) throws Exception {
        out.println(JSON.writeValueAsString(o));
    }
}
