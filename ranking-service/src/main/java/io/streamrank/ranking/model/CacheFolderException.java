package io.streamrank.ranking.model;

import io.streamrank.ranking.StartupRefusedException;

/**
 * Start-up refused because {@code streamrank.model.cache-dir} is a folder that another user could write
 * ({@link CacheFolder}): a model version checked there could be replaced before it is loaded.
 */
final class CacheFolderException extends StartupRefusedException {

    private static final long serialVersionUID = 1L;

    CacheFolderException(String message, String action) {
        super(message, action);
    }
}
