package org.smartclinic.drivers.lab.astm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.codec.astm.link.AstmFrame;
import org.smartclinic.drivers.lab.LabSetting;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DeviceDriverFactory.Identification;
import org.smartclinic.drivers.spi.DriverChannel;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.drivers.spi.HostOrder;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;

class AstmDriverTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final List<String> CRP = List.of("H|\\^&|||LP-100^2.1.0^SN-1|||||||P|LIS2-A2|20261123101500",
            "P|1|PAT-1", "O|1|4711000010||^^^CRP|R", "R|1|^^^CRP|12|mg/L|<5|H||F", "L|1|N");

    @Test
    void storeFailed_analyzerRepeatsLastFrame_messageCompletesAgainWithSameKey() {
        Recorder channel = new Recorder();
        StreamDriver driver = driver("lp100", channel);
        List<byte[]> frames = AstmFrame.split(CRP).stream().map(AstmFrame::encode).toList();
        feed(driver, new byte[] {0x05});
        for (int i = 0; i < frames.size() - 1; i++) {
            feed(driver, frames.get(i));
        }
        Outcome.Accepted first = message(feed(driver, frames.getLast()));
        assertThat(first.ack()).containsExactly(0x06);
        driver.storeFailed(first, "disk full");
        Outcome.Accepted again = message(feed(driver, frames.getLast()));
        driver.stored(again);
        assertThat(again.readings().getFirst().key()).isEqualTo(first.readings().getFirst().key());
        assertThat(feed(driver, new byte[] {0x04})).isEmpty();
    }

    @Test
    void hostQuery_patientDataOnlyOnTheWire_neverInLogsOrOutcomes() {
        List<String> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage() + " " + List.of(r.getParameters() == null ? new Object[0]
                        : r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("org.smartclinic.drivers.lab.astm");
        logger.addHandler(handler);
        try {
            Recorder channel = new Recorder();
            StreamDriver driver = driver("lp100", channel);
            List<String> query = List.of(CRP.getFirst(), "Q|1|^4711000010||^^^ALL||||||||O", "L|1|N");
            List<Outcome> outcomes = new ArrayList<>(feed(driver, transmission(query)));
            outcomes.addAll(feed(driver, new byte[] {0x06}));
            outcomes.addAll(feed(driver, new byte[] {0x06}));
            for (int i = 0; i < 6; i++) {
                outcomes.addAll(feed(driver, new byte[] {0x15}));
            }
            String wire = channel.text();
            assertThat(wire).contains("Doe^Jane", "19800131", "|F");
            String visible = logged + outcomes.toString();
            assertThat(visible).doesNotContain("Doe", "Jane", "19800131");
            assertThat(logged).anyMatch(l -> l.contains("not delivered"));
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void receiveTimer_armedThroughChannel_firingRejectsTheIncompleteTransmission() {
        Recorder channel = new Recorder();
        StreamDriver driver = driver("lp100", channel);
        feed(driver, new byte[] {0x05});
        assertThat(channel.armed).containsKey("astm.receiver.frame");
        assertThat(channel.armed.get("astm.receiver.frame")).isEqualTo(Duration.ofSeconds(30));
        List<Outcome> out = driver.onTimer("astm.receiver.frame", NOW);
        assertThat(out).singleElement().isInstanceOfSatisfying(Outcome.Rejected.class,
                r -> assertThat(r.detail()).startsWith("transmission incomplete (timeout)"));
    }

    @Test
    void timerOption_overridesTheStandardsValue() {
        Recorder channel = new Recorder();
        StreamDriver driver = (StreamDriver) DeviceDriverFactory.find("hx3").orElseThrow().create(
                new DriverContext("d", ZoneOffset.UTC, Map.of("receive-timeout", "5s")));
        driver.bind(channel);
        feed(driver, new byte[] {0x05});
        assertThat(channel.armed.get("astm.receiver.frame")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void descriptors_declareEveryLeniencyAndTimer_genericAlsoTheCodeTable() {
        for (String id : List.of("lp100", "hx3", "ch200", "us10", "astm-lis2")) {
            List<String> names = DeviceDriverFactory.find(id).orElseThrow().descriptor().options().stream()
                    .map(DriverOption::name).toList();
            for (LabSetting s : LabSetting.values()) {
                assertThat(names).contains(s.key());
            }
            assertThat(names).contains("receive-timeout", "reply-timeout", "enquiry-retry", "host-backoff");
            assertThat(names.contains("code-table")).isEqualTo(id.equals("astm-lis2"));
        }
    }

    @Test
    void generic_withoutOrWithBadCodeTable_refusesToStartNamingFileAndLine(@TempDir Path dir) throws Exception {
        DeviceDriverFactory generic = DeviceDriverFactory.find("astm-lis2").orElseThrow();
        assertThatThrownBy(() -> generic.create(DriverContext.of("d", ZoneOffset.UTC)))
                .hasMessageContaining("option code-table is required");
        Path bad = dir.resolve("bad.codes");
        Files.writeString(bad, "[tests]\nGLU | 14749-5 | Glucose | mmol/L | mmol/L | quantity\n");
        assertThatThrownBy(() -> generic.create(new DriverContext("d", ZoneOffset.UTC,
                Map.of("code-table", bad.toString())))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad + " line 2: '14749-5' is not a LOINC code with a valid check digit");
        assertThatThrownBy(() -> generic.create(new DriverContext("d", ZoneOffset.UTC,
                Map.of("code-table", "../deploy/lab/example-lis2.codes", "trim-values", "yes"))))
                .hasMessage("astm-lis2: option trim-values must be true or false, got 'yes'");
    }

    @Test
    void identify_firstFrameHeader_givesSerialNumber() {
        DeviceDriverFactory ch200 = DeviceDriverFactory.find("ch200").orElseThrow();
        byte[] first = transmission(CRP);
        assertThat(ch200.identify(first, first.length)).isEqualTo(new Identification.SerialNumber("SN-1"));
        assertThat(ch200.identify(first, 10)).isEqualTo(Identification.NeedMore.INSTANCE);
        assertThat(ch200.identify(new byte[400], 400)).isEqualTo(Identification.NotSaid.INSTANCE);
        assertThat(ch200.identify(null, 3)).isEqualTo(Identification.NotSaid.INSTANCE);
    }

    @Test
    void latin1_approximatesWhatFramesCannotCarry() {
        assertThat(AstmHostAnswer.latin1("Őry Łukasz Müller")).isEqualTo("Ory ?ukasz Müller");
    }

    private static StreamDriver driver(String id, Recorder channel) {
        HostOrder order = new HostOrder("4711000010", "P-1001", "Doe", "Jane", LocalDate.of(1980, 1, 31), "F",
                List.of("CRP"));
        StreamDriver driver = (StreamDriver) DeviceDriverFactory.find(id).orElseThrow().create(new DriverContext(
                "dev-1", ZoneOffset.UTC, Map.of(), s -> s.equals(order.sampleId()) ? Optional.of(order)
                        : Optional.empty()));
        driver.bind(channel);
        return driver;
    }

    private static List<Outcome> feed(StreamDriver driver, byte[] bytes) {
        return driver.decode(bytes, 0, bytes.length, NOW);
    }

    private static Outcome.Accepted message(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o instanceof Outcome.Accepted a && !a.readings().isEmpty())
                .map(Outcome.Accepted.class::cast).findFirst().orElseThrow();
    }

    private static byte[] transmission(List<String> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x05);
        out.writeBytes(AstmFrame.encodeAll(AstmFrame.split(records)));
        out.write(0x04);
        return out.toByteArray();
    }

    /** Records sends and armed timers. */
    private static final class Recorder implements DriverChannel {
        private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        private final Map<String, Duration> armed = new HashMap<>();

        @Override
        public boolean send(byte[] bytes) {
            sent.writeBytes(bytes);
            return true;
        }

        @Override
        public void schedule(String name, Duration delay) {
            armed.put(name, delay);
        }

        @Override
        public void cancel(String name) {
            armed.remove(name);
        }

        @Override
        public Instant now() {
            return NOW;
        }

        String text() {
            return sent.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
