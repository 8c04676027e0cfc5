package org.smartclinic.drivers.instrument.iot.vitalsjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.spi.TransportKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The driver's descriptor, its payload writer and the agreement between the schema and the driver's ranges. */
class VitalsJsonDriverTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void descriptor_asRegistered_mqttOnlyNoQuietTimeNoOptions() {
        DeviceDriverFactory factory = DeviceDriverFactory.find("vitals-json").orElseThrow();
        DriverDescriptor d = factory.descriptor();
        assertThat(d.displayName()).isEqualTo("IoT vitals device (MQTT JSON, smartclinic.vitals/1)");
        assertThat(d.family()).isEqualTo("vitals");
        assertThat(d.transports()).containsExactly(TransportKind.MQTT);
        assertThat(d.quietTime()).isEqualTo(Duration.ZERO);
        assertThat(d.options()).isEmpty();
        assertThat(factory.create(DriverContext.of("iot-1", ZoneOffset.UTC))).isInstanceOf(MessageDriver.class);
    }

    @Test
    void create_withAnOption_isRefusedNamingIt() {
        DeviceDriverFactory factory = new VitalsJsonDriverFactory();
        assertThatThrownBy(() -> factory.create(new DriverContext("iot-1", ZoneOffset.UTC, Map.of("strict", "true"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strict").hasMessageContaining("none");
    }

    @Test
    void payloadBuilder_everyField_decodesToTheSameValues() {
        byte[] payload = VitalsJsonPayload.builder("abc-1", OffsetDateTime.parse("2026-11-23T10:15:00+03:00"))
                .result("temp", "36.80", "Cel")
                .bloodPressure("118", "76", null, "mm[Hg]")
                .sampleId("S-9").patientId("P-1").status("measuring", "cuff inflating")
                .toBytes();

        List<Outcome> outcomes = driver().onMessage(message(payload));

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0)).isInstanceOfSatisfying(Outcome.StatusReport.class,
                s -> assertThat(s.status().text()).isEqualTo("cuff inflating"));
        Reading r = ((Outcome.Accepted) outcomes.get(1)).readings().get(0);
        assertThat(r.key()).isEqualTo("abc-1");
        assertThat(r.deviceTime()).isEqualTo(Instant.parse("2026-11-23T07:15:00Z"));
        assertThat(r.sampleId()).isEqualTo("S-9");
        assertThat(r.devicePatientId()).isEqualTo("P-1");
        assertThat(r.measurements().get(0).value()).isEqualTo(new Value.Quantity(new BigDecimal("36.80"), "Cel"));
        assertThat(r.measurements().get(1).components()).extracting(m -> m.deviceCode().code())
                .containsExactly("sys", "dia");
    }

    @Test
    void payloadBuilder_extraProperty_isOutOfSchemaWithoutItsValue() {
        byte[] payload = VitalsJsonPayload.builder("abc-2", OffsetDateTime.now(ZoneOffset.UTC))
                .result("pulse", "61", "/min").property("serial", "SN-0042").toBytes();

        Outcome outcome = driver().onMessage(message(payload)).get(0);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.OUT_OF_SCHEMA);
            assertThat(r.detail()).contains("'serial'").doesNotContain("SN-0042");
        });
    }

    @Test
    void schemaUnits_everyCode_areTheUnitsTheDriverHasRangesFor() throws IOException {
        JsonNode schema;
        try (InputStream in = VitalsJsonSchema.class.getResourceAsStream(VitalsJsonSchema.RESOURCE)) {
            schema = new ObjectMapper().readTree(in);
        }
        JsonNode defs = schema.get("$defs");
        for (VitalsJsonCode code : VitalsJsonCode.values()) {
            JsonNode units = switch (code) {
                case BP -> null;
                case SYS, DIA, MAP -> defs.at("/component/properties/unit/enum");
                default -> defs.at("/units-" + code.code + "/then/properties/unit/enum");
            };
            if (units != null) {
                assertThat(texts(units)).as("units of %s", code.code).isEqualTo(new TreeSet<>(code.ranges.keySet()));
            }
        }
        assertThat(texts(defs.at("/result/properties/code/enum"))).isEqualTo(codes(false));
        assertThat(texts(defs.at("/component/properties/code/enum"))).isEqualTo(codes(true));
    }

    private static Set<String> codes(boolean components) {
        Set<String> codes = new TreeSet<>();
        for (VitalsJsonCode c : VitalsJsonCode.values()) {
            boolean isComponent = c == VitalsJsonCode.SYS || c == VitalsJsonCode.DIA || c == VitalsJsonCode.MAP;
            if (isComponent == components) {
                codes.add(c.code);
            }
        }
        return codes;
    }

    private static Set<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        assertThat(list).as("a JSON array in the schema").isNotEmpty();
        return new TreeSet<>(list);
    }

    private static MessageDriver driver() {
        return (MessageDriver) new VitalsJsonDriverFactory().create(DriverContext.of("iot-1", ZoneOffset.UTC));
    }

    private static InboundMessage message(byte[] payload) {
        return new InboundMessage("clinic/devices/iot-1/vitals", payload, NOW, Map.of());
    }
}
