package org.smartclinic.gateway.uplink.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final AtomicInteger issued = new AtomicInteger();

    @Test
    void token_beforeEightyPercentOfLifetime_cached() throws Exception {
        TokenCache cache = new TokenCache(this::issue, clock);

        String first = cache.token().value();
        clock.advance(Duration.ofSeconds(239)); // 80 % of 300 s is 240 s
        String second = cache.token().value();

        assertThat(second).isEqualTo(first);
        assertThat(cache.fetches()).isEqualTo(1);
    }

    @Test
    void token_atEightyPercentOfLifetime_refreshedBeforeExpiry() throws Exception {
        TokenCache cache = new TokenCache(this::issue, clock);

        String first = cache.token().value();
        clock.advance(Duration.ofSeconds(240));
        String second = cache.token().value();

        assertThat(second).isNotEqualTo(first);
        assertThat(cache.fetches()).isEqualTo(2);
    }

    @Test
    void invalidate_currentToken_nextCallFetchesOnce() throws Exception {
        TokenCache cache = new TokenCache(this::issue, clock);
        String refused = cache.token().value();

        cache.invalidate(refused);
        cache.invalidate(refused);
        String next = cache.token().value();
        cache.invalidate(refused); // a late 401 for the old token does not discard the new one

        assertThat(next).isNotEqualTo(refused);
        assertThat(cache.token().value()).isEqualTo(next);
        assertThat(cache.fetches()).isEqualTo(2);
    }

    @Test
    void token_manyCallersAtOnce_oneFetchSharedByAll() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TokenCache cache = new TokenCache(() -> {
            await(release);
            return issue();
        }, clock);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> cache.token().value()));
            }
            release.countDown();
            for (Future<String> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("token-1");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(issued.get()).isEqualTo(1);
    }

    @Test
    void token_fetchFails_waitingCallersShareTheFailureAndNextCallTriesAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger tries = new AtomicInteger();
        TokenCache cache = new TokenCache(() -> {
            tries.incrementAndGet();
            await(release);
            throw new EhrAuthException("token endpoint down");
        }, clock);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            results.add(callers.submit(() -> cache.token().value()));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tries.get() == 1);
            for (int i = 0; i < 3; i++) {
                results.add(callers.submit(() -> cache.token().value()));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.waiting() == 3);
            release.countDown();
            for (Future<String> r : results) {
                assertThatThrownBy(() -> r.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("token endpoint down");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(tries.get()).isEqualTo(1);
        assertThatThrownBy(cache::token).isInstanceOf(EhrAuthException.class);
        assertThat(tries.get()).isEqualTo(2);
    }

    @Test
    void toString_accessToken_leavesTheValueOut() {
        AccessToken token = AccessToken.received("s3cr3t-token", clock.instant(), 300);

        assertThat(token.toString()).doesNotContain("s3cr3t-token").contains("expiresAt");
    }

    private AccessToken issue() {
        return AccessToken.received("token-" + issued.incrementAndGet(), clock.instant(), 300);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
