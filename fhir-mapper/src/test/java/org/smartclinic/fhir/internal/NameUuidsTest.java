package org.smartclinic.fhir.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class NameUuidsTest {

    @Test
    void v5_rfc9562TestVector_matches() {
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        assertThat(NameUuids.v5(dns, "www.example.com"))
                .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }

    @Test
    void urnForIdentifier_sameIdentifier_sameVersion5Urn() {
        String urn = NameUuids.urnForIdentifier("urn:smartclinic:id/exam", "gw-demo-01/exam-0007");

        assertThat(urn).isEqualTo(NameUuids.urnForIdentifier("urn:smartclinic:id/exam", "gw-demo-01/exam-0007"))
                .startsWith("urn:uuid:");
        UUID uuid = UUID.fromString(urn.substring("urn:uuid:".length()));
        assertThat(uuid.version()).isEqualTo(5);
        assertThat(uuid.variant()).isEqualTo(2);
    }

    @Test
    void urnForIdentifier_systemAndValueSplitDifferently_differ() {
        assertThat(NameUuids.urnForIdentifier("a", "b|c")).isNotEqualTo(NameUuids.urnForIdentifier("a|b", "c"))
                .isNotEqualTo(NameUuids.urnForIdentifier("a", "b|d"));
    }

    @Test
    void urnForResourceId_sameTypeAndId_sameUrnAndNeverAnIdentifiersUrn() {
        String urn = NameUuids.urnForResourceId("AuditEvent", "binding-0042");

        assertThat(urn).isEqualTo(NameUuids.urnForResourceId("AuditEvent", "binding-0042")).startsWith("urn:uuid:")
                .isNotEqualTo(NameUuids.urnForResourceId("AuditEvent", "binding-0043"))
                .isNotEqualTo(NameUuids.urnForIdentifier("AuditEvent", "binding-0042"));
        assertThat(UUID.fromString(urn.substring("urn:uuid:".length())).version()).isEqualTo(5);
    }
}
