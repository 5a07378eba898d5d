package io.streamrank.contract.registry;

import java.io.IOException;

/** A model version's artifact does not match its recorded SHA-256 (or is missing): the version must not be served. */
public class ChecksumMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    public ChecksumMismatchException(String message) {
        super(message);
    }
}
