package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.models.onnx.OnnxGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model cache fetched by an older build still serves this build's template and calibrated thresholds. */
class BuiltInDescriptorTest {

    private static final OnnxSessions SESSIONS = new OnnxSessions();

    @TempDir
    Path dir;

    @AfterAll
    static void closeSessions() {
        SESSIONS.close();
    }

    @Test
    void the_built_in_embedder_is_described_by_this_build_whatever_descriptor_the_cache_holds() throws Exception {
        // given a cache whose dlib-resnet29-128.json was written by an older build (another template, placeholder thresholds)
        ModelCache cache = new ModelCache(dir);
        BuiltInModel m = BuiltInModel.FACE_RECOGNITION;
        Files.write(cache.onnx(m), toyRecognitionNet());
        ModelDescriptor current = m.descriptor();
        ModelDescriptor old = new ModelDescriptor(current.name(), current.role(), current.file(), NpmPack.sha256Hex(cache.onnx(m)), current.input(),
                current.outputs(), current.dimension(),
                new ModelDescriptor.Alignment("dlib-chip-150-pad0.25", 150, 150, AlignmentTemplates.dlibChip(150, 0.25), null),
                new ModelDescriptor.Thresholds("euclidean", Map.of("match", 0.6), false, null), current.source(), current.licence());
        old.write(cache.descriptor(m));
        byte[] onDisk = Files.readAllBytes(cache.descriptor(m));

        // when
        ModelLoader.LoadedModel loaded = new ModelLoader(SESSIONS).load(cache, m, OnnxSessions.Options.cpu(1));

        // then this build's template and thresholds, the cached file's checksum, and the cached file untouched
        assertThat(loaded.descriptor().alignment().template()).isEqualTo(BuiltInModel.TEMPLATE);
        assertThat(loaded.descriptor().thresholds().calibrated()).isTrue();
        assertThat(loaded.descriptor().thresholds().values()).containsEntry("known", BuiltInModel.KNOWN_THRESHOLD);
        assertThat(loaded.descriptor().sha256()).isEqualTo(old.sha256());
        assertThat(Files.readAllBytes(cache.descriptor(m))).isEqualTo(onDisk);
    }

    /** N×3×150×150 → global average → MatMul to 128, with the built-in net's tensor names. */
    private static byte[] toyRecognitionNet() {
        OnnxGraph g = new OnnxGraph("toy_recognition");
        g.input("input", "N", 3L, 150L, 150L);
        String pooled = g.node("GlobalAveragePool", List.of("input"), "pooled");
        String flat = g.node("Flatten", List.of(pooled), "flat", OnnxGraph.Attribute.of("axis", 1L));
        float[] fc = new float[3 * 128];
        for (int i = 0; i < fc.length; i++) {
            fc[i] = (float) Math.cos(i);
        }
        g.node("MatMul", List.of(flat, g.floats("fc", new long[] {3, 128}, fc)), "descriptor");
        g.output("descriptor", "N", 128L);
        return g.toModel("footfall-models-test", "1", "toy recognition net", Map.of());
    }
}
