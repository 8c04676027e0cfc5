package org.smartclinic.gateway.it;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The EHR contract against the full HAPI FHIR JPA server, in its own JVM (see docs/ehr-jpa-server.md). */
class JpaEhrContractIT extends EhrContract {

    private JpaEhr jpa;

    @Override
    String startEhr(Path workDir) throws Exception {
        jpa = JpaEhr.start(workDir);
        return jpa.baseUrl();
    }

    @Override
    void stopEhr() {
        if (jpa != null) {
            jpa.close();
        }
    }
}
