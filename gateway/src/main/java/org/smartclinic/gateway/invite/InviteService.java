package org.smartclinic.gateway.invite;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.journal.JournalDatabase;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * Makes, lists and revokes invites, and decides every use of a link: the token's signature, then the invite it
 * names (exists? same exam? revoked? expired?). Each decision, granted or refused, is recorded with its audit
 * before the caller acts on it. Live sessions hear of a revocation at once ({@link #onRevoke}).
 */
@ApplicationScoped
public class InviteService {

    private static final Logger LOG = Logger.getLogger(InviteService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The outcome of presenting a token. */
    public sealed interface Verdict {
    }

    /** Access granted to {@code exam} through {@code invite}. */
    public record Granted(Invites.Invite invite, Exam exam) implements Verdict {
    }

    /**
     * Access refused; {@code reason} is {@code expired}, {@code revoked}, {@code bad-signature} or
     * {@code wrong-exam}; {@code invite} is the invite named, when there is one.
     */
    public record Refused(String reason, Invites.Invite invite) implements Verdict {

        /** Expired and revoked links are gone for good (HTTP 410); anything else is as if it never existed (404). */
        public boolean gone() {
            return "expired".equals(reason) || "revoked".equals(reason);
        }
    }

    @Inject
    InviteConfig config;

    @Inject
    GatewayConfig gateway;

    @Inject
    JournalDatabase db;

    @Inject
    ExamRecords exams;

    @Inject
    Uplink uplink;

    @Inject
    Clock clock;

    private InviteTokens tokens;
    private Invites invites;
    private final List<Consumer<Invites.Invite>> revocationListeners = new CopyOnWriteArrayList<>();

    @PostConstruct
    void init() {
        tokens = new InviteTokens(InviteKeys.load(config.key(), gateway.dataDir()));
        invites = new Invites(db);
    }

    public InviteConfig config() {
        return config;
    }

    public Invites store() {
        return invites;
    }

    public Instant now() {
        return clock.instant();
    }

    /** A new invite to {@code exam}, valid for {@code validity} (already checked against the configured bounds). */
    public Invites.Invite create(Exam exam, String label, Duration validity, String by) {
        Instant now = clock.instant();
        Instant expires = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        byte[] id = new byte[10];
        RANDOM.nextBytes(id);
        return invites.create(new Invites.Invite("inv-" + HexFormat.of().formatHex(id), exam.id(), label, now, by,
                expires, null, null, null)).join();
    }

    /** The link token of {@code invite}: the same each time, so the GP can copy it again. */
    public String token(Invites.Invite invite) {
        return tokens.sign(invite.id(), invite.examId(), invite.expiresAt());
    }

    /** Revokes the invite and ends its live sessions; empty if there is no such invite. */
    public Optional<Invites.Invite> revoke(String inviteId, String by, String reason) {
        Optional<Invites.Invite> revoked = invites.revoke(inviteId, by, reason, clock.instant()).join();
        revoked.ifPresent(i -> revocationListeners.forEach(l -> l.accept(i)));
        return revoked;
    }

    /** Calls {@code listener} with each invite revoked from now on; returns what stops it. */
    public Runnable onRevoke(Consumer<Invites.Invite> listener) {
        revocationListeners.add(listener);
        return () -> revocationListeners.remove(listener);
    }

    /**
     * Decides a use of {@code token} through {@code access} ({@code page}, {@code data}, {@code live}) from
     * {@code address}, and records it with its audit.
     */
    public Verdict check(String token, String access, String address) {
        Verdict verdict = decide(token);
        Invites.Invite invite = switch (verdict) {
            case Granted g -> g.invite();
            case Refused r -> r.invite();
        };
        String refusal = verdict instanceof Refused r ? r.reason() : null;
        invites.record(invite == null ? null : invite.id(), invite == null ? null : invite.examId(), clock.instant(),
                access, refusal, address).join();
        uplink.signal();
        if (refusal != null) {
            // The reason and the invite id only: the label names a person outside the clinic.
            LOG.infof("invite link refused (%s, %s): %s", access, refusal, invite == null ? "no invite" : invite.id());
        }
        return verdict;
    }

    /** The invite as it is now, for live sessions that check it again while they run. */
    public Optional<Invites.Invite> current(String inviteId) {
        return invites.get(inviteId);
    }

    private Verdict decide(String token) {
        Optional<InviteTokens.Claims> claims = tokens.verify(token);
        Optional<Invites.Invite> invite = claims.flatMap(c -> invites.get(c.inviteId()));
        String refusal = refusal(claims, invite, clock.instant());
        if (refusal != null) {
            return new Refused(refusal, invite.orElse(null));
        }
        Invites.Invite i = invite.orElseThrow();
        return exams.exam(i.examId()).<Verdict>map(e -> new Granted(i, e)).orElseGet(() -> new Refused("wrong-exam", i));
    }

    /**
     * Why a token with these {@code claims} (empty: bad signature) naming {@code invite} (empty: none such) is refused
     * at {@code now}, or null if it is not. The invite must be the one signed: same exam and same expiry (a token for
     * another exam is refused even when its signature is good). Revoked is said before expired: it is a person's act.
     */
    static String refusal(Optional<InviteTokens.Claims> claims, Optional<Invites.Invite> invite, Instant now) {
        if (claims.isEmpty() || invite.isEmpty()) {
            return "bad-signature";
        }
        Invites.Invite i = invite.get();
        if (!i.examId().equals(claims.get().examId()) || !i.expiresAt().equals(claims.get().expiresAt())) {
            return "wrong-exam";
        }
        return switch (i.status(now)) {
            case REVOKED -> "revoked";
            case EXPIRED -> "expired";
            case ACTIVE -> claims.get().expiredAt(now) ? "expired" : null;
        };
    }
}
