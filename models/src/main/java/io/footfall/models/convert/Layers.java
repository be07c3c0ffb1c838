package io.footfall.models.convert;

import io.footfall.models.onnx.OnnxGraph;
import io.footfall.models.onnx.OnnxGraph.Attribute;
import io.footfall.models.tfjs.TfjsWeights.Tensor;
import java.util.List;

/** TensorFlow (NHWC, HWIO) layers re-expressed as ONNX (NCHW, OIHW) nodes. */
final class Layers {

    private final OnnxGraph g;

    Layers(OnnxGraph g) {
        this.g = g;
    }

    OnnxGraph graph() {
        return g;
    }

    /**
     * HWIO kernel to OIHW. With {@code swapSpatial} the kernel's two spatial axes are exchanged: a net trained on
     * transposed images (MTCNN's Caffe heritage) then runs on images in their natural height-by-width order.
     */
    static float[] oihw(Tensor k, boolean swapSpatial) {
        int kh = k.shape()[0], kw = k.shape()[1], ci = k.shape()[2], co = k.shape()[3];
        int oh = swapSpatial ? kw : kh, ow = swapSpatial ? kh : kw;
        float[] out = new float[k.size()];
        for (int o = 0; o < co; o++) {
            for (int i = 0; i < ci; i++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        int sy = swapSpatial ? x : y, sx = swapSpatial ? y : x;
                        out[((o * ci + i) * oh + y) * ow + x] = k.data()[((sy * kw + sx) * ci + i) * co + o];
                    }
                }
            }
        }
        return out;
    }

    String conv(String x, String name, float[] oihw, int[] tfShape, float[] bias, boolean swapSpatial, int stride, int pad) {
        int kh = tfShape[0], kw = tfShape[1], ci = tfShape[2], co = tfShape[3];
        long[] dims = swapSpatial ? new long[] {co, ci, kw, kh} : new long[] {co, ci, kh, kw};
        String w = g.floats(g.fresh(name + "/W"), dims, oihw);
        String b = g.floats(g.fresh(name + "/B"), new long[] {co}, bias);
        return g.node("Conv", List.of(x, w, b), g.fresh(name),
                Attribute.ints("kernel_shape", dims[2], dims[3]),
                Attribute.ints("strides", stride, stride),
                Attribute.ints("pads", pad, pad, pad, pad));
    }

    /** ONNX PRelu with one slope per feature of an N×C input (the fully connected layers; after convolutions see preluBlocked). */
    String prelu(String x, String name, Tensor alpha) {
        String a = g.floats(g.fresh(name + "/slope"), new long[] {alpha.size()}, alpha.data());
        return g.node("PRelu", List.of(x, a), g.fresh(name));
    }

    /**
     * PReLU with one slope per channel as {@code relu(x) − α·relu(−x)}, from operators ONNX Runtime keeps in its blocked
     * (NCHWc) layout: a Relu, a 1×1 depthwise convolution by −1 with its Relu fused, and one by −α with the Relu'd
     * input added in the same pass. Exact for every slope: one of the two terms is 0 (or −0), negation is exact, and
     * α·x is rounded once as in PRelu.
     */
    String preluBlocked(String x, String name, float[] slopes) {
        int c = slopes.length;
        float[] minusOne = new float[c], minusSlope = new float[c];
        for (int i = 0; i < c; i++) {
            minusOne[i] = -1;
            minusSlope[i] = -slopes[i];
        }
        String positive = g.node("Relu", List.of(x), g.fresh(name + "/positive"));
        String negative = g.node("Relu", List.of(depthwise(x, name + "/negated", minusOne)), g.fresh(name + "/negative"));
        return g.node("Add", List.of(depthwise(negative, name + "/scaled", minusSlope), positive), g.fresh(name));
    }

    /** A 1×1 depthwise convolution: each channel times its own factor. */
    String depthwise(String x, String name, float[] factors) {
        int c = factors.length;
        String w = g.floats(g.fresh(name + "/W"), new long[] {c, 1, 1, 1}, factors);
        String b = g.floats(g.fresh(name + "/B"), new long[] {c}, new float[c]);
        return g.node("Conv", List.of(x, w, b), g.fresh(name), Attribute.ints("kernel_shape", 1, 1), Attribute.of("group", (long) c));
    }

    /** TensorFlow 'same' pooling pads the end first, which is ONNX SAME_UPPER. */
    String maxPool(String x, int kernel, int stride, boolean same) {
        String out = g.fresh("maxpool");
        if (same) {
            return g.node("MaxPool", List.of(x), out, Attribute.of("auto_pad", "SAME_UPPER"),
                    Attribute.ints("kernel_shape", kernel, kernel), Attribute.ints("strides", stride, stride));
        }
        return g.node("MaxPool", List.of(x), out,
                Attribute.ints("kernel_shape", kernel, kernel), Attribute.ints("strides", stride, stride));
    }

    String fc(String x, String name, Tensor weights, Tensor bias) {
        String w = g.floats(g.fresh(name + "/W"), new long[] {weights.shape()[0], weights.shape()[1]}, weights.data());
        String b = g.floats(g.fresh(name + "/B"), new long[] {bias.size()}, bias.data());
        String mm = g.node("MatMul", List.of(x, w), g.fresh(name + "/matmul"));
        return g.node("Add", List.of(mm, b), g.fresh(name));
    }

    String relu(String x) {
        return g.node("Relu", List.of(x), g.fresh("relu"));
    }

    String add(String a, String b) {
        return g.node("Add", List.of(a, b), g.fresh("add"));
    }

    String sigmoid(String x, String out) {
        return g.node("Sigmoid", List.of(x), out);
    }

    String softmax(String x, String out) {
        return g.node("Softmax", List.of(x), out, Attribute.of("axis", 1L));
    }

    String transpose(String x, long... perm) {
        return g.node("Transpose", List.of(x), g.fresh("transpose"), Attribute.ints("perm", perm));
    }

    String flatten(String x) {
        return g.node("Flatten", List.of(x), g.fresh("flatten"), Attribute.of("axis", 1L));
    }

    /** Zero padding; {@code pads} lists the begin amounts of each axis, then the end amounts (ONNX order). */
    String pad(String x, long... pads) {
        String p = g.longs(g.fresh("pads"), new long[] {pads.length}, pads);
        return g.node("Pad", List.of(x, p), g.fresh("pad"));
    }

    String identity(String x, String out) {
        return g.node("Identity", List.of(x), out);
    }
}
