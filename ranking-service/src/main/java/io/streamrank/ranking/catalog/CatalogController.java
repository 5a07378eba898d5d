package io.streamrank.ranking.catalog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.ranking.features.FeatureStoreUnavailableException;
import io.streamrank.ranking.web.ApiException;
import io.streamrank.ranking.web.ProblemType;
import io.streamrank.ranking.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/catalog/items}: bulk upsert (all items valid or none written) and lookup of one item. */
// No class-level @Validated: Spring MVC's own method validation then checks the path variable and names it as the
// client wrote it (`itemId`), where @Validated's proxy reported the Java method's `get.itemId`.
@RestController
class CatalogController {

    private final CatalogStore store;
    private final Counter upserted;

    CatalogController(CatalogStore store, MeterRegistry meters) {
        this.store = store;
        this.upserted = Counter.builder("streamrank.catalog.upserted").tag("source", "api")
                .description("Catalog items written").register(meters);
    }

    @Operation(summary = "Insert or replace catalog items (1 to 1,000 per call)")
    // produces: an Accept the answer cannot meet is refused before the write (Spring checks it while choosing the
    // handler), not with a 406 after the items were stored.
    @PutMapping(path = "/v1/catalog/items", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    UpsertResponse upsert(@Valid @RequestBody CatalogUpsertRequest body, HttpServletRequest request) {
        long now = System.currentTimeMillis();
        List<Map<String, String>> errors = new ArrayList<>();
        List<CatalogItem> items = new ArrayList<>(body.items().size());
        for (int i = 0; i < body.items().size(); i++) {
            CatalogItemRequest r = body.items().get(i);
            String problem = CatalogLimits.createdAtProblem(r.createdAt(), now);
            if (problem != null) {
                errors.add(Map.of("field", "items[" + i + "].createdAt", "message", problem));
            }
            String priceProblem = r.price() == null ? null : CatalogLimits.priceProblem(r.price());
            if (priceProblem != null) {
                errors.add(Map.of("field", "items[" + i + "].price", "message", priceProblem));
            }
            String titleProblem = r.title() == null ? null : CatalogLimits.titleProblem(r.title());
            if (titleProblem != null) {
                errors.add(Map.of("field", "items[" + i + "].title", "message", titleProblem));
            }
            if (problem == null && priceProblem == null && titleProblem == null) {
                items.add(r.toItem());
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "request body has invalid fields",
                    Map.of("errors", errors));
        }
        int written;
        try {
            written = store.upsert(items);
        } catch (FeatureStoreUnavailableException e) {
            throw new ApiException(ProblemType.CATALOG_UNAVAILABLE,
                    "the catalog store did not confirm the write in time; the request is safe to retry");
        }
        upserted.increment(written);
        return new UpsertResponse(RequestIds.of(request), written);
    }

    @Operation(summary = "One catalog item")
    @GetMapping(path = "/v1/catalog/items/{itemId}", produces = MediaType.APPLICATION_JSON_VALUE)
    CatalogItem get(@PathVariable @Positive long itemId) {
        try {
            return store.get(itemId).orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND,
                    "item " + itemId + " is not in the catalog"));
        } catch (FeatureStoreUnavailableException e) {
            throw new ApiException(ProblemType.CATALOG_UNAVAILABLE, "the catalog store did not answer in time");
        }
    }

    /**
     * @param requestId also sent as the {@code X-Request-Id} header
     * @param upserted  items written (an item id given more than once counts once: its last entry is written)
     */
    record UpsertResponse(String requestId, int upserted) {
    }
}
