package io.streamrank.registry.versions;

import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.registry.StageRecord;
import java.util.Map;

/**
 * One version as the registry reports it.
 *
 * @param version   the version name
 * @param stage     its current stage ({@code candidate} when it has no stage record yet)
 * @param stages    the stage record with its history, or {@code null} when there is none
 * @param metadata  its metadata, or {@code null} when unreadable
 * @param checksums artifact path → SHA-256
 */
public record VersionInfo(String version, String stage, StageRecord stages, ModelMetadata metadata,
                          Map<String, String> checksums) {
}
