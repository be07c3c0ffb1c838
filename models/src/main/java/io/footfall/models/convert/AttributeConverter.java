package io.footfall.models.convert;

import io.footfall.models.onnx.OnnxGraph;
import io.footfall.models.onnx.OnnxGraph.Attribute;
import io.footfall.models.tfjs.TfjsWeights;
import io.footfall.models.tfjs.TfjsWeights.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Converts face-api.js's two face-attribute nets into ONNX. Both take N×3×112×112 RGB already normalised by the caller
 * (see the descriptors) and end in a global average over a 7×7 map and a fully connected layer:
 *
 * <ul>
 *   <li>{@code age_gender_model}: the TinyXception feature extractor ({@code xception/TinyXception.js}, two middle
 *       blocks) with two heads ({@code ageGenderNet/AgeGenderNet.js}); outputs {@code age} N×1 (years) and
 *       {@code gender} N×2 (softmax: male, female). Input {@code (x − [122.782, 117.001, 104.298]) / 256}.</li>
 *   <li>{@code face_expression_model}: four dense blocks of depthwise-separable convolutions
 *       ({@code faceFeatureExtractor/FaceFeatureExtractor.js}, {@code denseBlock.js}) and one head
 *       ({@code faceExpressionNet/FaceExpressionNet.js}); output {@code expressions} N×7 (softmax: neutral, happy,
 *       sad, angry, fearful, disgusted, surprised). Input {@code (x − [122.782, 117.001, 104.298]) / 255}.</li>
 * </ul>
 *
 * <p>TensorFlow's 'same' padding puts the odd pixel at the end; the convolutions get those pads explicitly and the
 * max-pools {@code SAME_UPPER}. A separable convolution is a depthwise convolution (group = channels, no bias) then a
 * 1×1 convolution with the bias.
 */
public final class AttributeConverter {

    /** The side of the square input both nets take. */
    public static final int SIZE = 112;

    private AttributeConverter() {}

    public static byte[] ageGender(TfjsWeights w, Map<String, String> metadata) {
        Net n = new Net(w, "face_api_age_gender");
        n.x = n.relu(n.conv("entry_flow/conv_in", 2));
        n.reduction("entry_flow/reduction_block_0", false);
        n.reduction("entry_flow/reduction_block_1", true);
        for (int i = 0; i < 2; i++) {
            n.mainBlock("middle_flow/main_block_" + i);
        }
        n.reduction("exit_flow/reduction_block", true);
        n.x = n.relu(n.separable(n.x, "exit_flow/separable_conv", 1));
        String pooled = n.globalMean();
        Layers l = n.l;
        String age = l.fc(pooled, "fc/age", w.get("fc/age/weights", 512, 1), w.get("fc/age/bias", 1));
        l.identity(age, "age");
        String gender = l.fc(pooled, "fc/gender", w.get("fc/gender/weights", 512, 2), w.get("fc/gender/bias", 2));
        l.softmax(gender, "gender");
        l.graph().output("age", "N", 1L);
        l.graph().output("gender", "N", 2L);
        return l.graph().toModel("footfall-models", "1", "face-api.js AgeGenderNet (TinyXception), MIT", metadata);
    }

    public static byte[] expression(TfjsWeights w, Map<String, String> metadata) {
        Net n = new Net(w, "face_api_expression");
        String pooled = n.denseBackbone();
        Layers l = n.l;
        String logits = l.fc(pooled, "fc", w.get("fc/weights", 256, 7), w.get("fc/bias", 7));
        l.softmax(logits, "expressions");
        l.graph().output("expressions", "N", 7L);
        return l.graph().toModel("footfall-models", "1", "face-api.js FaceExpressionNet, MIT", metadata);
    }

    /**
     * face-api.js's {@code face_landmark_68_model} ({@code faceLandmarkNet/FaceLandmark68Net.js}): the expression net's
     * backbone (four dense blocks, input {@code (x − [122.782, 117.001, 104.298]) / 255}) and a fully connected layer
     * 256 → 136. Output {@code landmarks} N×136: x0, y0, x1, y1, … of the 68 points (iBUG 300-W order, dlib's) as
     * fractions of the 112×112 input; the caller maps them back through its crop.
     */
    public static byte[] landmarks68(TfjsWeights w, Map<String, String> metadata) {
        Net n = new Net(w, "face_api_landmark68");
        String pooled = n.denseBackbone();
        Layers l = n.l;
        String points = l.fc(pooled, "fc", w.get("fc/weights", 256, 136), w.get("fc/bias", 136));
        l.identity(points, "landmarks");
        l.graph().output("landmarks", "N", 136L);
        return l.graph().toModel("footfall-models", "1", "face-api.js FaceLandmark68Net, MIT", metadata);
    }

    /** Tracks the current tensor and its (square) spatial size while a graph is built. */
    private static final class Net {
        final Layers l;
        final TfjsWeights w;
        String x = "input";
        int size = SIZE;

        Net(TfjsWeights w, String name) {
            this.l = new Layers(new OnnxGraph(name));
            this.w = w;
            l.graph().input("input", "N", 3L, (long) SIZE, (long) SIZE);
        }

        OnnxGraph g() {
            return l.graph();
        }

        String relu(String t) {
            return l.relu(t);
        }

        /** TensorFlow 'same' pads for a k×k kernel at {@code stride} on the current size: begin, begin, end, end. */
        long[] samePads(int kernel, int stride) {
            int out = (size + stride - 1) / stride;
            int total = Math.max((out - 1) * stride + kernel - size, 0);
            long begin = total / 2, end = total - begin;
            return new long[] {begin, begin, end, end};
        }

        /** A plain convolution with bias, TensorFlow 'same'; the size is left unchanged (callers move it). */
        String conv(String input, String prefix, int stride) {
            Tensor k = w.get(prefix + "/filters");
            int kh = k.shape()[0], kw = k.shape()[1], ci = k.shape()[2], co = k.shape()[3];
            String wt = g().floats(g().fresh(prefix + "/W"), new long[] {co, ci, kh, kw}, Layers.oihw(k, false));
            String b = g().floats(g().fresh(prefix + "/B"), new long[] {co}, w.get(prefix + "/bias", co).data());
            return g().node("Conv", List.of(input, wt, b), g().fresh(prefix),
                    Attribute.ints("kernel_shape", kh, kw), Attribute.ints("strides", stride, stride),
                    Attribute.ints("pads", samePads(kh, stride)));
        }

        String conv(String prefix, int stride) {
            String y = conv(x, prefix, stride);
            size = (size + stride - 1) / stride;
            return y;
        }

        /** tf.separableConv2d(..., 'same') + bias: depthwise 3×3 (one filter per channel), then pointwise 1×1 with the bias. */
        String separable(String input, String prefix, int stride) {
            Tensor dw = w.get(prefix + "/depthwise_filter");
            int kh = dw.shape()[0], kw = dw.shape()[1], c = dw.shape()[2];
            if (dw.shape()[3] != 1) {
                throw new IllegalArgumentException(prefix + ": depth multiplier " + dw.shape()[3] + " is not 1");
            }
            float[] depthwise = new float[dw.size()];
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < kh; y++) {
                    for (int xx = 0; xx < kw; xx++) {
                        depthwise[(ch * kh + y) * kw + xx] = dw.data()[(y * kw + xx) * c + ch];
                    }
                }
            }
            String dwW = g().floats(g().fresh(prefix + "/depthwise/W"), new long[] {c, 1, kh, kw}, depthwise);
            String d = g().node("Conv", List.of(input, dwW), g().fresh(prefix + "/depthwise"),
                    Attribute.ints("kernel_shape", kh, kw), Attribute.ints("strides", stride, stride),
                    Attribute.ints("pads", samePads(kh, stride)), Attribute.of("group", (long) c));
            Tensor pw = w.get(prefix + "/pointwise_filter");
            int co = pw.shape()[3];
            String pwW = g().floats(g().fresh(prefix + "/pointwise/W"), new long[] {co, c, 1, 1}, Layers.oihw(pw, false));
            String b = g().floats(g().fresh(prefix + "/B"), new long[] {co}, w.get(prefix + "/bias", co).data());
            return g().node("Conv", List.of(d, pwW, b), g().fresh(prefix), Attribute.ints("kernel_shape", 1, 1));
        }

        /** TinyXception's reduction block: two separable convs, a 3×3/2 max-pool, plus a strided 1×1 expansion of the input. */
        void reduction(String prefix, boolean activateInput) {
            String out = activateInput ? relu(x) : x;
            out = separable(out, prefix + "/separable_conv0", 1);
            out = separable(relu(out), prefix + "/separable_conv1", 1);
            out = l.maxPool(out, 3, 2, true);
            String expansion = conv(x, prefix + "/expansion_conv", 2);
            x = l.add(out, expansion);
            size = (size + 1) / 2;
        }

        void mainBlock(String prefix) {
            String out = separable(relu(x), prefix + "/separable_conv0", 1);
            out = separable(relu(out), prefix + "/separable_conv1", 1);
            out = separable(relu(out), prefix + "/separable_conv2", 1);
            x = l.add(out, x);
        }

        /** denseBlock4 with scale-down: the first layer strided (a plain conv in the first block), each later one fed the sum of all before. */
        void denseBlock(String prefix, boolean first) {
            String out1 = relu(first ? conv(x, prefix + "/conv0", 2) : separable(x, prefix + "/conv0", 2));
            size = (size + 1) / 2;
            String out2 = separable(out1, prefix + "/conv1", 1);
            String in3 = relu(l.add(out1, out2));
            String out3 = separable(in3, prefix + "/conv2", 1);
            String in4 = relu(l.add(out1, l.add(out2, out3)));
            String out4 = separable(in4, prefix + "/conv3", 1);
            x = relu(l.add(out1, l.add(out2, l.add(out3, out4))));
        }

        /** The expression and landmark nets' trunk (FaceFeatureExtractor): four dense blocks, then the global mean. */
        String denseBackbone() {
            for (int i = 0; i < 4; i++) {
                denseBlock("dense" + i, i == 0);
            }
            return globalMean();
        }

        /** face-api.js's avgPool 7×7 / 2 'valid' on a 7×7 map is the mean over the map; flattened to N×C. */
        String globalMean() {
            if (size != 7) {
                throw new IllegalStateException("expected a 7×7 map before pooling, got " + size + "×" + size);
            }
            String pooled = g().node("GlobalAveragePool", List.of(x), g().fresh("global_mean"));
            return l.flatten(pooled);
        }
    }
}
