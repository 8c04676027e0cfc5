package org.smartclinic.drivers.codec.astm.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.ACK;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.ENQ;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.EOT;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.concat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.Printable;

/** The sender's lower-case checksum option (a US-10 quirk, for its twin) and who accepts it. */
class AstmLowerCaseChecksumTest {

    private static final List<String> SHORT = List.of("H|\\^&", "L|1|N");

    @Test
    void send_lowerCaseChecksum_framesWithLowerCaseHexThatOnlyALenientReceiverTakes() {
        AstmSender us10 = new AstmSender(AstmSenderOptions.of(AstmRole.INSTRUMENT).withLowerCaseChecksum(true));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<AstmSenderEvent> events = new ArrayList<>(us10.send(SHORT));
        for (int i = 0; i < 3; i++) {
            events.addAll(us10.receive(ACK, 0, 1));
        }
        events.stream().filter(AstmSenderEvent.Send.class::isInstance)
                .forEach(e -> wire.writeBytes(((AstmSenderEvent.Send) e).bytes()));

        byte[] header = AstmFrame.split(SHORT).get(0).encode(true);
        assertThat(Printable.of(header)).isEqualTo("<STX>1H|\\^&<CR><ETX>e5<CR><LF>");
        assertThat(wire.toByteArray()).isEqualTo(concat(ENQ, header, AstmFrame.split(SHORT).get(1).encode(true),
                EOT));
        ReceiverHarness lenient = new ReceiverHarness(AstmReceiverOptions.DEFAULT
                .withLeniency(AstmLeniency.STRICT.withLowerCaseChecksum(true)));
        lenient.feed(wire.toByteArray());
        assertThat(lenient.stored).singleElement().extracting(AstmReceiverEvent.MessageReceived::records)
                .isEqualTo(SHORT);
        ReceiverHarness strict = new ReceiverHarness();
        strict.feed(wire.toByteArray());
        assertThat(strict.stored).isEmpty();
    }

    @Test
    void options_defaultUpperCase_withersKeepTheSetting() {
        AstmSenderOptions std = AstmSenderOptions.of(AstmRole.HOST);

        assertThat(std.lowerCaseChecksum()).isFalse();
        assertThat(std.withLowerCaseChecksum(true).withMaxAttempts(3).withTimers(AstmTimers.LIS1_A)
                .withFraming(AstmFrame.Layout.PACKED, 240).lowerCaseChecksum()).isTrue();
    }
}
