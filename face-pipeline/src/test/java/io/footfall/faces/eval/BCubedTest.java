package io.footfall.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** B-cubed precision and recall on clusterings small enough to work out by hand. */
class BCubedTest {

    @Test
    void a_perfect_clustering_scores_one() {
        var s = BCubed.score(List.of("a", "a", "b"), List.of("x", "x", "y"));
        assertThat(s.precision()).isEqualTo(1.0);
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.clusters()).isEqualTo(2);
        assertThat(s.identities()).isEqualTo(2);
        assertThat(s.mixed()).isZero();
    }

    @Test
    void everyone_in_one_cluster_has_full_recall_and_low_precision() {
        // a, a, b, c in one cluster: precision per item 2/4, 2/4, 1/4, 1/4
        var s = BCubed.score(List.of("a", "a", "b", "c"), List.of("x", "x", "x", "x"));
        assertThat(s.precision()).isCloseTo(0.375, within(1e-9));
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.largest()).isEqualTo(4);
        assertThat(s.mixed()).isEqualTo(1);
    }

    @Test
    void a_person_split_in_two_has_full_precision_and_lower_recall() {
        // a's three photos split 2 + 1: recall per item 2/3, 2/3, 1/3, and b's one photo 1
        var s = BCubed.score(List.of("a", "a", "a", "b"), List.of("x", "x", "y", "z"));
        assertThat(s.precision()).isEqualTo(1.0);
        assertThat(s.recall()).isCloseTo((2 / 3.0 + 2 / 3.0 + 1 / 3.0 + 1) / 4, within(1e-9));
    }
}
