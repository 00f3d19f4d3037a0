package io.o2pool.cluster.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteWindowTest {

    @Test
    void percentilesAndNearMissesCoverTheLastMinuteOnlyWhileTotalsKeepEverything() {
        WriteWindow w = new WriteWindow(12_000);
        for (int i = 0; i < 98; i++) {
            w.record(i * 100L, 2);
        }
        w.record(9_800, 6_500); // > 1/2 of 12 000
        w.record(9_900, 9_500); // > 3/4
        OwnWriteHealth h = w.health(10_000, true, 100L, 0);
        assertThat(h.writes()).isEqualTo(100);
        assertThat(h.p50Ms()).isEqualTo(2);
        assertThat(h.p99Ms()).isEqualTo(6_500);
        assertThat(h.maxMs()).isEqualTo(9_500);
        assertThat(h.nearMissesHalf()).isEqualTo(2);
        assertThat(h.nearMissesThreeQuarters()).isEqualTo(1);

        OwnWriteHealth later = w.health(9_900 + WriteWindow.WINDOW_MS, true, 100L, 0);
        assertThat(later.writes()).isZero();
        assertThat(later.maxMs()).isZero();
        assertThat(later.nearMissesHalf()).isZero();
        assertThat(later.totalWrites()).isEqualTo(100);
        assertThat(later.totalNearMissesHalf()).isEqualTo(2);
        assertThat(later.totalNearMissesThreeQuarters()).isEqualTo(1);
    }

    @Test
    void nearestRankPercentile() {
        assertThat(WriteWindow.percentile(new long[0], 50)).isZero();
        assertThat(WriteWindow.percentile(new long[] {5}, 99)).isEqualTo(5);
        assertThat(WriteWindow.percentile(new long[] {1, 2, 3, 4}, 50)).isEqualTo(2);
        assertThat(WriteWindow.percentile(new long[] {1, 2, 3, 4}, 99)).isEqualTo(4);
    }
}
