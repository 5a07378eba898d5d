package io.streamrank.contract.registry;

/**
 * A reader that requires signatures found a complete version without {@code checksums.sha256.sig} (ADR 79): written
 * before signing was set up, or by someone without the signing key. Unlike a bad signature this can be repaired
 * without changing the version's checksums ({@code registry sign VERSION}), so a caller that skips refused versions
 * until their checksums change should look at the signature file too ({@link ModelRepository#signature}).
 */
public class UnsignedVersionException extends SignatureRefusedException {

    private static final long serialVersionUID = 1L;

    public UnsignedVersionException(String message) {
        super(message);
    }
}
