package org.smartclinic.simulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.instrument.lab.el30.El30Protocol;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;
import org.smartclinic.simulator.device.lab.el30.El30Twin;

/** EL-30 twin -> real pty -> SerialTransport -> DeviceLink -> the real el30 driver -> an in-memory journal. */
class El30TwinIT {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    @TempDir
    Path dir;

    private final LinkRecorder recorder = new LinkRecorder();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("twin-el30-"));
    }

    @Test
    void scriptedSamples_eachAckedOnceStoredWithExactValuesFlagsAndKeys() throws Exception {
        El30Twin twin = twin(b -> b.script(List.of(
                El30Twin.Sample.electrolytes("1234567897", new BigDecimal("141.2"), new BigDecimal("4.1"),
                        new BigDecimal("101.0")),
                El30Twin.Sample.electrolytes("2345678904", new BigDecimal("131.0"), new BigDecimal("5.8"),
                        new BigDecimal("97.5")),
                El30Twin.Sample.electrolytes(null, new BigDecimal("139.9"), new BigDecimal("3.6"),
                        new BigDecimal("104.2")))));
        MemorySink sink = new MemorySink(0);
        DeviceLink link = link(twin, sink);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(twin.stats()).isEqualTo(new El30Twin.Stats(3, 3, 0, 0, 0, 0, 3));
        assertThat(recorder.rejected).isEmpty();
        assertThat(sink.readings()).extracting(El30TwinIT::stored).containsExactlyInAnyOrder(
                "1234567897 Na=141.2 K=4.1 Cl=101.0 interpretations=NNN",
                "2345678904 Na=131.0 L K=5.8 H Cl=97.5 L interpretations=LHL",
                "- Na=139.9 K=3.6 Cl=104.2 interpretations=NNN");
        assertThat(sink.readings()).extracting(Reading::key).containsExactlyInAnyOrderElementsOf(
                twin.sent().stream().map(El30TwinIT::expectedKey).toList());
        assertThat(sink.readings()).allSatisfy(r -> {
            assertThat(r.deviceTime()).isIn(twin.sent().stream().map(s -> s.deviceTime().atZone(ZONE).toInstant())
                    .toList());
            assertThat(r.measurements().getFirst().code(Code.LOINC)).map(Code::code).contains("2951-2");
        });
        assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
    }

    @Test
    void badChecksumOnSecond_gatewayNaksTwinResendsAndAllThreeStoredOnce() throws Exception {
        El30Twin twin = twin(b -> b.count(3).sampleIds(List.of("1234567897")).values(new BigDecimal("140.0"),
                new BigDecimal("4.0"), new BigDecimal("100.0")).badChecksumOn(2).seed(5));
        MemorySink sink = new MemorySink(0);
        DeviceLink link = link(twin, sink);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(recorder.rejections(RejectReason.BAD_CHECKSUM)).isEqualTo(1);
        assertThat(recorder.rejected).hasSize(1);
        assertThat(twin.stats()).isEqualTo(new El30Twin.Stats(3, 3, 1, 0, 1, 0, 4));
        assertThat(sink.size()).isEqualTo(3);
        assertThat(sink.readings()).extracting(El30TwinIT::stored)
                .containsOnly("1234567897 Na=140.0 K=4.0 Cl=100.0 interpretations=NNN");
        assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
    }

    @Test
    void storeFailsFirst_gatewayNaksTwinResendsAndTheReadingIsStoredOnce() throws Exception {
        El30Twin twin = twin(b -> b.count(2).sampleIds(List.of("1234567897", "2345678904")).seed(3));
        MemorySink sink = new MemorySink(1);
        link(twin, sink);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(recorder.storeFailures).hasSize(1);
        assertThat(twin.stats().nakked()).isEqualTo(1);
        assertThat(twin.stats().acked()).isEqualTo(2);
        assertThat(sink.size()).isEqualTo(2);
        assertThat(sink.readings()).extracting(Reading::sampleId).containsExactlyInAnyOrder("1234567897",
                "2345678904");
    }

    @Test
    void garbageBeforeEverySecondReport_noiseCountedNotAnsweredAndAllStored() throws Exception {
        El30Twin twin = twin(b -> b.count(4).garbageEvery(2).seed(11));
        MemorySink sink = new MemorySink(0);
        link(twin, sink);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(recorder.rejections(RejectReason.NOISE)).as("bursts before #2 and #4").isEqualTo(2);
        assertThat(recorder.rejected).hasSize(2);
        assertThat(twin.stats().nakked()).as("noise is not answered").isZero();
        assertThat(sink.size()).isEqualTo(4);
    }

    @Test
    void noAnswer_sameReportResentAfterEachTimeoutThreeTimesThenGivenUp() throws Exception {
        El30Twin twin = twin(b -> b.count(1).sampleIds(List.of("1234567897")).ackTimeout(Duration.ofMillis(150)));
        SerialTransportIT.Recorder silentGateway = new SerialTransportIT.Recorder();
        SerialTransport transport = new SerialTransport(SerialSettings.eightNoneOne(9600)
                .withPath(twin.link().toString()));
        toClose.add(transport);
        transport.open(silentGateway);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(twin.stats()).isEqualTo(new El30Twin.Stats(1, 0, 0, 4, 3, 1, 4));
        byte[] report = El30Protocol.report(twin.sent().getFirst().lines());
        await().atMost(WAIT).until(() -> silentGateway.bytes().length >= 4 * report.length);
        byte[] received = silentGateway.bytes();
        for (int i = 0; i < 4; i++) {
            assertThat(Arrays.copyOfRange(received, i * report.length, (i + 1) * report.length))
                    .as("transmission %d", i + 1).isEqualTo(report);
        }
    }

    private El30Twin twin(UnaryOperator<El30Twin.Builder> settings) throws IOException {
        El30Twin twin = settings.apply(El30Twin.builder(dir.resolve("el30")).deviceZone(ZONE)
                .interval(Duration.ofMillis(20)).ackTimeout(Duration.ofSeconds(2))).start();
        toClose.add(twin);
        return twin;
    }

    private DeviceLink link(El30Twin twin, MemorySink sink) {
        StreamDriver driver = (StreamDriver) DeviceDriverFactory.find("el30").orElseThrow()
                .create(DriverContext.of("el30-1", ZONE));
        DeviceLink link = new DeviceLink("el30-1", () -> new SerialTransport(SerialSettings.eightNoneOne(9600)
                .withPath(twin.link().toString())), driver, sink, recorder,
                new LinkSettings(Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(1)));
        toClose.add(link);
        link.start();
        return link;
    }

    /** {@code <sample or -> Na=v [flag] K=... Cl=... interpretations=<codes>}. */
    private static String stored(Reading r) {
        StringBuilder out = new StringBuilder(r.sampleId() == null ? "-" : r.sampleId());
        StringBuilder interpretations = new StringBuilder();
        for (Measurement m : r.measurements()) {
            Value.Quantity q = (Value.Quantity) m.value();
            out.append(' ').append(m.deviceCode().code()).append('=').append(q.value().toPlainString());
            m.lab().deviceFlags().forEach(f -> out.append(' ').append(f));
            m.lab().interpretations().forEach(c -> interpretations.append(c.code()));
        }
        return out.append(" interpretations=").append(interpretations).toString();
    }

    private static String expectedKey(El30Twin.SentReport s) {
        return KEY_TIME.format(s.deviceTime()) + "#" + (s.sample().sampleId() == null ? "-" : s.sample().sampleId())
                + "#30A1234";
    }
}
