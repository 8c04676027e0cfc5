package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.smartclinic.drivers.lab.LabCodeTable;
import org.smartclinic.drivers.lab.LabTest;

/**
 * Every UCUM unit a shipped lab code table writes into values is one this mapper accepts as itself and the UCUM
 * library validates; otherwise the analyzer's results would reach the journal and then dead-letter at upload.
 */
class LabCodeTableUnitsTest {

    private static final UcumUnits UNITS = UcumUnits.standard();

    static Stream<LabCodeTable> tables() {
        return Stream.concat(Stream.of("lp100", "hx3", "ch200", "us10").map(id -> LabCodeTable.load(LabCodeTable.class,
                "/org/smartclinic/drivers/instrument/lab/" + id + "/" + id + ".codes")),
                Stream.of(LabCodeTable.load(Path.of("..", "deploy", "lab", "example-lis2.codes"))));
    }

    @ParameterizedTest
    @MethodSource("tables")
    void everyUcumUnitOfTheTableIsAcceptedAsItself(LabCodeTable table) throws MappingException {
        List<LabTest> quantities = table.tests().stream().filter(t -> t.kind() == LabTest.Kind.QUANTITY).toList();
        assertThat(quantities).as(table.source()).isNotEmpty();
        for (LabTest test : quantities) {
            String ucum = test.ucumUnit();
            assertThat(UNITS.ucumCode(ucum)).as(table.source() + " " + test.code()).isEqualTo(ucum.isEmpty() ? "1" : ucum);
            assertThat(UNITS.isValid(ucum.isEmpty() ? "1" : ucum)).as(table.source() + " " + test.code()).isTrue();
        }
    }
}
