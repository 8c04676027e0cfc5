package org.smartclinic.fhir.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

class TableFileTest {

    private static List<TableFile.Row> parse(String text, int min, int max) throws IOException {
        return TableFile.parse("t.txt", new BufferedReader(new StringReader(text)), min, max);
    }

    @Test
    void parse_commentsBlanksAndPadding_giveTrimmedColumns() throws IOException {
        List<TableFile.Row> rows = parse("# header\n\n  mmHg  |  mm[Hg] \n°C|Cel\n", 2, 2);

        assertThat(rows).extracting(TableFile.Row::columns)
                .containsExactly(List.of("mmHg", "mm[Hg]"), List.of("°C", "Cel"));
        assertThat(rows.get(0).where()).isEqualTo("t.txt:3");
    }

    @Test
    void parse_omittedTrailingColumns_readAsEmpty() throws IOException {
        TableFile.Row row = parse("8480-6 | mm[Hg] | ", 2, 6).get(0);

        assertThat(row.column(1)).isEqualTo("mm[Hg]");
        assertThat(row.column(2)).isEmpty();
        assertThat(row.column(5)).isEmpty();
    }

    @Test
    void parse_tooFewColumns_failsNamingLine() {
        assertThatThrownBy(() -> parse("a | b\nmmHg\n", 2, 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("t.txt:2").hasMessageContaining("mmHg");
    }

    @Test
    void read_missingResource_failsNamingIt() {
        assertThatThrownBy(() -> TableFile.read(TableFileTest.class, "no-such-table.txt", 1, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-table.txt");
    }
}
