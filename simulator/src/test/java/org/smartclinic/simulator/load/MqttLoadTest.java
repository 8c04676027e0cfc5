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
}
