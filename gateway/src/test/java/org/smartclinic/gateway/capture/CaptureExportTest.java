package org.smartclinic.gateway.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.gateway.journal.Captures;

class CaptureExportTest {

    private static Captures.Capture capture(String text) {
        byte[] bytes = text.replace("<ENQ>", "\u0005").replace("<STX>", "\u0002").replace("<ETX>", "\u0003")
                .replace("<EOT>", "\u0004").getBytes(StandardCharsets.ISO_8859_1);
        return new Captures.Capture(1, "lab-1", Captures.KIND_READING, Instant.EPOCH, bytes.length, null, bytes);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replace("\u0005", "<ENQ>").replace("\u0002", "<STX>")
                .replace("\u0003", "<ETX>").replace("\u0004", "<EOT>");
    }

    @Test
    void astmMessagesBecomeWholeTransmissionsAndOtherBytesStayAsStored() {
        List<Captures.Capture> captures = List.of(capture("<ENQ><STX>1H|\\^&<ETX>A1"),
                capture("<STX>3O|1<ETX>B2"), capture("$M,0042*73"), capture("<ENQ><STX>1L|1<ETX>C3<EOT>"));

        assertThat(text(CaptureExport.join(captures, CaptureExport.Framing.ASTM))).isEqualTo(
                "<ENQ><STX>1H|\\^&<ETX>A1<EOT><ENQ><STX>3O|1<ETX>B2<EOT>$M,0042*73<ENQ><STX>1L|1<ETX>C3<EOT>");
        assertThat(text(CaptureExport.join(captures, CaptureExport.Framing.AS_STORED))).isEqualTo(
                "<ENQ><STX>1H|\\^&<ETX>A1<STX>3O|1<ETX>B2$M,0042*73<ENQ><STX>1L|1<ETX>C3<EOT>");
    }

    @Test
    void onlyAnStxFollowedByAFrameNumberCountsAsAstm() {
        assertThat(CaptureExport.isAstm(capture("<STX>8x").bytes())).isFalse();
        assertThat(CaptureExport.isAstm(capture("<STX>").bytes())).isFalse();
        assertThat(CaptureExport.isAstm(capture("<ENQ>").bytes())).isFalse();
        assertThat(CaptureExport.isAstm(new byte[0])).isFalse();
        assertThat(CaptureExport.isAstm(capture("<ENQ><STX>0").bytes())).isTrue();
        assertThat(CaptureExport.isAstm(capture("<STX>7").bytes())).isTrue();
    }
}
