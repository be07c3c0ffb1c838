package io.footfall.models.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.models.convert.GraphModelConverter.Output;
import io.footfall.models.tfjs.TfjsGraph;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Small hand-made TensorFlow.js graph models, converted and run in ONNX Runtime, against TensorFlow's NHWC semantics
 * computed here directly (the real models' parity with tfjs itself is GraphModelParityIT's).
 */
class GraphModelConverterTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Builds a model.json and its one weight shard. */
    private static final class Graph {
        final ObjectNode root = JSON.createObjectNode();
        final ArrayNode nodes;
        final ArrayNode weights;
        final ByteArrayOutputStream shard = new ByteArrayOutputStream();

        Graph(int h, int w) {
            root.put("format", "graph-model");
            nodes = root.putObject("modelTopology").putArray("node");
            ArrayNode manifest = root.putArray("weightsManifest");
            ObjectNode group = manifest.addObject();
            group.putArray("paths").add("w.bin");
            weights = group.putArray("weights");
            ObjectNode in = node("x", "Placeholder");
            ArrayNode dims = in.putObject("attr").putObject("shape").putObject("shape").putArray("dim");
            for (int d : new int[] {-1, h, w, 3}) {
                dims.addObject().put("size", String.valueOf(d));
            }
        }

        ObjectNode node(String name, String op, String... inputs) {
            ObjectNode n = nodes.addObject();
            n.put("name", name).put("op", op);
            ArrayNode in = n.putArray("input");
            for (String i : inputs) {
                in.add(i);
            }
            n.putObject("attr");
            return n;
        }

        Graph constant(String name, int[] shape, float[] data) {
            ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(data);
            return weight(name, "float32", shape, b.array());
        }

        Graph ints(String name, int[] shape, int... data) {
            ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(data);
            return weight(name, "int32", shape, b.array());
        }

        /** A Const node and its entry in the weights manifest, its little-endian bytes appended to the shard. */
        private Graph weight(String name, String dtype, int[] shape, byte[] bytes) {
            node(name, "Const");
            ObjectNode w = weights.addObject();
            w.put("name", name).put("dtype", dtype);
            ArrayNode s = w.putArray("shape");
            for (int d : shape) {
                s.add(d);
            }
            shard.writeBytes(bytes);
            return this;
        }

        TfjsGraph parse() throws Exception {
            byte[] bin = shard.toByteArray();
            return TfjsGraph.parse(JSON.writeValueAsBytes(root), p -> p.equals("w.bin") ? bin : null);
        }
    }

    private static void strings(ObjectNode node, String key, String... values) {
        ArrayNode list = ((ObjectNode) node.get("attr")).putObject(key).putObject("list").putArray("s");
        for (String v : values) {
            list.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void ints(ObjectNode node, String key, long... values) {
        ArrayNode list = ((ObjectNode) node.get("attr")).putObject(key).putObject("list").putArray("i");
        for (long v : values) {
            list.add(String.valueOf(v));
        }
    }

    private static void string(ObjectNode node, String key, String value) {
        ((ObjectNode) node.get("attr")).putObject(key).put("s", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextGaussian();
        }
        return out;
    }

    /** Runs the converted model on an NHWC input (given to ONNX as NCHW) and returns the first output. */
    private static float[] run(TfjsGraph g, float[] nhwc, int n, int h, int w, long length) throws Exception {
        byte[] onnx = GraphModelConverter.convert(g, "test", "input", h, w, List.of(new Output("y", "out", length)), "test", Map.of());
        float[] nchw = new float[nhwc.length];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        nchw[((b * 3 + c) * h + y) * w + x] = nhwc[((b * h + y) * w + x) * 3 + c];
                    }
                }
            }
        }
        try (OrtSession s = ENV.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(nchw), new long[] {n, 3, h, w});
             OrtSession.Result r = s.run(Map.of("input", in))) {
            FloatBuffer fb = ((OnnxTensor) r.get("out").orElseThrow()).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }

    /** TensorFlow's conv2d (NHWC, HWIO, 'SAME' pads the end first), as the reference. */
    private static float[] conv(float[] x, int n, int h, int w, int ci, float[] k, int kh, int kw, int co, int stride, boolean same,
            boolean depthwise) {
        int oh = same ? (h + stride - 1) / stride : (h - kh) / stride + 1;
        int ow = same ? (w + stride - 1) / stride : (w - kw) / stride + 1;
        int padTop = same ? Math.max((oh - 1) * stride + kh - h, 0) / 2 : 0;
        int padLeft = same ? Math.max((ow - 1) * stride + kw - w, 0) / 2 : 0;
        int channels = depthwise ? ci * co : co;
        float[] out = new float[n * oh * ow * channels];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    for (int o = 0; o < channels; o++) {
                        double sum = 0;
                        for (int dy = 0; dy < kh; dy++) {
                            for (int dx = 0; dx < kw; dx++) {
                                int sy = y * stride + dy - padTop, sx = xx * stride + dx - padLeft;
                                if (sy < 0 || sx < 0 || sy >= h || sx >= w) {
                                    continue;
                                }
                                if (depthwise) {
                                    int c = o / co, m = o % co;
                                    sum += x[((b * h + sy) * w + sx) * ci + c] * k[((dy * kw + dx) * ci + c) * co + m];
                                } else {
                                    for (int c = 0; c < ci; c++) {
                                        sum += x[((b * h + sy) * w + sx) * ci + c] * k[((dy * kw + dx) * ci + c) * co + o];
                                    }
                                }
                            }
                        }
                        out[((b * oh + y) * ow + xx) * channels + o] = (float) sum;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void fused_conv_with_bias_and_relu_matches_tensorflow_same_padding_at_stride_two() throws Exception {
        // given x [2,7,6,3] -> _FusedConv2D 3x3, 4 filters, stride 2, SAME, fused BiasAdd + Relu
        int n = 2, h = 7, w = 6;
        float[] k = random(3 * 3 * 3 * 4, 1), bias = random(4, 2), x = random(n * h * w * 3, 3);
        Graph g = new Graph(h, w).constant("k", new int[] {3, 3, 3, 4}, k).constant("b", new int[] {4}, bias);
        ObjectNode conv = g.node("y", "_FusedConv2D", "x", "k", "b");
        strings(conv, "fused_ops", "BiasAdd", "Relu");
        ints(conv, "strides", 1, 2, 2, 1);
        string(conv, "padding", "SAME");

        // when
        float[] got = run(g.parse(), x, n, h, w, 4 * 3 * 4);

        // then the ONNX output, back in NHWC order, is TensorFlow's
        float[] expected = conv(x, n, h, w, 3, k, 3, 3, 4, 2, true, false);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Math.max(0, expected[i] + bias[i % 4]);
        }
        assertThat(got).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void depthwise_conv_with_fused_prelu_then_mean_and_fused_matmul() throws Exception {
        // given x [1,5,5,3] -> FusedDepthwiseConv2dNative 3x3 multiplier 2, VALID, BiasAdd + Prelu -> Mean over H,W -> _FusedMatMul
        int h = 5, w = 5, channels = 6;
        float[] k = random(3 * 3 * 3 * 2, 4), bias = random(channels, 5), alpha = random(channels, 6), x = random(h * w * 3, 7);
        float[] fc = random(channels * 2, 8), fcBias = random(2, 9);
        Graph g = new Graph(h, w).constant("k", new int[] {3, 3, 3, 2}, k).constant("b", new int[] {channels}, bias)
                .constant("alpha", new int[] {channels}, alpha).ints("axes", new int[] {2}, 1, 2)
                .constant("fc", new int[] {channels, 2}, fc).constant("fcb", new int[] {2}, fcBias);
        ObjectNode dw = g.node("dw", "FusedDepthwiseConv2dNative", "x", "k", "b", "alpha");
        strings(dw, "fused_ops", "BiasAdd", "Prelu");
        ints(dw, "strides", 1, 1, 1, 1);
        string(dw, "padding", "VALID");
        g.node("mean", "Mean", "dw", "axes");
        ObjectNode mm = g.node("y", "_FusedMatMul", "mean", "fc", "fcb");
        strings(mm, "fused_ops", "BiasAdd");

        // when
        float[] got = run(g.parse(), x, 1, h, w, 2);

        // then
        float[] d = conv(x, 1, h, w, 3, k, 3, 3, 2, 1, false, true);
        double[] mean = new double[channels];
        for (int i = 0; i < d.length; i++) {
            float v = d[i] + bias[i % channels];
            mean[i % channels] += (v >= 0 ? v : alpha[i % channels] * v) / 9.0;
        }
        float[] expected = new float[2];
        for (int o = 0; o < 2; o++) {
            double s = fcBias[o];
            for (int c = 0; c < channels; c++) {
                s += mean[c] * fc[c * 2 + o];
            }
            expected[o] = (float) s;
        }
        assertThat(got).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void prelu_written_with_abs_and_an_l2_norm_of_squeezed_features() throws Exception {
        // given mobilefacenet's pattern: y = relu(x) + a·(x − |x|), a per channel [3]; a 1x1 VALID conv; squeeze H,W;
        // then x · rsqrt(max(sum(x²), eps))
        int h = 1, w = 1;
        float[] a = {0.1f, -0.2f, 0.3f}, k = random(3 * 5, 10), x = random(2 * 3, 11);
        Graph g = new Graph(h, w).constant("a", new int[] {3}, a).constant("k", new int[] {1, 1, 3, 5}, k)
                .ints("sumAxes", new int[] {1}, -1).constant("eps", new int[] {}, new float[] {1e-10f});
        g.node("relu", "Relu", "x");
        g.node("abs", "Abs", "x");
        g.node("sub", "Sub", "x", "abs");
        g.node("mul", "Mul", "sub", "a");
        g.node("prelu", "AddV2", "relu", "mul");
        ObjectNode conv = g.node("conv", "Conv2D", "prelu", "k");
        ints(conv, "strides", 1, 1, 1, 1);
        string(conv, "padding", "VALID");
        ObjectNode sq = g.node("squeeze", "Squeeze", "conv");
        ints(sq, "squeeze_dims", 1, 2);
        g.node("square", "Square", "squeeze");
        ObjectNode sum = g.node("sum", "Sum", "square", "sumAxes");
        ((ObjectNode) sum.get("attr")).putObject("keep_dims").put("b", true);
        g.node("max", "Maximum", "sum", "eps");
        g.node("rsqrt", "Rsqrt", "max");
        g.node("y", "Mul", "squeeze", "rsqrt");

        // when
        float[] got = run(g.parse(), x, 2, h, w, 5);

        // then
        for (int b = 0; b < 2; b++) {
            double[] f = new double[5];
            double norm = 0;
            for (int o = 0; o < 5; o++) {
                for (int c = 0; c < 3; c++) {
                    float v = x[b * 3 + c];
                    f[o] += (Math.max(0, v) + a[c] * (v - Math.abs(v))) * k[c * 5 + o];
                }
                norm += f[o] * f[o];
            }
            for (int o = 0; o < 5; o++) {
                assertThat(got[b * 5 + o]).isCloseTo((float) (f[o] / Math.sqrt(norm)), org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void pad_then_reshape_flattens_in_tensorflow_channels_last_order() throws Exception {
        // given x [1,2,2,3] -> Pad one column on the right of W -> Reshape [-1, 18]
        Graph g = new Graph(2, 2).ints("p", new int[] {4, 2}, 0, 0, 0, 0, 0, 1, 0, 0).ints("shape", new int[] {2}, -1, 18);
        g.node("pad", "Pad", "x", "p");
        g.node("y", "Reshape", "pad", "shape");
        float[] x = new float[12];
        for (int i = 0; i < 12; i++) {
            x[i] = i + 1;
        }

        // when
        float[] got = run(g.parse(), x, 1, 2, 2, 18);

        // then rows of [x(0,0), x(0,1), 0] per channel, in NHWC order
        assertThat(got).containsExactly(1, 2, 3, 4, 5, 6, 0, 0, 0, 7, 8, 9, 10, 11, 12, 0, 0, 0);
    }

    @Test
    void an_unsupported_op_is_named() throws Exception {
        Graph g = new Graph(2, 2);
        g.node("y", "Cumsum", "x");
        TfjsGraph parsed = g.parse();
        assertThatThrownBy(() -> GraphModelConverter.convert(parsed, "t", "input", 2, 2, List.of(new Output("y", "out", 1)), "t", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cumsum").hasMessageContaining("node y");
    }
}
