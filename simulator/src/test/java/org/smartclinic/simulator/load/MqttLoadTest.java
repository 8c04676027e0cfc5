package org.smartclinic.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.instrument.iot.vitalsjson.VitalsJsonDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.Outcome;

/** The load generator's messages, read by the real driver: every reading accepted, keys unique across messages. */
class MqttLoadTest {

    private static final OffsetDateTime TIME = OffsetDateTime.parse("2026-12-04T08:00:00Z");

    private final MessageDriver driver = (MessageDriver) new VitalsJsonDriverFactory()
            .create(DriverContext.of(MqttLoad.deviceId(3), ZoneOffset.UTC));

    private List<Reading> read(byte[] payload) {
        List<Outcome> outcomes = driver.onMessage(new InboundMessage("clinic/devices/load-3/vitals", payload,
                Instant.parse("2026-12-04T08:00:01Z"), Map.of()));
        assertThat(outcomes).as("nothing rejected").allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Accepted.class));
        return outcomes.stream().flatMap(o -> ((Outcome.Accepted) o).readings().stream()).toList();
    }

    @Test
    void singleMessages_oneReadingEach_keysUnique() {
        List<String> keys = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            keys.addAll(read(MqttLoad.payload(3, n, 1, TIME)).stream().map(Reading::key).toList());
        }
        assertThat(keys).containsExactly("load-3-1", "load-3-2", "load-3-3");
    }

    @Test
    void batches_everyReadingAccepted_keysContinueAcrossMessages() {
        List<Reading> first = read(MqttLoad.payload(3, 1, 250, TIME));
        List<Reading> second = read(MqttLoad.payload(3, 2, 250, TIME));
        assertThat(first).hasSize(250);
        assertThat(second).hasSize(250);
        assertThat(first.getLast().key()).isEqualTo("load-3-250");
        assertThat(second.getFirst().key()).isEqualTo("load-3-251");
        assertThat(second.getFirst().measurements().getFirst().codes()).anyMatch(c -> "8867-4".equals(c.code()));
    }

    @Test
    void readingsPerMessage_outsideOneTo500_refused() {
        assertThatThrownBy(() -> new MqttLoad("tcp://127.0.0.1:1", "p", 1, 1, 1, 501))
                .hasMessageContaining("1 to 500");
        assertThatThrownBy(() -> new MqttLoad("tcp://127.0.0.1:1", "p", 1, 1, 1, 0))
                .hasMessageContaining("1 to 500");
    }

    @Test
    void inflight_outsideThePacketIdRange_refused() {
        assertThatThrownBy(() -> new MqttLoad("tcp://127.0.0.1:1", "p", 1, 1, 0, 1)).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> new MqttLoad("tcp://127.0.0.1:1", "p", 1, 1, 65_536, 1))
                .hasMessageContaining("1 to 65535");
    }

    @Test
    void rate_negativeOrNotANumber_refused() {
        MqttLoad load = new MqttLoad("tcp://127.0.0.1:1", "p", 1, 1, 1, 1);
        assertThat(load.rate()).as("as fast as possible unless a rate is given").isZero();
        assertThatThrownBy(() -> load.withRate(-1)).hasMessageContaining("0 (as fast as possible) or more");
        assertThatThrownBy(() -> load.withRate(Double.NaN)).hasMessageContaining("or more");
        assertThatThrownBy(() -> load.withRate(Double.POSITIVE_INFINITY)).hasMessageContaining("or more");
        assertThat(load.withRate(250).rate()).isEqualTo(250);
    }

    @Test
    void pace_messagesFallDueAtEvenSteps_fromTheDevicesStart() {
        // 4 messages per second from t = 10 s: message n (from 0) is due at 10 s + n * 250 ms
        MqttLoad.Pace pace = new MqttLoad.Pace(10_000_000_000L, 4);
        assertThat(pace.dueBy(9_999_999_999L, 100)).as("before its start").isZero();
        assertThat(pace.dueBy(10_000_000_000L, 100)).as("the first at the start").isEqualTo(1);
        assertThat(pace.dueBy(10_249_999_999L, 100)).isEqualTo(1);
        assertThat(pace.dueBy(10_250_000_000L, 100)).isEqualTo(2);
        assertThat(pace.dueBy(11_000_000_000L, 100)).isEqualTo(5);
        assertThat(pace.dueBy(60_000_000_000L, 100)).as("never more than the device has").isEqualTo(100);
        assertThat(pace.waitFor(2, 10_100_000_000L)).as("message 2 at 10.5 s").isEqualTo(400_000_000L);
        assertThat(pace.waitFor(2, 10_600_000_000L)).as("overdue: now").isZero();
    }

    @Test
    void pace_none_everythingDueAtOnce() {
        assertThat(MqttLoad.Pace.NONE.dueBy(0, 42)).isEqualTo(42);
        assertThat(MqttLoad.Pace.NONE.waitFor(41, 0)).isZero();
    }
}
