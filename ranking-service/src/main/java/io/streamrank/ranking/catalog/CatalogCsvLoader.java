package io.streamrank.ranking.catalog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.features.FeatureStoreUnavailableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads {@code streamrank.catalog.csv} into the catalog at start-up, before the service reports ready. Bad rows are
 * logged with their line numbers and counted; the good ones are written in batches of 1,000 as the file is read
 * (a repeated item id: the last row wins). If Redis is down the service still starts (degraded answers need no
 * catalog) and says so in the log.
 */
@Component
// Before the start-up warm-up (LOWEST_PRECEDENCE), which must rank against the loaded catalog (ADR 53): with the same
// order the two ran in no defined order.
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class CatalogCsvLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CatalogCsvLoader.class);
    private static final int BATCH = 1000;

    private final CatalogStore store;
    private final String csv;
    private final Counter upserted;
    private final Counter rejected;

    CatalogCsvLoader(CatalogStore store, RankingProperties properties, MeterRegistry meters) {
        this.store = store;
        this.csv = properties.catalog().csv();
        this.upserted = Counter.builder("streamrank.catalog.upserted").tag("source", "csv")
                .description("Catalog items written").register(meters);
        this.rejected = Counter.builder("streamrank.catalog.rejected").tag("source", "csv")
                .description("Catalog rows refused as invalid").register(meters);
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (csv.isBlank()) {
            return;
        }
        Path file = Path.of(csv);
        int[] written = {0};
        CatalogCsv.Result result;
        try (BufferedReader in = CatalogCsv.open(file)) {
            result = CatalogCsv.parse(in, System.currentTimeMillis(), BATCH, batch -> {
                int n = store.upsert(batch);
                written[0] += n;
                upserted.increment(n);
            });
        } catch (FeatureStoreUnavailableException e) {
            log.error("catalog CSV {}: Redis unavailable after {} items; load it again with PUT /v1/catalog/items or "
                    + "a restart", file, written[0]);
            return;
        }
        rejected.increment(result.rejected());
        result.errors().forEach(e -> log.warn("catalog CSV {}: {}", file, e));
        if (result.rejected() > result.errors().size()) {
            log.warn("catalog CSV {}: {} more bad rows not shown", file, result.rejected() - result.errors().size());
        }
        log.info("catalog CSV {}: {} items written, {} rows refused", file, written[0], result.rejected());
    }
}
