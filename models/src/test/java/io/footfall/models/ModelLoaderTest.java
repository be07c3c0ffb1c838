package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {

    private static final OnnxSessions SESSIONS = new OnnxSessions();
    private final ModelLoader loader = new ModelLoader(SESSIONS);

    @TempDir
    Path dir;

    @AfterAll
    static void closeSessions() {
        SESSIONS.close();
    }

    @Test
    void acceptsAUsersOwnModelWhoseDescriptorMatches() throws Exception {
        // given a 160×160 → 512-d model and a descriptor that says so
        Files.write(dir.resolve("facenet.onnx"), TestModels.embedder("input", 160, 512));
        TestModels.facenetDescriptor("facenet.onnx", "input", 160, 512).write(dir.resolve("facenet.json"));

        // when
        ModelLoader.LoadedModel model = loader.load(dir.resolve("facenet.json"), OnnxSessions.Options.cpu(1));

        // then it runs and yields 512 numbers per face
        try (OnnxTensor in = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(new float[3 * 160 * 160]), new long[] {1, 3, 160, 160});
             var result = model.session().run(Map.of("input", in))) {
            assertThat(((OnnxTensor) result.get(0)).getInfo().getShape()).containsExactly(1, 512);
        }
        assertThat(model.descriptor().dimension()).isEqualTo(512);
    }

    @Test
    void refusesADescriptorWithTheWrongSizeAndDimension() throws Exception {
        // given a 160×160 → 512-d model described as 112×112 → 128-d
        Files.write(dir.resolve("facenet.onnx"), TestModels.embedder("input", 160, 512));
        TestModels.facenetDescriptor("facenet.onnx", "input", 112, 128).write(dir.resolve("facenet.json"));

        // when / then the message names both mismatches and what to do
        assertThatThrownBy(() -> loader.load(dir.resolve("facenet.json"), OnnxSessions.Options.cpu(1)))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("says 112×112 but input 'input' has shape [-1, 3, 160, 160]")
                .hasMessageContaining("says 128-d embeddings but output 'embedding' has shape [-1, 512]")
                .hasMessageContaining("Fix the descriptor");
    }

    @Test
    void refusesADescriptorNamingAnInputTheModelDoesNotHave() throws Exception {
        // given
        Files.write(dir.resolve("facenet.onnx"), TestModels.embedder("pixels", 160, 512));
        TestModels.facenetDescriptor("facenet.onnx", "input", 160, 512).write(dir.resolve("facenet.json"));

        // when / then
        assertThatThrownBy(() -> loader.load(dir.resolve("facenet.json"), OnnxSessions.Options.cpu(1)))
                .hasMessageContaining("input 'input' does not exist (the model's inputs: [pixels])");
    }

    @Test
    void refusesAMissingOnnxFile() throws Exception {
        // given
        TestModels.facenetDescriptor("nowhere.onnx", "input", 160, 512).write(dir.resolve("facenet.json"));

        // when / then
        assertThatThrownBy(() -> loader.load(dir.resolve("facenet.json"), OnnxSessions.Options.cpu(1)))
                .hasMessageContaining("names ONNX file 'nowhere.onnx', which is not at");
    }

    @Test
    void refusesAModelFileThatNoLongerMatchesItsRecordedSha256() throws Exception {
        // given a descriptor that pins the file's hash, and then the file changes
        Files.write(dir.resolve("facenet.onnx"), TestModels.embedder("input", 160, 512));
        TestModels.facenetDescriptor("facenet.onnx", "input", 160, 512)
                .withSha256(NpmPack.sha256Hex(dir.resolve("facenet.onnx"))).write(dir.resolve("facenet.json"));
        Files.write(dir.resolve("facenet.onnx"), TestModels.embedder("input", 160, 256));

        // when / then
        assertThatThrownBy(() -> loader.load(dir.resolve("facenet.json"), OnnxSessions.Options.cpu(1)))
                .hasMessageContaining("does not match the sha256")
                .hasMessageContaining("fetch --force");
    }

    @Test
    void refusesAnIncompleteDescriptor() throws Exception {
        // given
        Files.writeString(dir.resolve("bad.json"), "{\"name\":\"x\",\"role\":\"embedder\",\"file\":\"x.onnx\"}");

        // when / then
        assertThatThrownBy(() -> loader.load(dir.resolve("bad.json"), OnnxSessions.Options.cpu(1)))
                .hasMessageContaining("is incomplete")
                .hasMessageContaining("'input' is missing")
                .hasMessageContaining("'dimension'");
    }

    @Test
    void pointsToFetchWhenABuiltInModelIsMissing() {
        // given an empty cache
        ModelCache cache = new ModelCache(dir);

        // when / then
        assertThatThrownBy(() -> loader.load(cache, BuiltInModel.FACE_RECOGNITION, OnnxSessions.Options.cpu(1)))
                .hasMessageContaining("run 'footfall models fetch' first");
    }
}
