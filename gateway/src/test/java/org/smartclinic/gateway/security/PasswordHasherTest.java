package org.smartclinic.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(10_000);

    @Test
    void aHashVerifiesItsPasswordOnly_andIsSaltedEachTime() {
        String h = hasher.hash("correct horse".toCharArray());
        assertThat(h).startsWith("pbkdf2-sha256$10000$");
        assertThat(hasher.verify("correct horse".toCharArray(), h)).isTrue();
        assertThat(hasher.verify("correct hors".toCharArray(), h)).isFalse();
        assertThat(hasher.verify("".toCharArray(), h)).isFalse();
        assertThat(hasher.hash("correct horse".toCharArray())).isNotEqualTo(h);
    }

    @Test
    void malformedStoredHashes_neverMatch() {
        for (String stored : new String[] {null, "", "plain", "pbkdf2-sha256$x$y$z", "md5$1$a$b",
                "pbkdf2-sha256$10000$!!!$???"}) {
            assertThat(hasher.verify("pw".toCharArray(), stored)).as(String.valueOf(stored)).isFalse();
        }
    }

    @Test
    void aHashWithFewerIterationsThanConfigured_isOutdated_butStillVerifies() {
        String old = new PasswordHasher(10_000).hash("pw".toCharArray());
        PasswordHasher stronger = new PasswordHasher(20_000);
        assertThat(stronger.outdated(old)).isTrue();
        assertThat(stronger.verify("pw".toCharArray(), old)).isTrue();
        assertThat(stronger.outdated(stronger.hash("pw".toCharArray()))).isFalse();
    }

    @Test
    void tooFewIterations_areRefused() {
        assertThatThrownBy(() -> new PasswordHasher(1000)).hasMessageContaining("password-iterations");
    }
}
