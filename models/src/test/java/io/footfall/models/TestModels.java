package io.footfall.models;

import io.footfall.models.onnx.OnnxGraph;
import io.footfall.models.onnx.OnnxGraph.Attribute;
import java.util.List;
import java.util.Map;

/** Small ONNX embedders written with the project's own writer, standing in for a user's exported model. */
final class TestModels {

    private TestModels() {}

    /** N×3×size×size → 1×1 conv to 4 channels → global average → MatMul to {@code dim}: a FaceNet-shaped toy. */
    static byte[] embedder(String inputName, int size, int dim) {
        OnnxGraph g = new OnnxGraph("toy_embedder");
        g.input(inputName, "N", 3L, (long) size, (long) size);
        float[] w = new float[4 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5) * 0.1f - 0.2f;
        }
        String conv = g.node("Conv", List.of(inputName, g.floats("w", new long[] {4, 3, 1, 1}, w)), "conv",
                Attribute.ints("kernel_shape", 1, 1));
        String pooled = g.node("GlobalAveragePool", List.of(conv), "pooled");
        String flat = g.node("Flatten", List.of(pooled), "flat", Attribute.of("axis", 1L));
        float[] fc = new float[4 * dim];
        for (int i = 0; i < fc.length; i++) {
            fc[i] = (float) Math.sin(i);
        }
        g.node("MatMul", List.of(flat, g.floats("fc", new long[] {4, dim}, fc)), "embedding");
        g.output("embedding", "N", (long) dim);
        return g.toModel("footfall-models-test", "1", "toy embedder", Map.of());
    }

    /** A descriptor for a FaceNet InceptionResNetV1-style export: 160×160 RGB, (x − 127.5) / 128, 512-d. */
    static ModelDescriptor facenetDescriptor(String file, String inputName, int size, int dim) {
        return new ModelDescriptor("my-facenet", "embedder", file, null,
                new ModelDescriptor.Input(inputName, "NCHW", size, size, "RGB", new double[] {127.5, 127.5, 127.5}, new double[] {128, 128, 128}),
                List.of("embedding"), dim,
                new ModelDescriptor.Alignment("facenet-160", 160, 160, AlignmentTemplates.facenet160(), null),
                new ModelDescriptor.Thresholds("cosine", Map.of("match", 0.5), false, null),
                "my own export", "MIT");
    }
}
