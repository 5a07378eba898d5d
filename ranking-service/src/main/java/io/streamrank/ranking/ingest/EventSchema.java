package io.streamrank.ranking.ingest;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * The wire shape of one event, for the OpenAPI document only: the controller reads its body itself with the
 * contract's {@code EventCodec} (to validate each event on its own), so springdoc cannot infer it.
 */
@Schema(name = "ClickEvent", description = "One shopper event; each is validated on its own")
record EventSchema(
        @Schema(description = "producer-chosen unique id, used for de-duplication", maxLength = 128,
                requiredMode = RequiredMode.REQUIRED) String eventId,
        @Schema(minimum = "1", requiredMode = RequiredMode.REQUIRED) long userId,
        @Schema(minimum = "1", requiredMode = RequiredMode.REQUIRED) long itemId,
        @Schema(description = "the item's category", minimum = "1", requiredMode = RequiredMode.REQUIRED)
        long categoryId,
        @Schema(allowableValues = {"impression", "click", "cart", "fav", "buy"}, requiredMode = RequiredMode.REQUIRED)
        String type,
        @Schema(description = "event time, Unix epoch milliseconds (from 2000 to at most "
                + "streamrank.ingest.max-future-skew ahead of the server clock)",
                requiredMode = RequiredMode.REQUIRED) long timestamp) {
}
