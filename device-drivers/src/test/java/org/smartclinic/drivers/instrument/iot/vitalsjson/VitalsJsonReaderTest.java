package org.smartclinic.drivers.instrument.iot.vitalsjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * The reader's two ways in: ASCII payloads are parsed from their bytes, anything else is first decoded strictly as
 * UTF-8. Both must give the same tree and the same rejections.
 */
class VitalsJsonReaderTest {

    private static VitalsJsonReader.Result read(String json) {
        return VitalsJsonReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nonAsciiText_sameTreeAsItsAsciiEscape() {
        VitalsJsonReader.Result plain = read("{\"note\":\"Ильин, café\",\"value\":36.80}");
        VitalsJsonReader.Result escaped = read("{\"note\":\"\\u0418\\u043b\\u044c\\u0438\\u043d, caf\\u00e9\","
                + "\"value\":36.80}");

        assertThat(plain).isInstanceOf(VitalsJsonReader.Parsed.class);
        assertThat(((VitalsJsonReader.Parsed) plain).json()).isEqualTo(((VitalsJsonReader.Parsed) escaped).json());
        assertThat(((VitalsJsonReader.Parsed) plain).json().get("value").decimalValue()).hasToString("36.80");
    }

    @Test
    void propertyTwice_rejectedTheSameWithOrWithoutNonAsciiText() {
        VitalsJsonReader.Result ascii = read("{\"a\":\"x\",\"a\":\"y\"}");
        VitalsJsonReader.Result utf8 = read("{\"a\":\"é\",\"a\":\"y\"}");

        assertThat(ascii).isEqualTo(new VitalsJsonReader.Invalid(RejectReason.MALFORMED,
                "not JSON: a property appears twice in one object (line 1, column 14)"));
        assertThat(utf8).isEqualTo(new VitalsJsonReader.Invalid(RejectReason.MALFORMED,
                "not JSON: a property appears twice in one object (line 1, column 14)"));
    }

    @Test
    void byteOrderMark_rejected() {
        byte[] json = "\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(VitalsJsonReader.read(json)).isEqualTo(new VitalsJsonReader.Invalid(RejectReason.MALFORMED,
                "starts with a byte-order mark, which JSON does not allow"));
    }

    @Test
    void trailingContentAndNaN_rejectedFromTheBytes() {
        assertThat(read("{\"a\":1} {}")).isInstanceOfSatisfying(VitalsJsonReader.Invalid.class,
                i -> assertThat(i.detail()).startsWith("not JSON: more content after the JSON value"));
        assertThat(read("{\"a\":NaN}")).isInstanceOfSatisfying(VitalsJsonReader.Invalid.class,
                i -> assertThat(i.detail()).startsWith("not JSON"));
        assertThat(read("   ")).isEqualTo(new VitalsJsonReader.Invalid(RejectReason.MALFORMED,
                "no JSON value in the payload, expected a JSON object"));
    }
}
