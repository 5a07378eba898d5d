package io.streamrank.registry.versions;

import java.io.IOException;

/**
 * Deletes objects from a model store: the one operation {@code ObjectStore} (contract) leaves out, because the
 * ranking services, which share that interface, must never delete. Only {@code registry prune} uses it (ADR 77);
 * {@link StoreLocations#openDeletable} gives one for each kind of store.
 */
interface ObjectDeleter {

    /** Deletes the object {@code key}; nothing when there is none. */
    void delete(String key) throws IOException;
}
