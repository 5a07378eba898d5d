package io.streamrank.ranking;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the ranking service ({@code streamrank.*}); defaults are in {@code application.yaml} and each one
 * is documented in README's configuration table.
 */
@Validated
@ConfigurationProperties("streamrank")
public record RankingProperties(@Valid @NotNull Kafka kafka, @Valid @NotNull Redis redis, @Valid @NotNull Model model,
                                @Valid @NotNull Ranking ranking, @Valid @NotNull Ingest ingest) {

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param topic            clickstream topic events are produced to, keyed by user id
     * @param sendTimeout      how long ingest waits for the broker's acknowledgement before answering 503
     */
    public record Kafka(@NotBlank String bootstrapServers, @NotBlank String topic, @NotNull Duration sendTimeout) {
    }

    /**
     * @param uri       Redis URI of the feature store
     * @param keyPrefix prefix of every feature key (must match the feature job's)
     * @param timeout   per-command timeout; slower answers count as Redis down for that request
     */
    public record Redis(@NotBlank String uri, @NotNull String keyPrefix, @NotNull Duration timeout) {
    }

    /**
     * @param dir               model store: a directory or {@code s3://bucket/prefix?endpoint=…} (docs/models.md)
     * @param predictors        DJL predictors in the pool (concurrent scoring calls)
     * @param device            {@code cpu} or {@code gpu} (needs the GPU natives, docs/gpu.md)
     * @param cacheDir          local folder for verified copies of versions; empty = the system temp folder
     * @param pollInterval      how often the registry is checked for a new production version; 0 = only at start
     * @param requireProduction serve only a version in stage production (else, without one, the newest version that
     *                          is not archived)
     */
    public record Model(@NotBlank String dir, @Min(1) @Max(256) int predictors,
                        @NotNull @Pattern(regexp = "cpu|gpu") String device, @NotNull String cacheDir,
                        @NotNull Duration pollInterval, boolean requireProduction) {
    }

    /**
     * @param defaultK           items returned when the request names no k
     * @param maxCandidates      candidates scored per request at most
     * @param perCategory        popular items taken from each recent category
     * @param recentCategories   how many of the user's most recent categories feed retrieval
     * @param popular            globally popular items added to every candidate set
     * @param popularityRefresh  how often the in-process popularity snapshot (the degraded-mode answer) refreshes
     */
    public record Ranking(@Min(1) @Max(200) int defaultK, @Min(1) @Max(1000) int maxCandidates,
                          @Min(0) int perCategory, @Min(0) @Max(50) int recentCategories, @Min(0) int popular,
                          @NotNull Duration popularityRefresh) {
    }

    /**
     * @param maxEvents   events per {@code POST /v1/events} request at most
     * @param maxBodyBytes request body size limit of {@code POST /v1/events}
     * @param maxFutureSkew events this far ahead of the server clock are rejected
     */
    public record Ingest(@Min(1) @Max(10_000) int maxEvents, @Min(1) int maxBodyBytes,
                         @NotNull Duration maxFutureSkew) {
    }
}
