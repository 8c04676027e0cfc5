package org.smartclinic.simulator.device.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.codec.astm.link.AstmLeniency;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverOptions;
import org.smartclinic.drivers.codec.astm.link.AstmRejectReason;
import org.smartclinic.drivers.codec.astm.link.AstmTimers;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;
import org.smartclinic.simulator.device.lab.astm.AstmCapture;
import org.smartclinic.simulator.device.lab.astm.AstmCaptureReplay;
import org.smartclinic.simulator.device.lab.astm.AstmDelivery;
import org.smartclinic.simulator.device.lab.astm.AstmLineFaults;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * The serial analyzer twins on a real pseudo-terminal, the gateway's end played by the real ASTM receiver (and
 * sender, for query answers) over the real serial transport: each model's messages arrive exactly once, intact,
 * through every line fault the twins inject and through NAKs the host answers.
 */
class LabTwinIT {

    static final AstmTimers FAST = new AstmTimers(Duration.ofMillis(700), Duration.ofMillis(700),
            Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(100));
    static final String SAMPLE = "1234567897";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("twin-lp100") || n.startsWith("twin-hx3") || n.startsWith("twin-us10")
                        || n.startsWith("twin-replay"));
    }

    @Test
    void hx3_deliversItsMessageExactlyOnce() throws Exception {
        LabTwin twin = twin(LabTwin.builder(LabModel.HX3, pty("hx1")));
        AstmHost host = host(twin, AstmLeniency.STRICT, null);

        LabReport report = twin.measure(SAMPLE).get(20, TimeUnit.SECONDS);

        assertThat(report.delivered()).isTrue();
        assertThat(host.stored).containsExactly(report.results().get(0).records());
        assertThat(host.stored.get(0)).hasSize(25).anyMatch(r -> r.equals("C|1|I|WBC abnormal scattergram|I"));
        assertThat(host.rejected).isEmpty();
        assertThat(twin.instrument().stats().framesWritten()).isEqualTo(25);
    }

    @Test
    void us10_lowerCaseChecksums_storedByALenientReceiver() throws Exception {
        LabTwin twin = twin(LabTwin.builder(LabModel.US10, pty("us1")));
        AstmHost host = host(twin, AstmLeniency.STRICT.withLowerCaseChecksum(true), null);

        LabReport report = twin.measure(SAMPLE).get(20, TimeUnit.SECONDS);

        assertThat(host.stored).containsExactly(report.results().get(0).records());
        assertThat(host.stored.get(0).get(3)).matches("R\\|1\\|\\^\\^\\^GLU\\| {0,5}\\S+\\|\\|neg\\|A?\\|\\|F\\|\\|\\|\\|\\d{14}");
        String wire = new String(host.wire(), StandardCharsets.ISO_8859_1);
        assertThat(wire).containsPattern("\u0003[0-9a-f]{2}\r\n").doesNotContainPattern("\u0003[0-9A-F]*[A-F]");
    }

    @Test
    void lp100_hostQueryRoundTrip_twinReportsThePatientAndPrintsItInTheResults() throws Exception {
        LabTwin twin = twin(LabTwin.builder(LabModel.LP100, pty("lp1")).cartridge("lipid"));
        AstmHost host = host(twin, AstmLeniency.STRICT, LabTwinIT::answer);

        LabReport report = twin.measure(SAMPLE).get(20, TimeUnit.SECONDS);

        assertThat(report.patient(SAMPLE)).hasValueSatisfying(p -> {
            assertThat(p.patientId()).isEqualTo("PID-4711");
            assertThat(p.displayName()).isEqualTo("Doe, Jane");
        });
        AstmDelivery query = report.queries().get(0);
        assertThat(query.answered()).isTrue();
        assertThat(host.stored).hasSize(2);
        assertThat(host.stored.get(0)).containsExactlyElementsOf(query.records())
                .contains("Q|1|^1234567897||^^^ALL||||||||O");
        assertThat(host.stored.get(1)).containsExactlyElementsOf(report.results().get(0).records())
                .contains("P|1|PID-4711|||Doe^Jane").anyMatch(r -> r.startsWith("R|5|^^^TC/HDL|"));
        assertThat(twin.instrument().received()).containsExactly(answer(query.records()));
    }

    @Test
    void lp100_noAnswerInTime_resultsSentWithoutPatient() throws Exception {
        LabTwin twin = twin(LabTwin.builder(LabModel.LP100, pty("lp2")).cartridge("crp")
                .answerTimeout(Duration.ofMillis(300)));
        AstmHost host = host(twin, AstmLeniency.STRICT, null);

        LabReport report = twin.measure(SAMPLE).get(20, TimeUnit.SECONDS);

        assertThat(report.queries().get(0).answered()).isFalse();
        assertThat(report.patients()).isEmpty();
        assertThat(host.stored.get(1)).contains("P|1").anyMatch(r -> r.startsWith("R|1|^^^CRP|"));
    }

    @Test
    void badChecksumOnFrame3_receiverNaks_frameSentAgain_storedOnce() throws Exception {
        LabTwin twin = twin(LabTwin.builder(LabModel.HX3, pty("hx2"))
                .faults(AstmLineFaults.NONE.withBadChecksumOn(3)));
        AstmHost host = host(twin, AstmLeniency.STRICT, null);

        AstmDelivery d = twin.measure(SAMPLE).get(20, TimeUnit.SECONDS).results().get(0);

        assertThat(host.rejected).singleElement().extracting(AstmReceiverEvent.Rejected::reason)
                .isEqualTo(AstmRejectReason.BAD_CHECKSUM);
        assertThat(host.stored).containsExactly(d.records());
        assertThat(d.retransmissions()).isEqualTo(1);
        assertThat(d.attempts()).isEqualTo(1);
    }

    @Test
    void hostNaksFrame2AndTheTerminatorFrame_eachSentAgain_storedOnce() throws Exception {
        LabTwin twin = twin(LabTwin.builder(LabModel.LP100, pty("lp3")).hostQuery(false));
        AstmHost host = host(twin, AstmLeniency.STRICT, null).nakFrames(2, 7);

        AstmDelivery d = twin.measure(SAMPLE).get(20, TimeUnit.SECONDS).results().get(0);

        assertThat(d.records()).hasSize(6);
        assertThat(d.retransmissions()).isEqualTo(2);
        await().atMost(WAIT).until(() -> host.stored.size() == 1);
        assertThat(host.stored).containsExactly(d.records());
    }

    @Test
    void eotMidMessage_transmissionCut_messageSentAgainFromEnq_storedOnce() throws Exception {
        LabTwin twin = twin(LabTwin.builder(LabModel.US10, pty("us2"))
                .faults(AstmLineFaults.NONE.withEotBefore(4)));
        AstmHost host = host(twin, AstmLeniency.STRICT.withLowerCaseChecksum(true), null);

        AstmDelivery d = twin.measure(SAMPLE).get(20, TimeUnit.SECONDS).results().get(0);

        assertThat(d.delivered()).isTrue();
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(host.unterminated).singleElement().isEqualTo(d.records().subList(0, 3));
        assertThat(host.stored).containsExactly(d.records());
        assertThat(twin.instrument().lineFaults().count(AstmLineFaults.Injected.EOT_MID_MESSAGE)).isEqualTo(1);
    }

    @Test
    void garbageBetweenFrames_reportedAsNoise_messageIntact() throws Exception {
        LabTwin twin = twin(LabTwin.builder(LabModel.HX3, pty("hx3")).faults(AstmLineFaults.NONE
                .withGarbageBefore(5, 12)));
        AstmHost host = host(twin, AstmLeniency.STRICT, null);

        AstmDelivery d = twin.measure(SAMPLE).get(20, TimeUnit.SECONDS).results().get(0);

        assertThat(host.rejected).singleElement().extracting(AstmReceiverEvent.Rejected::reason)
                .isEqualTo(AstmRejectReason.NOISE);
        assertThat(host.stored).containsExactly(d.records());
        assertThat(d.retransmissions()).isZero();
    }

    @Test
    void delayPastTheReceiveTimeout_hostGivesUp_twinGivesUpThenSendsAgain_storedOnce() throws Exception {
        LabTwin twin = twin(LabTwin.builder(LabModel.LP100, pty("lp4")).hostQuery(false)
                .faults(AstmLineFaults.NONE.withDelayBefore(3, Duration.ofMillis(1200))));
        AstmHost host = host(twin, AstmLeniency.STRICT, null);

        AstmDelivery d = twin.measure(SAMPLE).get(30, TimeUnit.SECONDS).results().get(0);

        assertThat(host.incomplete).singleElement().extracting(AstmReceiverEvent.TransmissionIncomplete::cause)
                .isEqualTo(AstmReceiverEvent.IncompleteCause.TIMEOUT);
        assertThat(d.delivered()).isTrue();
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(host.stored).containsExactly(d.records());
    }

    @Test
    void replayOfThePrintableSampleCapture_onAPty_bothMessagesStored_aNakedFrameSentAgain() throws Exception {
        AstmCapture capture = AstmCapture.read(Path.of(getClass().getResource("/astm/lp100-ch200.txt").toURI()));
        AstmCaptureReplay replay = new AstmCaptureReplay(capture, FAST, 6, r -> { });
        Twin twin = Twin.start("replay-pty", pty("replay1"), replay);
        open.add(twin);
        AstmHost host = new AstmHost(AstmReceiverOptions.DEFAULT.withTimers(FAST), null).nakFrames(9);
        open.add(host);
        host.open(new SerialTransport(SerialSettings.eightNoneOne(9600).withPath(dir.resolve("replay1").toString())));

        await().atMost(WAIT).until(() -> replay.results().size() == 2);

        assertThat(replay.results()).extracting(AstmCaptureReplay.Result::delivered).containsExactly(true, true);
        assertThat(replay.results()).extracting(AstmCaptureReplay.Result::retransmissions).containsExactly(0, 1);
        assertThat(host.stored).hasSize(2);
        assertThat(host.stored.get(1).get(0)).startsWith("H|\\^&|||CH-200^3.1.0^CH2-00058|");
        assertThat(host.stored.get(1).get(3)).hasSizeGreaterThan(240);
    }

    /** The host's answer to a query: the patient and an order for the sample asked about. */
    static List<String> answer(List<String> query) {
        String sample = query.get(1).split("\\|")[2].substring(1);
        return List.of("H|\\^&|||SmartClinic^Gateway^1.0|||||||P|LIS2-A2|20261203101600", "P|1|PID-4711|||Doe^Jane",
                "O|1|" + sample + "||^^^LIPID|R||||||N||||||||||||||Q", "L|1|N");
    }

    private LabTwin twin(LabTwin.Builder builder) throws Exception {
        LabTwin twin = builder.timers(FAST).seed(7).start();
        open.add(twin);
        return twin;
    }

    private AstmHost host(LabTwin twin, AstmLeniency leniency, Function<List<String>, List<String>> answerer)
            throws Exception {
        AstmHost host = new AstmHost(AstmReceiverOptions.DEFAULT.withLeniency(leniency).withTimers(FAST), answerer);
        open.add(host);
        return host.open(new SerialTransport(SerialSettings.eightNoneOne(9600)
                .withPath(twin.instrument().link().toString())));
    }

    private TwinPlug pty(String name) {
        return TwinPlug.pty(dir.resolve(name));
    }
}
