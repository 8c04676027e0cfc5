package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * A JSON Schema (draft 2020-12) of the driver: {@code smartclinic.vitals/1}, the resource {@value #RESOURCE} next to
 * this class ({@link #load}), or the envelope of a batch, {@code smartclinic.vitals-batch/1} in
 * {@value #BATCH_RESOURCE} ({@link #loadBatch}); compiled once with the networknt validator, {@code format}
 * asserted, paths as JSON paths ({@code $.results[0].unit}). Thread-safe: one instance serves every driver of a
 * factory.
 */
public final class VitalsJsonSchema {

    /** The schema resource, next to this class. */
    public static final String RESOURCE = "vitals-v1.schema.json";
    /** The schema of a batch's envelope, next to this class. */
    public static final String BATCH_RESOURCE = "vitals-batch-v1.schema.json";
    /** Longest violation text kept in a rejection's detail. */
    static final int MAX_DETAIL = 300;

    private final JsonSchema schema;
    private final Predicate<JsonNode> surelyValid;

    private VitalsJsonSchema(JsonSchema schema, Predicate<JsonNode> surelyValid) {
        this.schema = schema;
        this.surelyValid = surelyValid;
    }

    /**
     * Loads and compiles the schema.
     *
     * @throws IllegalStateException if the resource is missing or is not a valid schema (a packaging error)
     */
    public static VitalsJsonSchema load() {
        return load(RESOURCE, VitalsJsonShape::surelyMessage);
    }

    /** Loads and compiles the schema of a batch's envelope (its elements are checked with {@link #load}'s). */
    public static VitalsJsonSchema loadBatch() {
        return load(BATCH_RESOURCE, VitalsJsonShape::surelyBatch);
    }

    private static VitalsJsonSchema load(String resource, Predicate<JsonNode> surelyValid) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH).build();
        try (InputStream in = VitalsJsonSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing next to " + VitalsJsonSchema.class.getName());
            }
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            schema.initializeValidators();
            return new VitalsJsonSchema(schema, surelyValid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * The first violation of {@code json}, as the validator's message (it starts with the JSON path, e.g.
     * {@code $.results[0].unit: does not have a value in the enumeration ["Cel", "[degF]"]}) followed by how many
     * more there are; empty when it is valid. The validator's messages name paths, keywords and the schema's own
     * values, never the instance's values, so no patient data gets into the text. The usual shape is recognised
     * without the validator ({@link VitalsJsonShape}): it took a third of a device link's CPU.
     */
    public Optional<String> firstViolation(JsonNode json) {
        return surelyValid.test(json) ? Optional.empty() : byValidator(json);
    }

    /** {@link #firstViolation} as the general validator finds it, without the quick path. */
    Optional<String> byValidator(JsonNode json) {
        Set<ValidationMessage> messages = schema.validate(json);
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        String first = messages.iterator().next().getMessage();
        String more = messages.size() == 1 ? "" : " (and " + (messages.size() - 1) + " more)";
        String text = first.length() > MAX_DETAIL ? first.substring(0, MAX_DETAIL) + "..." : first;
        return Optional.of(text + more);
    }
}
