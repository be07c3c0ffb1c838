package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactIndexTest {

    static float[] unit(float... v) {
        return Vectors.normalize(v.clone());
    }

    @Test
    void finds_the_owner_of_the_most_similar_template_once_per_owner() {
        ExactIndex index = new ExactIndex(3);
        index.put("ada", List.of(unit(1, 0, 0), unit(0.9f, 0.1f, 0)));
        index.put("bob", List.of(unit(0, 1, 0)));
        index.put("cy", List.of(unit(0, 0, 1)));
        List<GalleryIndex.Hit> hits = index.search(unit(1, 0.05f, 0), 2);
        assertThat(hits).extracting(GalleryIndex.Hit::owner).containsExactly("ada", "bob");
        assertThat(hits.get(0).similarity()).isGreaterThan(0.99f);
    }

    @Test
    void replacing_and_removing_an_owner_updates_search() {
        ExactIndex index = new ExactIndex(2);
        index.put("ada", List.of(unit(1, 0)));
        index.put("bob", List.of(unit(0, 1)));
        index.put("ada", List.of(unit(0.7f, 0.7f)));
        assertThat(index.size()).isEqualTo(2);
        index.remove("bob");
        assertThat(index.search(unit(0, 1), 5)).extracting(GalleryIndex.Hit::owner).containsExactly("ada");
        index.remove("ada");
        assertThat(index.search(unit(0, 1), 5)).isEmpty();
    }

    @Test
    void agrees_with_brute_force_on_random_galleries() {
        Random random = new Random(7);
        ExactIndex index = new ExactIndex(16);
        float[][] vectors = new float[500][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = randomUnit(random, 16);
            index.put("p" + i, List.of(vectors[i]));
        }
        for (int q = 0; q < 20; q++) {
            float[] query = randomUnit(random, 16);
            int best = 0;
            for (int i = 1; i < vectors.length; i++) {
                if (Vectors.dot(vectors[i], query) > Vectors.dot(vectors[best], query)) {
                    best = i;
                }
            }
            assertThat(index.search(query, 3).get(0).owner()).isEqualTo("p" + best);
        }
    }

    @Test
    void a_vector_of_the_wrong_dimension_is_refused() {
        ExactIndex index = new ExactIndex(3);
        assertThatThrownBy(() -> index.put("ada", List.of(new float[2]))).hasMessageContaining("dimension 2");
        assertThatThrownBy(() -> index.search(new float[4], 1)).hasMessageContaining("dimension 4");
    }

    static float[] randomUnit(Random random, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalize(v);
    }
}
