package io.streamrank.contract.registry;

/**
 * A model version's signature does not verify with any key the reader trusts, or is not a signature at all (ADR 79):
 * the version must not be served. It is a {@link ChecksumMismatchException}, so that a caller that refuses a tampered
 * version (and does not try it again until its checksums file changes) refuses this one the same way; an unsigned
 * version is the subclass {@link UnsignedVersionException}.
 */
public class SignatureRefusedException extends ChecksumMismatchException {

    private static final long serialVersionUID = 1L;

    public SignatureRefusedException(String message) {
        super(message);
    }
}
