package io.streamrank.registry.versions;

import io.streamrank.contract.registry.ChecksumMismatchException;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.StageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * The registry's calls on the store with their failures turned into what its callers answer: a missing or tampered
 * version as a {@link RegistryException}, the store failing as an {@link UncheckedIOException} (503 over the API).
 */
final class StoreCalls {

    /** A store call. */
    interface IoCall<T> {
        T call() throws IOException;
    }

    private StoreCalls() {
    }

    static <T> T io(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every artifact of the version checked against its checksums; NOT_FOUND or CHECKSUM_MISMATCH otherwise. */
    static void verified(ModelRepository repository, String version) {
        try {
            repository.verify(version);
        } catch (NoSuchFileException e) {
            throw notFound(version);
        } catch (ChecksumMismatchException e) {
            throw new RegistryException(RegistryException.Kind.CHECKSUM_MISMATCH, e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(ModelRepository repository, StageRecord r) {
        io(() -> {
            repository.store().write(ModelRepository.stageKey(r.version()), r.toJson());
            return null;
        });
    }

    static RegistryException notFound(String version) {
        return new RegistryException(RegistryException.Kind.NOT_FOUND, "no complete model version " + version);
    }
}
