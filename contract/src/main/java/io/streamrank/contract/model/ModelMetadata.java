package io.streamrank.contract.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What is known about an exported model version; written as {@code metadata.json} beside the SavedModel.
 *
 * @param version         immutable version name, sortable by creation time (e.g. {@code v20261121-101500})
 * @param schemaVersion   {@link ModelSignature#SCHEMA_VERSION} the model was trained for
 * @param features        dense input column names, in order
 * @param createdAt       ISO-8601 instant of export
 * @param dataFrom        ISO-8601 instant of the first training event
 * @param dataTo          ISO-8601 instant of the last training event
 * @param trainingRows    number of (positive, negative) pairs trained on
 * @param hyperParameters trainer settings
 * @param metrics         training and validation figures (e.g. final loss, pairwise accuracy)
 * @param sources         the input files or streams the model was trained from
 * @param codeRevision    source revision of the trainer ({@code git} commit, {@code -dirty} if modified), or
 *                        {@code unknown}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(String version, int schemaVersion, List<String> features, String createdAt,
                            String dataFrom, String dataTo, long trainingRows, Map<String, Object> hyperParameters,
                            Map<String, Double> metrics, List<String> sources, String codeRevision) {

    public static final String FILE_NAME = "metadata.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        MAPPER.writeValue(file.toFile(), this);
    }

    public byte[] toJson() throws IOException {
        return MAPPER.writeValueAsBytes(this);
    }

    public static ModelMetadata read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), ModelMetadata.class);
    }

    public static ModelMetadata parse(byte[] json) throws IOException {
        return MAPPER.readValue(json, ModelMetadata.class);
    }
}
