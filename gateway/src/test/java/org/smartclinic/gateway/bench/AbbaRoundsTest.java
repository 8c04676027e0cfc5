package org.smartclinic.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AbbaRoundsTest {

    @Test
    void eachBlockOfFourComparesItsTwoBRoundsWithItsTwoARounds() {
        AbbaRounds rounds = new AbbaRounds();
        // A B B A, A B B A: the second block runs on a machine twice as fast; its ratio is the same.
        for (double v : new double[] {100, 90, 90, 100, 200, 180, 180, 200}) {
            rounds.add(v);
        }
        assertThat(rounds.blockRatios()).containsExactly(0.9, 0.9);
        assertThat(rounds.meanRatioWithInterval()).containsExactly(new double[] {0.9, 0.9, 0.9}, within(1e-12));
        assertThat(rounds.pooledRatio()).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void theIntervalWidensWithTheBlocksSpread() {
        AbbaRounds rounds = new AbbaRounds();
        for (double v : new double[] {100, 80, 80, 100, 100, 100, 100, 100, 100, 120, 120, 100}) {
            rounds.add(v);
        }
        double[] m = rounds.meanRatioWithInterval();
        // ratios 0.8, 1.0, 1.2: mean 1.0, sd 0.2, half-width t(2) * 0.2 / sqrt(3)
        assertThat(m[0]).isCloseTo(1.0, within(1e-12));
        assertThat(m[2] - m[0]).isCloseTo(4.303 * 0.2 / Math.sqrt(3), within(1e-9));
        assertThat(m[1]).isCloseTo(2 - m[2], within(1e-12));
        assertThat(rounds.summary()).startsWith("1.000 (95 % CI 0.503-1.497, 3 blocks");
    }

    @Test
    void anIncompleteBlockIsLeftOutAndOneBlockGivesNoInterval() {
        AbbaRounds rounds = new AbbaRounds();
        for (double v : new double[] {100, 50, 50, 100, 100, 100}) {
            rounds.add(v);
        }
        assertThat(rounds.blockRatios()).containsExactly(0.5);
        assertThatThrownBy(rounds::meanRatioWithInterval).hasMessageContaining("at least two blocks");
        assertThat(rounds.summary()).isEqualTo("pooled 0.667 (no interval: 6 rounds, fewer than two blocks of A B B A)");
        assertThat(AbbaRounds.isB(1)).isTrue();
        assertThat(AbbaRounds.isB(3)).isFalse();
        assertThat(AbbaRounds.t95(40)).isEqualTo(1.96);
    }
}
