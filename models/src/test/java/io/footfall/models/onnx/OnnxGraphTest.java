package io.footfall.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.footfall.models.onnx.OnnxGraph.Attribute;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxGraphTest {

    /** y = PRelu(Conv(x, w) + b) then Pad, the operators the converters use, on numbers checked by hand. */
    private static byte[] model() {
        OnnxGraph g = new OnnxGraph("t");
        g.input("x", "N", 1L, 2L, 2L);
        String conv = g.node("Conv", List.of("x", g.floats("w", new long[] {1, 1, 1, 1}, new float[] {2}), g.floats("b", new long[] {1}, new float[] {-3})),
                "conv", Attribute.ints("kernel_shape", 1, 1));
        String prelu = g.node("PRelu", List.of(conv, g.floats("slope", new long[] {1, 1, 1}, new float[] {0.5f})), "prelu");
        g.node("Pad", List.of(prelu, g.longs("pads", new long[] {8}, new long[] {0, 0, 0, 0, 0, 0, 1, 0})), "y");
        g.output("y", "N", 1L, 3L, 2L);
        return g.toModel("test", "1", "doc", Map.of("k", "v"));
    }

    @Test
    void writesAModelOnnxRuntimeRuns() throws Exception {
        // given
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {0, 1, 2, 3}), new long[] {1, 1, 2, 2});
             // when
             OrtSession.Result result = session.run(Map.of("x", x))) {
            // then 2x - 3 = [-3, -1, 1, 3], negatives halved, plus a zero row at the end
            float[] y = new float[6];
            ((OnnxTensor) result.get(0)).getFloatBuffer().get(y);
            assertThat(y).containsExactly(-1.5f, -0.5f, 1f, 3f, 0f, 0f);
            assertThat(session.getMetadata().getCustomMetadata()).containsEntry("k", "v");
        }
    }

    @Test
    void serialisesTheSameCallsToTheSameBytes() {
        assertThat(model()).isEqualTo(model());
    }

    @Test
    void refusesDataThatDoesNotFillItsShape() {
        assertThatThrownBy(() -> new OnnxGraph("t").floats("w", new long[] {2, 3}, new float[5]))
                .hasMessageContaining("shape holds 6 values, data has 5");
    }

    @Test
    void namesRepeatedHintsUniquely() {
        OnnxGraph g = new OnnxGraph("t");
        assertThat(List.of(g.fresh("relu"), g.fresh("relu"), g.fresh("add"))).containsExactly("relu", "relu_2", "add");
    }
}
