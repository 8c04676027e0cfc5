package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import org.junit.jupiter.api.Test;

class FhirContextsTest {

    @Test
    void r4_calledFromManyThreads_givesOneR4Context() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<FhirContext>> calls = IntStream.range(0, 32).<Callable<FhirContext>>mapToObj(i -> FhirContexts::r4).toList();
            List<Future<FhirContext>> contexts = pool.invokeAll(calls);
            for (Future<FhirContext> context : contexts) {
                assertThat(context.get()).isSameAs(FhirContexts.r4());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(FhirContexts.r4().getVersion().getVersion()).isEqualTo(FhirVersionEnum.R4);
    }

    @Test
    void r4_automaticContainment_isOff() {
        assertThat(FhirContexts.r4().getParserOptions().isAutoContainReferenceTargetsWithNoId()).isFalse();
        assertThat(FhirContext.forR4().getParserOptions().isAutoContainReferenceTargetsWithNoId())
                .as("HAPI's default, which GoldenFiles compares with").isTrue();
    }

    @Test
    void warmUp_thenR4_knowsTheMappedResourceTypes() {
        FhirContexts.warmUp();

        assertThat(FhirContexts.r4().getResourceTypes()).contains("Bundle", "Observation", "Patient", "Encounter",
                "Device",
                "DiagnosticReport", "AuditEvent");
    }
}
