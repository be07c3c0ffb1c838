package io.footfall.models.convert;

import io.footfall.models.onnx.OnnxGraph;
import io.footfall.models.tfjs.TfjsWeights;
import io.footfall.models.tfjs.TfjsWeights.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Converts dlib's 128-d face-recognition ResNet-29 (as published by face-api.js) into ONNX: input N×3×150×150 RGB
 * already normalised as {@code (x − mean) / 256}, output {@code descriptor} [N,128], not L2-normalised.
 *
 * <p>Each dlib "scale" layer (an affine per channel after conv + bias) is folded into its convolution, since
 * {@code (W*x + b) * s + t = (W*s)*x + (b*s + t)}.
 */
public final class FaceRecognitionConverter {

    private FaceRecognitionConverter() {}

    public static byte[] convert(TfjsWeights w, Map<String, String> metadata) {
        Net n = new Net(new Layers(new OnnxGraph("dlib_face_recognition_resnet29")), w);
        n.l.graph().input("input", "N", 3L, 150L, 150L);
        n.x = "input";
        n.conv("conv32_down", 2, 0, true);
        n.x = n.l.maxPool(n.x, 3, 2, false);
        n.size = (n.size - 3) / 2 + 1;
        for (String block : List.of("conv32_1", "conv32_2", "conv32_3")) {
            n.residual(block);
        }
        n.residualDown("conv64_down");
        for (String block : List.of("conv64_1", "conv64_2", "conv64_3")) {
            n.residual(block);
        }
        n.residualDown("conv128_down");
        n.residual("conv128_1");
        n.residual("conv128_2");
        n.residualDown("conv256_down");
        n.residual("conv256_1");
        n.residual("conv256_2");
        n.residualDown("conv256_down_out");
        Layers l = n.l;
        String mean = l.graph().node("ReduceMean", List.of(n.x), l.graph().fresh("global_mean"),
                OnnxGraph.Attribute.ints("axes", 2, 3), OnnxGraph.Attribute.of("keepdims", 0L));
        Tensor fc = w.get("fc", 256, 128);
        String fcW = l.graph().floats("fc/W", new long[] {256, 128}, fc.data());
        l.graph().node("MatMul", List.of(mean, fcW), "descriptor");
        l.graph().output("descriptor", "N", 128L);
        return l.graph().toModel("footfall-models", "1", "dlib face recognition ResNet-29 (CC0), via face-api.js", metadata);
    }

    /** Tracks the current tensor, its channels and (square) spatial size while the graph is built. */
    private static final class Net {
        final Layers l;
        final TfjsWeights w;
        String x;
        int channels = 3;
        int size = 150;

        Net(Layers l, TfjsWeights w) {
            this.l = l;
            this.w = w;
        }

        /** conv + bias + scale (+ ReLU); 'same' 3×3 convs pad 1, 'valid' ones pad 0. */
        String conv(String input, String prefix, int stride, int pad, boolean relu) {
            Tensor k = w.get(prefix + "/conv/filters");
            int co = k.shape()[3];
            float[] kernel = Layers.oihw(k, false);
            float[] bias = w.get(prefix + "/conv/bias", co).data().clone();
            float[] s = w.get(prefix + "/scale/weights", co).data();
            float[] t = w.get(prefix + "/scale/biases", co).data();
            int perOut = kernel.length / co;
            for (int o = 0; o < co; o++) {
                for (int j = 0; j < perOut; j++) {
                    kernel[o * perOut + j] *= s[o];
                }
                bias[o] = bias[o] * s[o] + t[o];
            }
            String y = l.conv(input, prefix, kernel, k.shape(), bias, false, stride, pad);
            return relu ? l.relu(y) : y;
        }

        void conv(String prefix, int stride, int pad, boolean relu) {
            int kernel = w.get(prefix + "/conv/filters").shape()[0];
            x = conv(x, prefix, stride, pad, relu);
            channels = w.get(prefix + "/conv/filters").shape()[3];
            size = (size + 2 * pad - kernel) / stride + 1;
        }

        void residual(String block) {
            String y = conv(x, block + "/conv1", 1, 1, true);
            y = conv(y, block + "/conv2", 1, 1, false);
            x = l.relu(l.add(y, x));
        }

        /**
         * A strided block. The shortcut is a 2×2 average pool whose missing channels are zeros; where the conv
         * branch comes out one smaller, face-api.js appends a zero row and column to it.
         */
        void residualDown(String block) {
            int outChannels = w.get(block + "/conv1/conv/filters").shape()[3];
            String y = conv(x, block + "/conv1", 2, 0, true);
            y = conv(y, block + "/conv2", 1, 1, false);
            int convSize = (size - 3) / 2 + 1;
            int pooledSize = size / 2;
            String pooled = l.graph().node("AveragePool", List.of(x), l.graph().fresh(block + "/shortcut"),
                    OnnxGraph.Attribute.ints("kernel_shape", 2, 2), OnnxGraph.Attribute.ints("strides", 2, 2));
            if (pooledSize != convSize) {
                long d = pooledSize - convSize;
                y = l.pad(y, 0, 0, 0, 0, 0, 0, d, d);
            }
            if (outChannels != channels) {
                // face-api.js concatenates a zero tensor the pooled tensor's size, so channels double
                if (outChannels != 2 * channels) {
                    throw new IllegalArgumentException(block + ": " + channels + " -> " + outChannels + " channels is not a doubling");
                }
                pooled = l.pad(pooled, 0, 0, 0, 0, 0, channels, 0, 0);
            }
            x = l.relu(l.add(pooled, y));
            channels = outChannels;
            size = pooledSize;
        }
    }
}
