package io.footfall.embedder;

import io.footfall.models.AlignmentTemplates;
import io.footfall.models.ModelDescriptor;
import io.footfall.models.OnnxSessions;
import io.footfall.models.onnx.OnnxGraph;
import io.footfall.models.onnx.OnnxGraph.Attribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Small ONNX embedders written with the project's own writer: they stand in for the real net (which needs a fetch) and
 * for a user's broken export. Conv 1×1 to 4 channels, global average, MatMul to the output dimension.
 */
final class ToyModels {

    static final String TEMPLATE = "dlib-chip-150-pad0.25";

    private ToyModels() {}

    enum Flaw { NONE, NAN, WRONG_DIMENSION }

    /** Writes {@code name.onnx} and {@code name.json} into {@code dir} and returns the descriptor's path. */
    static Path write(Path dir, String name, int size, int dim, Flaw flaw) throws IOException {
        String template = size == 150 ? TEMPLATE : "facenet-160";
        double[][] points = size == 150 ? AlignmentTemplates.dlibChip(150, 0.25) : AlignmentTemplates.facenet160();
        Files.write(dir.resolve(name + ".onnx"), model(size, flaw == Flaw.WRONG_DIMENSION ? dim / 2 : dim, flaw));
        ModelDescriptor d = new ModelDescriptor(name, "embedder", name + ".onnx", null,
                new ModelDescriptor.Input("input", "NCHW", size, size, "RGB",
                        new double[] {122.782, 117.001, 104.298}, new double[] {256, 256, 256}),
                List.of("embedding"), dim,
                new ModelDescriptor.Alignment(template, size, size, points, null),
                new ModelDescriptor.Thresholds("cosine", Map.of("match", 0.5), false, null), "test", "Apache-2.0");
        Path json = dir.resolve(name + ".json");
        d.write(json);
        return json;
    }

    static Embedder open(Path dir, String name, int size, int dim, Flaw flaw) throws IOException {
        return Embedder.fromDescriptor(write(dir, name, size, dim, flaw), OnnxSessions.Options.cpu(1));
    }

    private static byte[] model(int size, int dim, Flaw flaw) {
        OnnxGraph g = new OnnxGraph("toy_embedder");
        g.input("input", "N", 3L, (long) size, (long) size);
        float[] w = new float[4 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5) * 0.1f - 0.2f;
        }
        String conv = g.node("Conv", List.of("input", g.floats("w", new long[] {4, 3, 1, 1}, w)), "conv", Attribute.ints("kernel_shape", 1, 1));
        String pooled = g.node("GlobalAveragePool", List.of(conv), "pooled");
        String flat = g.node("Flatten", List.of(pooled), "flat", Attribute.of("axis", 1L));
        float[] fc = new float[4 * dim];
        for (int i = 0; i < fc.length; i++) {
            fc[i] = flaw == Flaw.NAN && i == 3 ? Float.NaN : (float) Math.sin(i + 1);
        }
        if (flaw == Flaw.WRONG_DIMENSION) {
            // an overridable weight of dynamic width: the output's width is unknown until the model runs, as in a
            // broken export, so only the embedder's own check can catch it
            g.input("fc", 4L, "D");
        }
        g.node("MatMul", List.of(flat, g.floats("fc", new long[] {4, dim}, fc)), "embedding");
        g.output("embedding", "N", flaw == Flaw.WRONG_DIMENSION ? "D" : (Object) (long) dim);
        return g.toModel("footfall-embedder-test", "1", "toy embedder", Map.of());
    }

    /** A crop of {@code width × height} with a pattern that depends on {@code seed}. */
    static FaceCrop crop(int width, int height, int seed) {
        byte[] rgb = new byte[width * height * 3];
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) random.nextInt(256);
        }
        return new FaceCrop(width, height, rgb);
    }
}
