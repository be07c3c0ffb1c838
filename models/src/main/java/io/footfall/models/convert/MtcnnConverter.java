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
        String x = convPrelu(l, w, "input", "pnet", "conv1", "prelu1_alpha", 3, 3, 10);
        x = l.maxPool(x, 2, 2, true);
        x = convPrelu(l, w, x, "pnet", "conv2", "prelu2_alpha", 3, 10, 16);
        x = convPrelu(l, w, x, "pnet", "conv3", "prelu3_alpha", 3, 16, 32);
        l.sigmoid(twoClassLogits(w, l, x, "pnet/conv4_1", 32), "prob");
        l.identity(conv(l, w, x, "pnet/conv4_2", 1, 32, 4), "regions");
        l.graph().output("prob", "N", 2L, "Hout", "Wout");
        l.graph().output("regions", "N", 4L, "Hout", "Wout");
        return l.graph().toModel("footfall-models", "1", "MTCNN P-Net (face-api.js weights, MIT)", metadata);
    }

    /** Input N×3×24×24; outputs {@code prob} [N,2] and {@code regions} [N,4]. */
    public static byte[] rnet(TfjsWeights w, Map<String, String> metadata) {
        Layers l = new Layers(new OnnxGraph("mtcnn_rnet"));
        l.graph().input("input", "N", 3L, 24L, 24L);
        String x = rnetShared(l, w, "rnet", 28, 48, 64, 2);
        x = flattenWhc(l, x);
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
        String x = rnetShared(l, w, "onet", 32, 64, 64, 3);
        x = l.maxPool(x, 2, 2, true);
        x = convPrelu(l, w, x, "onet", "conv4", "prelu4_alpha", 2, 64, 128);
        x = flattenWhc(l, x);
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

    private static String rnetShared(Layers l, TfjsWeights w, String net, int c1, int c2, int c3, int k3) {
        String x = convPrelu(l, w, "input", net, "conv1", "prelu1_alpha", 3, 3, c1);
        x = l.maxPool(x, 3, 2, true);
        x = convPrelu(l, w, x, net, "conv2", "prelu2_alpha", 3, c1, c2);
        x = l.maxPool(x, 3, 2, false);
        return convPrelu(l, w, x, net, "conv3", "prelu3_alpha", k3, c2, c3);
    }

    // the fully connected weights expect the transposed image's NHWC order: (W, H, C)
    private static String flattenWhc(Layers l, String x) {
        return l.flatten(l.transpose(x, 0, 3, 2, 1));
    }

    /**
     * A convolution followed by PReLU with one slope per channel, in a form ONNX Runtime runs fast. Its PRelu on a
     * per-channel slope is a scalar loop outside the blocked (NCHWc) layout of its convolutions, and took 45 % of
     * P-Net's time. Where the slope α ≤ 1, PReLU(y) = max(y, α·y), whose product it turns into a depthwise
     * convolution. Where α > 1 (a few channels of P-Net's and R-Net's first layers), PReLU(y) = min(y, α·y) =
     * −max(−y, −α·y): those channels' weights are negated, so the same max gives −PReLU(y), and a depthwise
     * convolution by ±1 restores the sign. Exact: negation is exact in floating point.
     */
    private static String convPrelu(Layers l, TfjsWeights w, String x, String net, String conv, String alpha, int k, int ci, int co) {
        String prefix = net + "/" + conv;
        String name = net + "/" + alpha.replace("_alpha", "");
        float[] slopes = w.get(net + "/" + alpha, co).data();
        float[] sign = new float[co];
        boolean flipped = false;
        for (int c = 0; c < co; c++) {
            sign[c] = slopes[c] > 1 ? -1 : 1;
            flipped |= slopes[c] > 1;
        }
        if (!flipped) {
            return l.preluAsMax(conv(l, w, x, prefix, k, ci, co), name, slopes, false);
        }
        Tensor kernel = w.get(prefix + "/weights", k, k, ci, co);
        float[] weights = Layers.oihw(kernel, true);
        float[] bias = w.get(prefix + "/bias", co).data().clone();
        int perChannel = weights.length / co;
        for (int c = 0; c < co; c++) {
            bias[c] *= sign[c];
            for (int i = 0; i < perChannel; i++) {
                weights[c * perChannel + i] *= sign[c];
            }
        }
        String y = l.conv(x, prefix, weights, kernel.shape(), bias, true, 1, 0);
        return l.depthwise(l.preluAsMax(y, name, slopes, true), name + "/sign", sign);
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
