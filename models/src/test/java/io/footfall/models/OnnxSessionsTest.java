package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxSessionsTest {

    @TempDir
    Path dir;

    @Test
    void createsOneSessionPerModelAndOptions() throws Exception {
        // given
        Path model = Files.write(dir.resolve("m.onnx"), TestModels.embedder("input", 32, 8));
        try (OnnxSessions sessions = new OnnxSessions()) {
            // when
            var first = sessions.session(model, OnnxSessions.Options.cpu(1));
            var again = sessions.session(dir.resolve(".").resolve("m.onnx"), OnnxSessions.Options.cpu(1));
            var otherThreads = sessions.session(model, OnnxSessions.Options.cpu(2));

            // then
            assertThat(again).isSameAs(first);
            assertThat(otherThreads).isNotSameAs(first);
        }
    }

    @Test
    void asksForTheGpuBuildWhenCudaIsRequestedWithoutIt() throws Exception {
        assumeFalse(OnnxSessions.cudaAvailable(), "this ONNX Runtime has CUDA");
        // given the CPU-only ONNX Runtime
        Path model = Files.write(dir.resolve("m.onnx"), TestModels.embedder("input", 32, 8));
        try (OnnxSessions sessions = new OnnxSessions()) {
            // when / then
            assertThatThrownBy(() -> sessions.session(model, OnnxSessions.Options.cuda(0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CUDA was requested")
                    .hasMessageContaining("-Pcuda");
        }
    }

    @Test
    void rejectsNegativeThreadCounts() {
        assertThatThrownBy(() -> OnnxSessions.Options.cpu(-1)).hasMessageContaining("intra-op threads must be >= 0");
    }
}
