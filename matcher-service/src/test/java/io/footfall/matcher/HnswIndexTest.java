package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HnswIndexTest {

    @Test
    void finds_what_the_exact_index_finds_on_a_clustered_gallery_and_follows_updates() {
        Random random = new Random(1);
        int dim = 64;
        try (HnswIndex hnsw = new HnswIndex(dim, 64)) {
            ExactIndex exact = new ExactIndex(dim);
            float[][] people = new float[2_000][];
            for (int i = 0; i < people.length; i++) {
                people[i] = ExactIndexTest.randomUnit(random, dim);
                List<float[]> templates = List.of(noisy(random, people[i]), noisy(random, people[i]));
                hnsw.put("p" + i, templates);
                exact.put("p" + i, templates);
            }
            int agree = 0;
            for (int q = 0; q < 100; q++) {
                float[] query = noisy(random, people[random.nextInt(people.length)]);
                if (hnsw.search(query, 1).get(0).owner().equals(exact.search(query, 1).get(0).owner())) {
                    agree++;
                }
            }
            assertThat(agree).isGreaterThanOrEqualTo(98);
            GalleryIndex.Hit hit = hnsw.search(people[7], 1).get(0);
            assertThat(hit.owner()).isEqualTo("p7");
            assertThat(hit.similarity()).isEqualTo(exact.search(people[7], 1).get(0).similarity(), org.assertj.core.data.Offset.offset(1e-5f));

            hnsw.remove("p7");
            assertThat(hnsw.search(people[7], 3)).extracting(GalleryIndex.Hit::owner).doesNotContain("p7");
        }
    }

    static float[] noisy(Random random, float[] v) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) random.nextGaussian() * 0.03f;
        }
        return Vectors.normalize(out);
    }
}
