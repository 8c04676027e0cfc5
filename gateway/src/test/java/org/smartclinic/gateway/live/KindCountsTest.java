package org.smartclinic.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The benchmark viewer's counting: each event once, by its own kind, not by a kind inside its data. */
class KindCountsTest {

    private final KindCounts counts = new KindCounts();

    private void add(String message) {
        byte[] bytes = (message + "trailing bytes of a reused buffer").getBytes(StandardCharsets.UTF_8);
        counts.add(bytes, message.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void add_batchAndControlFrames_eachEventCountedOnceByItsKind() {
        add("{\"kind\":\"hello\",\"seq\":0,\"replayed\":0,\"complete\":true}");
        add("[{\"seq\":1,\"kind\":\"reading\",\"data\":{\"kind\":\"waveform\",\"values\":[]}},"
                + "{\"seq\":2,\"kind\":\"waveform\",\"data\":{}},{\"seq\":3,\"kind\":\"reading\",\"data\":{}}]");
        add("{\"seq\":4,\"kind\":\"something-new\",\"data\":1}");

        assertThat(counts.get("hello")).isEqualTo(1);
        assertThat(counts.get("reading")).isEqualTo(2);
        assertThat(counts.get("waveform")).as("not the one inside a reading's data").isEqualTo(1);
        assertThat(counts.get("something-new")).isEqualTo(1);
        assertThat(counts.get("end")).isZero();
    }
}
