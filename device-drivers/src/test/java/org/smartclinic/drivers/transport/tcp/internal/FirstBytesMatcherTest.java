package org.smartclinic.drivers.transport.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.transport.tcp.Identification;
import org.smartclinic.drivers.transport.tcp.LineIdFactory;
import org.smartclinic.drivers.transport.tcp.UnknownConnection.Reason;

/** The identification decision on every prefix of a first message, as the bytes may arrive split anywhere. */
class FirstBytesMatcherTest {

    private static final DeviceDriverFactory IDS = new LineIdFactory();

    private final FirstBytesMatcher matcher = new FirstBytesMatcher(
            List.of(new FirstBytesMatcher.HelloRule("bp-3", ascii("SCGW:bp-3\r\n"))),
            List.of(new FirstBytesMatcher.SerialRule("lab-43", "SN-43", IDS)));

    @Test
    void check_helloSplitAtEveryByte_needsMoreUntilWholeThenConsumesIt() {
        byte[] bytes = ascii("SCGW:bp-3\r\n$M");

        for (int length = 0; length < 11; length++) {
            assertThat(matcher.check(bytes, length)).as("length %d", length)
                    .isEqualTo(FirstBytesMatcher.NeedMore.INSTANCE);
        }
        for (int length = 11; length <= bytes.length; length++) {
            assertThat(matcher.check(bytes, length))
                    .isEqualTo(new FirstBytesMatcher.Device("bp-3", Identification.Kind.HELLO, 11));
        }
    }

    @Test
    void check_serialSplitAtEveryByte_needsMoreUntilTheLineEndsThenKeepsAllBytes() {
        byte[] bytes = ascii("ID:SN-43\nR");

        for (int length = 1; length < 9; length++) {
            assertThat(matcher.check(bytes, length)).as("length %d", length)
                    .isEqualTo(FirstBytesMatcher.NeedMore.INSTANCE);
        }
        assertThat(matcher.check(bytes, 9))
                .isEqualTo(new FirstBytesMatcher.Device("lab-43", Identification.Kind.SERIAL_NUMBER, 0));
        assertThat(matcher.check(bytes, 10))
                .isEqualTo(new FirstBytesMatcher.Device("lab-43", Identification.Kind.SERIAL_NUMBER, 0));
    }

    @Test
    void check_neitherHelloNorIdLine_unknownAtTheFirstTellingByte() {
        assertThat(matcher.check(ascii("SCGX"), 4)).isEqualTo(new FirstBytesMatcher.Unknown(Reason.NOT_RECOGNISED,
                "sent no hello and its first message names no registered serial number"));
        assertThat(matcher.check(ascii("ID:SN-44\n"), 9)).isInstanceOfSatisfying(FirstBytesMatcher.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(Reason.UNREGISTERED_SERIAL));
    }

    @Test
    void check_driverThrows_takenAsNotSaidAndThePortGoesOn() {
        FirstBytesMatcher withBadDriver = new FirstBytesMatcher(List.of(),
                List.of(new FirstBytesMatcher.SerialRule("x", "1", new Throwing())));

        assertThat(withBadDriver.check(ascii("anything"), 8)).isInstanceOfSatisfying(FirstBytesMatcher.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(Reason.NOT_RECOGNISED));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A driver whose identify is broken. */
    private static final class Throwing implements DeviceDriverFactory {
        @Override
        public DriverDescriptor descriptor() {
            return IDS.descriptor();
        }

        @Override
        public DeviceDriver create(DriverContext context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Identification identify(byte[] firstBytes, int length) {
            throw new IllegalStateException("broken");
        }
    }
}
