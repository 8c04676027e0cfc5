package org.smartclinic.gateway.faults;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.it.JpaEhr;

/** The fault suites against the full HAPI FHIR JPA server, one child JVM shared by the whole class. */
class JpaFaultsIT extends FaultSuite {

    @TempDir
    static Path jpaDir;

    private static JpaEhr jpa;

    @BeforeAll
    static void startJpa() {
        jpa = JpaEhr.start(jpaDir);
    }

    @AfterAll
    static void stopJpa() {
        if (jpa != null) {
            jpa.close();
        }
    }

    @Override
    String ehrBaseUrl() {
        return jpa.baseUrl();
    }
}
