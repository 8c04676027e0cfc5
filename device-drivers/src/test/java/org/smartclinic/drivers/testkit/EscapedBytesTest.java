package org.smartclinic.drivers.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.Printable;

class EscapedBytesTest {

    @Test
    void parse_printableOfEveryByte_givesTheByteBack() {
        for (int b = 0; b < 256; b++) {
            byte[] one = {(byte) b};

            assertThat(EscapedBytes.parse(Printable.of(one))).as("byte %02X", b).containsExactly(one);
        }
    }

    @Test
    void parse_unknownEscape_keptLiterally() {
        assertThat(EscapedBytes.parse("<x3C>CR> <XY> <x1>")).containsExactly("<CR> <XY> <x1>".getBytes());
    }

    @Test
    void parse_nonAsciiText_utf8Encoded() {
        assertThat(EscapedBytes.parse("caf\u00e9 \u0418")).containsExactly('c', 'a', 'f', 0xC3, 0xA9, ' ', 0xD0, 0x98);
    }

    @Test
    void parse_controlCharacter_rejected() {
        assertThatThrownBy(() -> EscapedBytes.parse("a\tb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<xHH>");
    }
}
