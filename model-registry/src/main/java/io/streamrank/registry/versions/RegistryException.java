package io.streamrank.registry.versions;

/** A registry operation that cannot be done, with the reason as a {@link Kind} the CLI and REST API map to answers. */
public class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong; each maps to one HTTP status and one problem type. */
    public enum Kind {
        /** No such version (404). */
        NOT_FOUND,
        /** The version exists already, or the request conflicts with its stage (409). */
        CONFLICT,
        /** The version's artifacts do not match their checksums (422): it is refused. */
        CHECKSUM_MISMATCH,
        /** The request itself is invalid (400). */
        INVALID
    }

    private final Kind kind;

    public RegistryException(Kind kind, String message) {
        this(kind, message, null);
    }

    public RegistryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
