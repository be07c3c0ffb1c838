package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The global assignment the tracker links faces to tracks with. */
class AssignmentTest {

    static final double NO = Double.NaN;

    @Test
    void the_best_total_wins_over_the_best_first_pick() {
        // row 0 prefers column 1, but row 1 can only take column 1: greedy would leave row 1 out
        int[] a = Assignment.maximise(new double[][] {{0.3, 0.6}, {NO, 0.3}});
        assertThat(a).containsExactly(0, 1);
    }

    @Test
    void forbidden_pairs_are_never_assigned_and_extra_rows_get_none() {
        int[] a = Assignment.maximise(new double[][] {{NO}, {0.5}, {0.9}});
        assertThat(a).containsExactly(-1, -1, 0);
    }

    @Test
    void more_columns_than_rows_and_empty_inputs() {
        assertThat(Assignment.maximise(new double[][] {{0.1, 0.9, 0.5}})).containsExactly(1);
        assertThat(Assignment.maximise(new double[0][0])).isEmpty();
        assertThat(Assignment.maximise(new double[][] {{}, {}})).containsExactly(-1, -1);
        assertThat(Assignment.maximise(new double[][] {{NO, NO}, {NO, NO}})).containsExactly(-1, -1);
    }

    @Test
    void a_larger_case_matches_brute_force() {
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 200; round++) {
            int rows = 1 + random.nextInt(5), cols = 1 + random.nextInt(5);
            double[][] s = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    s[i][j] = random.nextInt(4) == 0 ? NO : random.nextDouble();
                }
            }
            int[] a = Assignment.maximise(s);
            double[] got = value(s, a), best = best(s, 0, new boolean[cols]);
            assertThat(got[0]).as("round %d: pairs", round).isEqualTo(best[0]);
            assertThat(got[1]).as("round %d: total", round).isCloseTo(best[1], org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    /** Pairs assigned, then total score: the order the assignment optimises in. */
    static double[] value(double[][] s, int[] a) {
        double pairs = 0, total = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= 0) {
                pairs++;
                total += s[i][a[i]];
            }
        }
        return new double[] {pairs, total};
    }

    static double[] best(double[][] s, int row, boolean[] used) {
        if (row == s.length) {
            return new double[] {0, 0};
        }
        double[] best = best(s, row + 1, used);
        for (int j = 0; j < used.length; j++) {
            if (!used[j] && !Double.isNaN(s[row][j])) {
                used[j] = true;
                double[] rest = best(s, row + 1, used);
                used[j] = false;
                double[] with = {rest[0] + 1, rest[1] + s[row][j]};
                if (with[0] > best[0] || (with[0] == best[0] && with[1] > best[1] + 1e-12)) {
                    best = with;
                }
            }
        }
        return best;
    }
}
