package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unknown tracks become anonymous visitors by their exemplars, never by a centroid that drifts towards everyone. */
class VisitorRegistryTest {

    static final int DIM = 64;
    final Random random = new Random(3);

    @Test
    void the_same_person_again_keeps_the_visitor_id() {
        VisitorRegistry registry = new VisitorRegistry(0.9f, Duration.ofHours(1));
        float[] person = ExactIndexTest.randomUnit(random, DIM);
        String first = registry.assign("t1", List.of(near(person, 0.05f)), 0, Set.of());
        String again = registry.assign("t2", List.of(near(person, 0.05f), near(person, 0.05f)), 1, Set.of());
        assertThat(first).isEqualTo("v-t1").isEqualTo(again);
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void a_visitor_of_another_embedder_is_never_joined_and_does_not_fail_the_track() {
        // given a visitor shared before the model switch, with 128-d exemplars
        VisitorRegistry registry = new VisitorRegistry(0.5f, Duration.ofHours(1));
        float[] old = ExactIndexTest.randomUnit(random, 128);
        registry.apply("v-old", new VisitorRegistry.State("v-old", old, List.of(old), 1, 0, 0));

        // when a track of the new model's 1024-d embeddings arrives
        String id = registry.assign("t1", List.of(ExactIndexTest.randomUnit(random, 1024)), 1, Set.of());

        // then it makes a visitor of its own
        assertThat(id).isEqualTo("v-t1");
        assertThat(registry.size()).isEqualTo(2);
    }

    @Test
    void an_excluded_visitor_is_never_joined() {
        VisitorRegistry registry = new VisitorRegistry(0.9f, Duration.ofHours(1));
        float[] person = ExactIndexTest.randomUnit(random, DIM);
        String first = registry.assign("t1", List.of(person), 0, Set.of());
        String second = registry.assign("t2", List.of(person), 0, Set.of(first));
        assertThat(second).isEqualTo("v-t2");
    }

    @Test
    void a_visitor_does_not_drift_into_a_crowd() {
        // given many different people arriving one by one, each just below the threshold to the one before
        VisitorRegistry registry = new VisitorRegistry(0.9f, Duration.ofHours(1));
        float[] walk = ExactIndexTest.randomUnit(random, DIM);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            walk = near(walk, 0.55f);
            ids.add(registry.assign("t" + i, List.of(walk), i, Set.of()));
        }
        // then a visitor holds at most a few of them, not the whole chain
        long largest = ids.stream().collect(java.util.stream.Collectors.groupingBy(id -> id, java.util.stream.Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(largest).isLessThanOrEqualTo(3);
    }

    @Test
    void exemplars_are_capped_and_shared() {
        VisitorRegistry registry = new VisitorRegistry(0.5f, Duration.ofHours(1));
        float[] person = ExactIndexTest.randomUnit(random, DIM);
        for (int i = 0; i < 20; i++) {
            registry.assign("t" + i, List.of(near(person, 0.2f)), i, Set.of());
        }
        List<VisitorRegistry.State> changed = registry.drainChanged();
        assertThat(changed).singleElement().satisfies(s -> {
            assertThat(s.tracks()).isEqualTo(20);
            assertThat(s.exemplars()).hasSize(VisitorRegistry.MAX_EXEMPLARS);
        });
        // and another matcher that applies the shared state matches the same person to it
        VisitorRegistry other = new VisitorRegistry(0.5f, Duration.ofHours(1));
        other.apply(changed.get(0).id(), changed.get(0));
        assertThat(other.assign("x", List.of(near(person, 0.2f)), 30, Set.of())).isEqualTo(changed.get(0).id());
    }

    /** A unit vector at about {@code noise} (relative) from {@code v}. */
    float[] near(float[] v, float noise) {
        float[] out = v.clone();
        float[] n = ExactIndexTest.randomUnit(random, DIM);
        for (int i = 0; i < DIM; i++) {
            out[i] += noise * n[i];
        }
        return Vectors.normalize(out);
    }
}
