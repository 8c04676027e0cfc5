package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.smartclinic.drivers.spi.RejectReason;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Bytes to a JSON tree, strictly: at most {@link VitalsJsonPayload#MAX_BYTES} bytes (else OVERLONG), valid UTF-8
 * without a byte-order mark, exactly one JSON value (RFC 8259) with no property twice, no trailing content, no
 * {@code NaN} or {@code Infinity} (else MALFORMED). Numbers keep their digits ({@code 36.80} stays
 * {@code 36.80}). Detail texts give where it broke, never the offending text, which could be patient data.
 */
final class VitalsJsonReader {

    /** What came of the bytes. */
    sealed interface Result {
    }

    record Parsed(JsonNode json) implements Result {
    }

    record Invalid(RejectReason reason, String detail) implements Result {
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Checked by the tree as it stores a property (the map's answer), not by the parser: the parser's check
            // kept a set of names per object, a tenth of what a link thread allocated per reading at full ingest.
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private VitalsJsonReader() {
    }

    static Result read(byte[] payload) {
        return read(payload, VitalsJsonPayload.MAX_BYTES);
    }

    /** {@link #read(byte[])} of up to {@code limit} bytes (a batch may be longer than one message). */
    static Result read(byte[] payload, int limit) {
        if (payload.length > limit) {
            return overlong(payload.length, limit);
        }
        if (payload.length == 0) {
            return new Invalid(RejectReason.MALFORMED, "empty payload, expected a JSON object");
        }
        try {
            JsonNode json;
            if (ascii(payload)) {
                // ASCII, as instruments send, is UTF-8 as it is and has no byte-order mark: parsed from the bytes,
                // not decoded to text first (that copy was a tenth of what a link thread allocated at full ingest).
                json = MAPPER.readTree(payload);
            } else {
                CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
                ByteBuffer bytes = ByteBuffer.wrap(payload);
                String text;
                try {
                    text = utf8.decode(bytes).toString();
                } catch (CharacterCodingException e) {
                    return new Invalid(RejectReason.MALFORMED,
                            "not UTF-8: invalid byte sequence at byte " + bytes.position());
                }
                if (text.startsWith("\uFEFF")) {
                    return new Invalid(RejectReason.MALFORMED,
                            "starts with a byte-order mark, which JSON does not allow");
                }
                json = MAPPER.readTree(text);
            }
            return json == null || json.isMissingNode()
                    ? new Invalid(RejectReason.MALFORMED, "no JSON value in the payload, expected a JSON object")
                    : new Parsed(json);
        } catch (JsonProcessingException e) {
            return new Invalid(RejectReason.MALFORMED, notJson(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from memory", e);
        }
    }

    private static boolean ascii(byte[] payload) {
        for (byte b : payload) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    static Invalid overlong(int length, int limit) {
        return new Invalid(RejectReason.OVERLONG, "payload is " + length + " bytes, at most " + limit + " are read");
    }

    private static String notJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof JsonEOFException) {
            return "not JSON: it ends before the value is complete" + where;
        }
        if (message.startsWith("Duplicate field")) {
            return "not JSON: a property appears twice in one object" + where;
        }
        if (message.startsWith("Trailing token")) {
            return "not JSON: more content after the JSON value" + where;
        }
        return "not JSON" + where;
    }
}
