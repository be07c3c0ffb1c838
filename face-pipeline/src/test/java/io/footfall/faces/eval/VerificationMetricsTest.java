package io.footfall.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.footfall.faces.eval.VerificationMetrics.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VerificationMetricsTest {

    static Pair same(double s) {
        return new Pair(s, true);
    }

    static Pair different(double s) {
        return new Pair(s, false);
    }

    @Test
    void perfectly_separated_scores_give_auc_1_accuracy_1_and_eer_0() {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pairs.add(same(0.8 + i * 0.001));
            pairs.add(different(0.2 + i * 0.001));
        }
        VerificationMetrics m = new VerificationMetrics(pairs);
        assertThat(m.rocAuc()).isEqualTo(1.0);
        assertThat(m.crossValidatedAccuracy().mean()).isEqualTo(1.0);
        assertThat(m.crossValidatedAccuracy().threshold()).isBetween(0.22, 0.8);
        assertThat(m.eer().rate()).isZero();
        assertThat(m.tarAtFar(0.0).tar()).isEqualTo(1.0);
    }

    @Test
    void auc_counts_ties_as_half_and_matches_a_hand_count() {
        // genuine {0.9, 0.5, 0.4}, impostor {0.5, 0.3}: pairs won 2 + 1.5 (tie) + 1 = 4.5 of 6
        VerificationMetrics m = new VerificationMetrics(List.of(same(0.9), same(0.5), same(0.4), different(0.5), different(0.3)));
        assertThat(m.rocAuc()).isCloseTo(4.5 / 6, within(1e-12));
    }

    @Test
    void tar_at_far_uses_the_lowest_threshold_that_keeps_false_accepts_within_the_target() {
        // 10 impostors 0.0..0.9; FAR 0.1 allows one (0.9): threshold just above 0.8
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pairs.add(different(i / 10.0));
        }
        pairs.addAll(List.of(same(0.95), same(0.85), same(0.81), same(0.5)));
        VerificationMetrics m = new VerificationMetrics(pairs);
        VerificationMetrics.TarAtFar at = m.tarAtFar(0.1);
        assertThat(at.far()).isEqualTo(0.1);
        assertThat(at.tar()).isEqualTo(0.75);
        assertThat(at.threshold()).isGreaterThan(0.8).isLessThan(0.81);
        assertThat(m.tarAtFar(0.0).tar()).isEqualTo(0.25); // above 0.9: only 0.95
        assertThat(m.tarAtFar(1.0).tar()).isEqualTo(1.0);
    }

    @Test
    void eer_is_where_false_accepts_equal_false_rejects() {
        // genuine 0.6..0.95 and one low 0.1; impostor 0.0..0.45 and one high 0.9: at 0.5 FAR = FRR = 1/10
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            pairs.add(same(0.6 + i * 0.04));
            pairs.add(different(i * 0.05));
        }
        pairs.add(same(0.1));
        pairs.add(different(0.9));
        VerificationMetrics.Eer eer = new VerificationMetrics(pairs).eer();
        assertThat(eer.rate()).isCloseTo(0.1, within(1e-12));
        assertThat(eer.threshold()).isBetween(0.41, 0.6);
    }

    @Test
    void cross_validation_chooses_each_folds_threshold_on_the_other_folds() {
        // noisy overlapping scores: 10-fold accuracy is close to the best in-sample accuracy, and never above it
        Random random = new Random(1);
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            boolean same = i % 2 == 0;
            pairs.add(new Pair((same ? 0.6 : 0.3) + random.nextGaussian() * 0.1, same));
        }
        VerificationMetrics m = new VerificationMetrics(pairs);
        double inSample = VerificationMetrics.accuracy(pairs, VerificationMetrics.bestThreshold(pairs));
        VerificationMetrics.Accuracy cv = m.crossValidatedAccuracy();
        assertThat(cv.folds()).isEqualTo(10);
        assertThat(cv.mean()).isLessThanOrEqualTo(inSample).isGreaterThan(inSample - 0.03);
        assertThat(cv.mean()).isCloseTo(0.93, within(0.03)); // two Gaussians 3 sd apart: Φ(1.5) ≈ 0.933
        assertThat(cv.threshold()).isCloseTo(0.45, within(0.05));
        assertThat(cv.std()).isGreaterThan(0).isLessThan(0.05);
        assertThat(m.rocAuc()).isCloseTo(0.983, within(0.02)); // Φ(3/√2) ≈ 0.983
    }

    @Test
    void the_best_threshold_is_the_one_a_brute_force_search_finds_ties_included() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            List<Pair> pairs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean same = random.nextBoolean();
                // scores on a coarse grid: many ties between and within the kinds
                pairs.add(new Pair(Math.round(((same ? 0.6 : 0.4) + random.nextGaussian() * 0.15) * 20) / 20.0, same));
            }
            double[] scores = pairs.stream().mapToDouble(Pair::score).sorted().distinct().toArray();
            double expected = scores[0];
            double bestAccuracy = VerificationMetrics.accuracy(pairs, expected);
            for (int i = 0; i < scores.length; i++) {
                double t = i + 1 < scores.length ? (scores[i] + scores[i + 1]) / 2 : Math.nextUp(scores[i]);
                if (VerificationMetrics.accuracy(pairs, t) > bestAccuracy) {
                    expected = t;
                    bestAccuracy = VerificationMetrics.accuracy(pairs, t);
                }
            }
            assertThat(VerificationMetrics.bestThreshold(pairs)).isEqualTo(expected);
        }
    }

    @Test
    void one_sided_input_is_refused() {
        assertThatThrownBy(() -> new VerificationMetrics(List.of(same(0.9), same(0.8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 different");
    }

    @Test
    void cross_validation_over_given_folds_counts_an_unscored_pair_as_wrong() {
        // two folds; every scored pair separable at 0.5; one same-person pair of fold 1 has no score (no face found)
        List<VerificationMetrics.Pair> pairs = List.of(new VerificationMetrics.Pair(0.9, true), new VerificationMetrics.Pair(0.1, false),
                new VerificationMetrics.Pair(0.8, true), new VerificationMetrics.Pair(0.2, false),
                new VerificationMetrics.Pair(Double.NaN, true), new VerificationMetrics.Pair(0.3, false));
        int[] folds = {0, 0, 1, 1, 1, 0};
        VerificationMetrics.Accuracy a = VerificationMetrics.crossValidatedAccuracy(pairs, folds);
        assertThat(a.folds()).isEqualTo(2);
        // fold 0: 3 of 3 right; fold 1: 2 of 3 (the unscored pair is wrong)
        assertThat(a.mean()).isCloseTo((1.0 + 2.0 / 3) / 2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(VerificationMetrics.consecutiveFolds(5, 2)).containsExactly(0, 0, 0, 1, 1);
    }
}
