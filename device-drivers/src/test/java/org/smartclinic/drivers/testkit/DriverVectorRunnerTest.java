package org.smartclinic.drivers.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The runner must never accept a vector it cannot check: these prove it fails when it should. */
class DriverVectorRunnerTest {

    private static final String HEARTBEAT = "in: $S,0046,20261123101900,READY*38<CR><LF>\n";
    private static final String HEARTBEAT_OUT = """
            out: status READY
            out: accepted ack=<ACK> nak=<NAK>
              frame: [$S,0046,20261123101900,READY*38<CR><LF>]
            """;

    private final DriverVectorRunner runner = new DriverVectorRunner("bpm200");

    @Test
    void check_vectorWithoutExpectations_failsPrintingWhatItDecoded() {
        DriverVector vector = DriverVector.parse("new.vec", "# a new scenario\n" + HEARTBEAT);

        assertThatThrownBy(() -> runner.check(vector)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("new.vec has no expectations")
                .hasMessageContaining(HEARTBEAT_OUT.strip());
    }

    @Test
    void check_wrongExpectation_fails() {
        DriverVector vector = DriverVector.parse("wrong.vec", HEARTBEAT + HEARTBEAT_OUT.replace("<NAK>", "none"));

        assertThatThrownBy(() -> runner.check(vector)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("wrong.vec, fed whole");
    }

    @Test
    void check_matchingExpectationWithAnyIndentation_passes() {
        DriverVector vector = DriverVector.parse("good.vec", HEARTBEAT + HEARTBEAT_OUT.replace("  frame", "\tframe"));

        assertThatCode(() -> runner.check(vector)).doesNotThrowAnyException();
    }

    @Test
    void parse_settingsAndSeveralInputLines_collected() {
        DriverVector vector = DriverVector.parse("v.vec",
                "zone: Asia/Kolkata\noption: accept-lone-lf = true\nin: <x20>a\nin: b<CR><x20>\n");

        assertThat(vector.zone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(vector.options()).containsEntry("accept-lone-lf", "true");
        assertThat(vector.input()).containsExactly(' ', 'a', 'b', '\r', ' ');
        assertThat(vector.expected()).isEmpty();
    }

    @Test
    void parse_unknownLine_failsNamingIt() {
        assertThatThrownBy(() -> DriverVector.parse("v.vec", HEARTBEAT + "expect: something\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("v.vec line 2:");
    }

    @Test
    void parse_continuationBeforeAnyOut_fails() {
        assertThatThrownBy(() -> DriverVector.parse("v.vec", HEARTBEAT + "  frame: [x]\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside an 'out:' block");
    }

    @Test
    void parse_noInput_fails() {
        assertThatThrownBy(() -> DriverVector.parse("v.vec", "# nothing\n")).isInstanceOf(
                IllegalArgumentException.class).hasMessage("v.vec: no 'in:' or 'message' line");
    }

    @Test
    void parse_timerWaitAndHostLines_collectedAtTheirInputOffsets() {
        DriverVector vector = DriverVector.parse("v.vec", "in: ab\ntimer: t1\nwait:\nin: c\n"
                + "host: 4711000010 patient=P-1 family=Doe birth=1980-01-31 sex=F tests=A,B\n");

        assertThat(vector.timers()).containsExactly(new DriverVector.Timer(2, "t1"), new DriverVector.Timer(2, ""));
        assertThat(vector.hostQueries().find("4711000010")).hasValueSatisfying(o -> {
            assertThat(o.patientId()).isEqualTo("P-1");
            assertThat(o.given()).isNull();
            assertThat(o.tests()).containsExactly("A", "B");
        });
        assertThat(vector.hostQueries().find("1")).isEmpty();
    }

    @Test
    void parse_timerWithoutName_fails() {
        assertThatThrownBy(() -> DriverVector.parse("v.vec", HEARTBEAT + "timer:\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'timer:' needs the timer's name");
    }

    @Test
    void check_timerNeverArmed_rendersNotArmed() {
        DriverVector vector = DriverVector.parse("t.vec", HEARTBEAT + "timer: nothing\n");

        assertThatThrownBy(() -> runner.check(vector)).hasMessageContaining("out: timer nothing not armed");
    }
}
