package io.footfall.embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.footfall.embedder.ToyModels.Flaw;
import io.footfall.models.ModelFetchException;
import io.footfall.models.OnnxSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedderTest {

    @TempDir
    Path dir;

    @Test
    void a_batch_gives_one_unit_vector_per_crop_equal_to_embedding_each_alone() throws Exception {
        try (Embedder embedder = ToyModels.open(dir, "toy", 150, 128, Flaw.NONE)) {
            List<FaceCrop> crops = List.of(ToyModels.crop(150, 150, 1), ToyModels.crop(150, 150, 2), ToyModels.crop(200, 170, 3));
            List<float[]> batch = embedder.embed(crops);
            assertThat(batch).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(norm(batch.get(i))).isCloseTo(1.0, within(1e-5));
                assertThat(batch.get(i)).containsExactly(embedder.embed(crops.get(i)), within(1e-6f));
            }
            assertThat(embedder.modelId()).isEqualTo("toy");
            assertThat(embedder.dimension()).isEqualTo(128);
            assertThat(embedder.embed(List.of())).isEmpty();
        }
    }

    @Test
    void a_users_own_160px_512d_model_is_accepted_through_its_descriptor() throws Exception {
        try (Embedder embedder = ToyModels.open(dir, "my-facenet", 160, 512, Flaw.NONE)) {
            float[] v = embedder.embed(ToyModels.crop(160, 160, 7));
            assertThat(v).hasSize(512);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
            assertThat(embedder.templateId()).isEqualTo("facenet-160");
        }
    }

    @Test
    void a_model_that_outputs_nan_is_refused_with_a_clear_error() throws Exception {
        try (Embedder embedder = ToyModels.open(dir, "broken", 150, 128, Flaw.NAN)) {
            assertThatThrownBy(() -> embedder.embed(ToyModels.crop(150, 150, 1)))
                    .isInstanceOf(EmbeddingException.class).hasMessageContaining("model 'broken'").hasMessageContaining("non-finite value (NaN)");
        }
    }

    @Test
    void a_model_that_outputs_the_wrong_dimension_is_refused_with_a_clear_error() throws Exception {
        try (Embedder embedder = ToyModels.open(dir, "short", 150, 128, Flaw.WRONG_DIMENSION)) {
            assertThatThrownBy(() -> embedder.embed(List.of(ToyModels.crop(150, 150, 1), ToyModels.crop(150, 150, 2))))
                    .isInstanceOf(EmbeddingException.class).hasMessageContaining("returned shape [2, 64]").hasMessageContaining("promises 2×128");
        }
    }

    @Test
    void a_descriptor_that_does_not_match_its_onnx_file_is_refused_at_load() throws Exception {
        Path json = ToyModels.write(dir, "liar", 150, 128, Flaw.NONE);
        Files.writeString(json, Files.readString(json).replace("\"dimension\" : 128", "\"dimension\" : 256"));
        assertThatThrownBy(() -> Embedder.fromDescriptor(json, OnnxSessions.Options.cpu(1)))
                .isInstanceOf(ModelFetchException.class).hasMessageContaining("256-d");
    }

    @Test
    void concurrent_callers_share_the_session_and_get_the_same_vectors() throws Exception {
        try (Embedder embedder = ToyModels.open(dir, "toy", 150, 128, Flaw.NONE)) {
            List<FaceCrop> crops = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                crops.add(ToyModels.crop(150, 150, i));
            }
            List<float[]> expected = embedder.embed(crops);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> futures = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    for (FaceCrop crop : crops) {
                        futures.add(pool.submit(() -> embedder.embed(crop)));
                    }
                }
                for (int i = 0; i < futures.size(); i++) {
                    assertThat(futures.get(i).get()).containsExactly(expected.get(i % 8), within(1e-6f));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * (double) x;
        }
        return Math.sqrt(s);
    }
}
