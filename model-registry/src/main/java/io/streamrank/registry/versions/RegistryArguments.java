package io.streamrank.registry.versions;

import io.streamrank.contract.registry.Stage;
import io.streamrank.registry.cli.Args;
import io.streamrank.registry.cli.Home;
import io.streamrank.registry.cli.SigningKeyFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One registry command's arguments and options (but {@code keygen}'s and {@code serve}'s own), all checked before the
 * store is opened: a misspelt option or a missing or extra argument changes nothing.
 *
 * @param positional the command and its arguments
 * @param publishAs  {@code publish}: the stage, else null
 * @param keep       {@code prune}: versions kept at least
 * @param signingKey {@code publish} and {@code sign}: the private key file, or null
 * @param verifyKeys {@code verify}: the public key files
 */
record RegistryArguments(List<String> positional, String store, String reason, Stage publishAs, int keep,
                         boolean dryRun, Path signingKey, boolean replace, List<Path> verifyKeys) {

    /** @param env the environment: the signing key's file name */
    static RegistryArguments of(Args a, Map<String, String> env) {
        List<String> p = a.positional();
        String store = a.oneOr("--store", Home.resolve("models"));
        String reason = a.oneOr("--reason", "cli");
        String cmd = p.get(0);
        Stage publishAs = cmd.equals("publish") ? Stage.parse(a.oneOr("--stage", "candidate")) : null;
        int keep = cmd.equals("prune") ? a.intOr("--keep", VersionPruner.DEFAULT_KEEP) : 0;
        boolean dryRun = cmd.equals("prune") && a.booleanOr("--dry-run", false);
        Path signingKey = cmd.equals("publish") || cmd.equals("sign")
                ? SigningKeyFile.resolve(a.one("--signing-key"), env) : null;
        boolean replace = cmd.equals("sign") && a.booleanOr("--replace", false);
        List<Path> verifyKeys = cmd.equals("verify") ? a.all("--verify-key").stream().map(Path::of).toList()
                : List.of();
        if (!cmd.equals("serve")) {
            // Every option is known before the store changes: a misspelt one (--stroe, --stgae) is an error, not
            // an exit code 2 after a promotion made in the default store.
            a.finish();
        }
        checkArity(p);
        if (cmd.equals("sign") && signingKey == null) {
            throw new IllegalArgumentException("sign needs the private key: --signing-key FILE or "
                    + SigningKeyFile.ENV);
        }
        return new RegistryArguments(p, store, reason, publishAs, keep, dryRun, signingKey, replace, verifyKeys);
    }

    String command() {
        return positional.get(0);
    }

    /** The {@code i}-th positional argument, {@code name} in the usage. */
    String arg(int i, String name) {
        if (positional.size() <= i) {
            throw new IllegalArgumentException("missing " + name);
        }
        return positional.get(i);
    }

    /**
     * Each command's exact arguments, checked before the store is opened: an extra one was silently ignored, and
     * {@code rollback v3} put the previous production version back, not v3.
     */
    static void checkArity(List<String> p) {
        String cmd = p.get(0);
        String arguments = switch (cmd) {
            case "list", "rollback", "serve", "prune", "keygen" -> "";
            case "get", "register", "sign", "verify" -> "VERSION";
            case "publish" -> "DIR";
            case "promote" -> "VERSION STAGE";
            default -> throw new IllegalArgumentException("unknown command " + cmd);
        };
        int want = arguments.isEmpty() ? 0 : arguments.split(" ").length;
        if (p.size() - 1 == want) {
            return;
        }
        if (cmd.equals("rollback")) {
            throw new IllegalArgumentException("rollback takes no VERSION: it puts the previous production version "
                    + "back; to put " + p.get(1) + " into production use `promote " + p.get(1) + " production`");
        }
        String got = p.size() - 1 < want ? "missing " + arguments.split(" ")[p.size() - 1]
                : "unexpected argument " + p.get(want + 1);
        throw new IllegalArgumentException(got + " (usage: " + cmd + (arguments.isEmpty() ? "" : " " + arguments)
                + ")");
    }
}
