package io.footfall.models.convert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.footfall.models.onnx.OnnxGraph;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayersTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @Test
    void blocked_prelu_gives_exactly_what_onnx_prelu_gives_for_every_slope() throws Exception {
        // given slopes below, at and above 1 (MTCNN's first layers have some above 1), zero and negative, one per channel
        float[] slopes = {0.25f, 0f, 1f, 1.296f, -0.5f, 0.01f, 0.999f, 3f, 0.3333f, 0.7f, 1e-3f, 0.5f, 0.125f, 2f, 0.9f, 0.6f};
        int c = slopes.length, h = 7, w = 9;
        float[] x = new float[c * h * w];
        Random random = new Random(11);
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 9) {
                case 0 -> 0f;
                case 1 -> -0f;
                case 2 -> Float.MIN_VALUE * (random.nextBoolean() ? 1 : -1);
                case 3 -> (random.nextFloat() - 0.5f) * 1e30f;
                default -> (float) random.nextGaussian() * 4;
            };
        }

        // when PReLU runs as ONNX's PRelu and as the blocked form the MTCNN converter writes
        float[] reference = run(graph(slopes, false), x, c, h, w);
        float[] blocked = run(graph(slopes, true), x, c, h, w);

        // then every output is the same float (−0 and 0 alike)
        for (int i = 0; i < x.length; i++) {
            assertThat(blocked[i]).as("channel %d, x = %s", i / (h * w), x[i]).isEqualTo(reference[i] + 0f);
        }
    }

    private static byte[] graph(float[] slopes, boolean blocked) {
        Layers l = new Layers(new OnnxGraph("prelu"));
        l.graph().input("input", 1L, (long) slopes.length, "H", "W");
        String y;
        if (blocked) {
            y = l.preluBlocked("input", "prelu", slopes);
        } else {
            String a = l.graph().floats("slope", new long[] {slopes.length, 1, 1}, slopes);
            y = l.graph().node("PRelu", List.of("input", a), "prelu");
        }
        l.identity(y, "output");
        l.graph().output("output", 1L, (long) slopes.length, "H", "W");
        return l.graph().toModel("footfall-models-test", "1", "PReLU", Map.of());
    }

    private static float[] run(byte[] model, float[] x, int c, int h, int w) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(1);
            try (OrtSession session = ENV.createSession(model, options);
                 OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[] {1, c, h, w});
                 OrtSession.Result result = session.run(Map.of("input", input))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[out.remaining()];
                out.get(values);
                // 0 and −0 compare equal as numbers; the boxes that come after do not tell them apart
                for (int i = 0; i < values.length; i++) {
                    values[i] += 0f;
                }
                return values;
            }
        }
    }
}
