package org.smartclinic.gateway.invite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invite tokens: signed claims, refused when tampered with, expired, revoked, or for another exam. */
class InviteTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant EXPIRES = NOW.plusSeconds(7200);

    private final byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final InviteTokens tokens = new InviteTokens(key);

    private static Invites.Invite invite(String examId, Instant expires, Instant revokedAt) {
        return new Invites.Invite("inv-1", examId, "Dr. Ivanova", NOW, "gp", expires, revokedAt,
                revokedAt == null ? null : "gp", revokedAt == null ? null : "sent to the wrong person");
    }

    private String refusal(String token, Invites.Invite invite, Instant at) {
        return InviteService.refusal(tokens.verify(token), Optional.ofNullable(invite), at);
    }

    @Test
    void verify_signedToken_givesBackItsClaims() {
        String token = tokens.sign("inv-1", "exam-7", EXPIRES);

        assertThat(tokens.verify(token)).contains(new InviteTokens.Claims("inv-1", "exam-7", EXPIRES));
        assertThat(token).matches("[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+");
        assertThat(refusal(token, invite("exam-7", EXPIRES, null), NOW)).isNull();
    }

    @Test
    void verify_everyFlippedCharacter_isRefused() {
        String token = tokens.sign("inv-1", "exam-7", EXPIRES);
        for (int i = 0; i < token.length(); i++) {
            char[] tampered = token.toCharArray();
            tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
            String t = new String(tampered);
            if (!t.equals(token)) {
                assertThat(tokens.verify(t)).as("flipped at %d: %s", i, t).isEmpty();
            }
        }
    }

    @Test
    void verify_payloadChangedToAnotherExamWithTheOldSignature_isRefused() {
        String token = tokens.sign("inv-1", "exam-7", EXPIRES);
        String mac = token.substring(token.indexOf('.') + 1);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(("v1|inv-1|exam-8|"
                + EXPIRES.getEpochSecond()).getBytes(StandardCharsets.US_ASCII)) + "." + mac;

        assertThat(tokens.verify(forged)).isEmpty();
        assertThat(refusal(forged, invite("exam-7", EXPIRES, null), NOW)).isEqualTo("bad-signature");
    }

    @Test
    void verify_otherKey_truncatedOrLongerMac_garbage_areRefused() {
        String token = tokens.sign("inv-1", "exam-7", EXPIRES);
        byte[] other = key.clone();
        other[0] ^= 1;

        assertThat(new InviteTokens(other).verify(token)).isEmpty();
        assertThat(tokens.verify(token.substring(0, token.length() - 1))).isEmpty();
        assertThat(tokens.verify(token + "A")).isEmpty();
        assertThat(tokens.verify(token.substring(0, token.indexOf('.')))).isEmpty();
        assertThat(tokens.verify("..")).isEmpty();
        assertThat(tokens.verify("not a token")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.verify("A".repeat(600) + "." + "B".repeat(43))).isEmpty();
    }

    /**
     * The constant-time path: a MAC wrong only in its last byte and one wrong in its first byte take the same branch
     * (the whole-array comparison of {@link java.security.MessageDigest#isEqual}) and are both refused; timing
     * itself is not asserted (no timed assertions), the single comparison is what makes it constant.
     */
    @Test
    void verify_macWrongInFirstOrLastByteOnly_bothRefusedByTheWholeComparison() {
        String token = tokens.sign("inv-1", "exam-7", EXPIRES);
        int dot = token.indexOf('.');
        byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        for (int index : new int[] {0, mac.length - 1}) {
            byte[] wrong = Arrays.copyOf(mac, mac.length);
            wrong[index] ^= 0x01;
            assertThat(tokens.verify(token.substring(0, dot + 1)
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(wrong))).as("byte %d", index).isEmpty();
        }
    }

    @Test
    void refusal_afterExpiry_expired_evenIfTheInviteWereLonger() {
        String token = tokens.sign("inv-1", "exam-7", EXPIRES);

        assertThat(refusal(token, invite("exam-7", EXPIRES, null), EXPIRES.minusSeconds(1))).isNull();
        assertThat(refusal(token, invite("exam-7", EXPIRES, null), EXPIRES)).isEqualTo("expired");
        assertThat(refusal(token, invite("exam-7", EXPIRES.plusSeconds(60), null), NOW)).isEqualTo("wrong-exam");
    }

    @Test
    void refusal_revoked_isSaidBeforeExpired() {
        String token = tokens.sign("inv-1", "exam-7", EXPIRES);

        assertThat(refusal(token, invite("exam-7", EXPIRES, NOW.plusSeconds(5)), NOW.plusSeconds(10)))
                .isEqualTo("revoked");
        assertThat(refusal(token, invite("exam-7", EXPIRES, NOW.plusSeconds(5)), EXPIRES.plusSeconds(10)))
                .isEqualTo("revoked");
    }

    @Test
    void refusal_validTokenWhoseInviteIsForAnotherExam_wrongExam() {
        String token = tokens.sign("inv-1", "exam-8", EXPIRES);

        assertThat(refusal(token, invite("exam-7", EXPIRES, null), NOW)).isEqualTo("wrong-exam");
    }

    @Test
    void refusal_validTokenButNoSuchInvite_badSignature() {
        assertThat(refusal(tokens.sign("inv-1", "exam-7", EXPIRES), null, NOW)).isEqualTo("bad-signature");
    }

    @Test
    void constructorAndSign_badKeyOrIds_areRefused() {
        assertThatThrownBy(() -> new InviteTokens(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.sign("inv|1", "exam-7", EXPIRES)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keys_generatedOnceIntoTheDataDir_ownerOnly_andKept(@TempDir Path dir) throws Exception {
        byte[] first = InviteKeys.load(Optional.empty(), dir);
        byte[] second = InviteKeys.load(Optional.empty(), dir);

        assertThat(first).hasSize(32).isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("invite-key"))))
                .isEqualTo("rw-------");
        assertThat(InviteKeys.load(Optional.of(Base64.getEncoder().encodeToString(key)), dir)).isEqualTo(key);
        assertThatThrownBy(() -> InviteKeys.load(Optional.of("c2hvcnQ="), dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32");
    }
}
