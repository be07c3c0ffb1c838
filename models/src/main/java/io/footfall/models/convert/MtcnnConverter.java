package io.footfall.models.convert;

import io.footfall.models.onnx.OnnxGraph;
import io.footfall.models.tfjs.TfjsWeights;
import io.footfall.models.tfjs.TfjsWeights.Tensor;
import java.util.Map;

/**
 * Converts face-api.js's MTCNN weights into three ONNX nets that take BGR images in natural N×3×H×W order,
 * normalised as {@code (x − 127.5) / 128}.
 *
 * <p>The original nets were trained on transposed images (width before height, from the Caffe/MATLAB MTCNN).
 * Exchanging the spatial axes of every kernel, and flattening in (W, H, C) order before the fully connected
 * layers, makes the transposition unnecessary while giving the same numbers: P-Net's output maps come out as
 * H'×W' instead of W'×H', and the R-Net/O-Net vectors are unchanged.
 */
public final class MtcnnConverter {

    private MtcnnConverter() {}

    /** Any input size ≥ 12×12; outputs {@code prob} [N,2,H',W'] (channel 1 = face) and {@code regions} [N,4,H',W']. */
    public static byte[] pnet(TfjsWeights w, Map<String, String> metadata) {
        Layers l = new Layers(new OnnxGraph("mtcnn_pnet"));
        l.graph().input("input", "N", 3L, "H", "W");
        Layer x = convPrelu(l, w, INPUT, "pnet", "conv1", "prelu1_alpha", 3, 3, 10);
        x = pool(l, x, 2, 2, true);
        x = convPrelu(l, w, x, "pnet", "conv2", "prelu2_alpha", 3, 10, 16);
        x = convPrelu(l, w, x, "pnet", "conv3", "prelu3_alpha", 3, 16, 32);
        l.sigmoid(twoClassLogits(w, l, x.name(), "pnet/conv4_1", 32), "prob");
        l.identity(conv(l, w, x.name(), "pnet/conv4_2", 1, 32, 4), "regions");
        l.graph().output("prob", "N", 2L, "Hout", "Wout");
        l.graph().output("regions", "N", 4L, "Hout", "Wout");
        return l.graph().toModel("footfall-models", "1", "MTCNN P-Net (face-api.js weights, MIT)", metadata);
    }

    /** Input N×3×24×24; outputs {@code prob} [N,2] and {@code regions} [N,4]. */
    public static byte[] rnet(TfjsWeights w, Map<String, String> metadata) {
        Layers l = new Layers(new OnnxGraph("mtcnn_rnet"));
        l.graph().input("input", "N", 3L, 24L, 24L);
        String x = flattenWhc(l, rnetShared(l, w, "rnet", 28, 48, 64, 2).name());
        x = l.fc(x, "rnet/fc1", w.get("rnet/fc1/weights", 576, 128), w.get("rnet/fc1/bias"));
        x = l.prelu(x, "rnet/prelu4", w.get("rnet/prelu4_alpha"));
        l.softmax(l.fc(x, "rnet/fc2_1", w.get("rnet/fc2_1/weights"), w.get("rnet/fc2_1/bias")), "prob");
        l.identity(l.fc(x, "rnet/fc2_2", w.get("rnet/fc2_2/weights"), w.get("rnet/fc2_2/bias")), "regions");
        l.graph().output("prob", "N", 2L);
        l.graph().output("regions", "N", 4L);
        return l.graph().toModel("footfall-models", "1", "MTCNN R-Net (face-api.js weights, MIT)", metadata);
    }

    /**
     * Input N×3×48×48; outputs {@code prob} [N,2], {@code regions} [N,4] and {@code points} [N,10]: five x then
     * five y, relative to the box.
     */
    public static byte[] onet(TfjsWeights w, Map<String, String> metadata) {
        Layers l = new Layers(new OnnxGraph("mtcnn_onet"));
        l.graph().input("input", "N", 3L, 48L, 48L);
        Layer shared = pool(l, rnetShared(l, w, "onet", 32, 64, 64, 3), 2, 2, true);
        String x = flattenWhc(l, convPrelu(l, w, shared, "onet", "conv4", "prelu4_alpha", 2, 64, 128).name());
        x = l.fc(x, "onet/fc1", w.get("onet/fc1/weights", 1152, 256), w.get("onet/fc1/bias"));
        x = l.prelu(x, "onet/prelu5", w.get("onet/prelu5_alpha"));
        l.softmax(l.fc(x, "onet/fc2_1", w.get("onet/fc2_1/weights"), w.get("onet/fc2_1/bias")), "prob");
        l.identity(l.fc(x, "onet/fc2_2", w.get("onet/fc2_2/weights"), w.get("onet/fc2_2/bias")), "regions");
        l.identity(l.fc(x, "onet/fc2_3", w.get("onet/fc2_3/weights"), w.get("onet/fc2_3/bias")), "points");
        l.graph().output("prob", "N", 2L);
        l.graph().output("regions", "N", 4L);
        l.graph().output("points", "N", 10L);
        return l.graph().toModel("footfall-models", "1", "MTCNN O-Net (face-api.js weights, MIT)", metadata);
    }

    private static final Layer INPUT = new Layer("input", 3);

    private static Layer rnetShared(Layers l, TfjsWeights w, String net, int c1, int c2, int c3, int k3) {
        Layer x = convPrelu(l, w, INPUT, net, "conv1", "prelu1_alpha", 3, 3, c1);
        x = pool(l, x, 3, 2, true);
        x = convPrelu(l, w, x, net, "conv2", "prelu2_alpha", 3, c1, c2);
        x = pool(l, x, 3, 2, false);
        return convPrelu(l, w, x, net, "conv3", "prelu3_alpha", k3, c2, c3);
    }

    private static Layer pool(Layers l, Layer x, int kernel, int stride, boolean same) {
        return new Layer(l.maxPool(x.name(), kernel, stride, same), x.channels());
    }

    // the fully connected weights expect the transposed image's NHWC order: (W, H, C)
    private static String flattenWhc(Layers l, String x) {
        return l.flatten(l.transpose(x, 0, 3, 2, 1));
    }

    /**
     * A convolution followed by PReLU with one slope per channel, in a form ONNX Runtime runs fast: its PRelu on a
     * per-channel slope is a scalar loop outside the blocked (NCHWc) layout of its convolutions (45 % of P-Net's time),
     * and any operator outside that layout (an elementwise Max, a pooling over a channel count that is not a whole
     * number of blocks) costs a reorder out of it and back. So PReLU is {@code relu(y) − α·relu(−y)}
     * ({@link Layers#preluBlocked}), and a layer whose channels are not a multiple of {@value #CHANNEL_BLOCK} (P-Net's 10,
     * R-Net's 28) gets zero channels up to one: zero weights and bias, so they stay 0 through PReLU, and the next
     * convolution reads them with zero weights ({@code in.channels()} is the padded count it receives). The same numbers:
     * ONNX Runtime pads channels to its block with zeros anyway. Returns the output and its padded channel count.
     */
    private static Layer convPrelu(Layers l, TfjsWeights w, Layer in, String net, String conv, String alpha, int k, int ci, int co) {
        String prefix = net + "/" + conv;
        int coOut = padded(co);
        Tensor kernel = w.get(prefix + "/weights", k, k, ci, co);
        float[] weights = pad(Layers.oihw(kernel, true), co, ci, k * k, coOut, in.channels());
        float[] bias = java.util.Arrays.copyOf(w.get(prefix + "/bias", co).data(), coOut);
        float[] slopes = java.util.Arrays.copyOf(w.get(net + "/" + alpha, co).data(), coOut);
        String y = l.conv(in.name(), prefix, weights, new int[] {k, k, in.channels(), coOut}, bias, true, 1, 0);
        return new Layer(l.preluBlocked(y, net + "/" + alpha.replace("_alpha", ""), slopes), coOut);
    }

    /** ONNX Runtime's largest channel block (16 floats with AVX-512; 8 with AVX2, which divides it). */
    static final int CHANNEL_BLOCK = 16;

    /** A tensor's name and its (possibly zero-padded) channel count. */
    private record Layer(String name, int channels) {}

    private static int padded(int channels) {
        return (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
    }

    /** OIHW weights of {@code co × ci} filters of {@code k2} taps, zero-padded to {@code coOut × ciIn}. */
    static float[] pad(float[] oihw, int co, int ci, int k2, int coOut, int ciIn) {
        if (co == coOut && ci == ciIn) {
            return oihw;
        }
        float[] out = new float[coOut * ciIn * k2];
        for (int o = 0; o < co; o++) {
            for (int i = 0; i < ci; i++) {
                System.arraycopy(oihw, (o * ci + i) * k2, out, (o * ciIn + i) * k2, k2);
            }
        }
        return out;
    }

    /**
     * A 1×1 convolution to two logits {@code [l0, l1]} whose softmax face-api.js takes, written as the differences
     * {@code [l0 − l1, l1 − l0]} so that a sigmoid gives the same two probabilities: ONNX Runtime fuses the sigmoid
     * into the convolution, where a channel softmax transposes the whole map twice.
     */
    private static String twoClassLogits(TfjsWeights w, Layers l, String x, String prefix, int ci) {
        Tensor kernel = w.get(prefix + "/weights", 1, 1, ci, 2);
        float[] logits = Layers.oihw(kernel, true);
        float[] bias = w.get(prefix + "/bias", 2).data();
        float[] difference = new float[logits.length];
        for (int i = 0; i < ci; i++) {
            difference[i] = logits[i] - logits[ci + i];
            difference[ci + i] = -difference[i];
        }
        return l.conv(x, prefix, difference, kernel.shape(), new float[] {bias[0] - bias[1], bias[1] - bias[0]}, true, 1, 0);
    }

    private static String conv(Layers l, TfjsWeights w, String x, String prefix, int k, int ci, int co) {
        Tensor kernel = w.get(prefix + "/weights", k, k, ci, co);
        return l.conv(x, prefix, Layers.oihw(kernel, true), kernel.shape(), w.get(prefix + "/bias", co).data(), true, 1, 0);
    }
}
