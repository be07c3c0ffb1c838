package io.footfall.models;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js reference implementations the parity tests and benchmarks compare with: whether node and npm are here,
 * {@code npm ci} of a harness folder from its lock file, and running a command in it.
 */
public final class NodeProcess {

    private NodeProcess() {}

    /** True when both node and npm are on the PATH. */
    public static boolean available() {
        return onPath("node") && onPath("npm");
    }

    /** {@code npm ci} in {@code harness}, only when its lock file changed since the last install, so reruns take no time. */
    public static void npmCi(Path harness, Duration limit) throws IOException, InterruptedException {
        Path stamp = harness.resolve("node_modules/.footfall-ci-stamp");
        String lock = NpmPack.sha256Hex(harness.resolve("package-lock.json"));
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lock)) {
            return;
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), harness, limit);
        Files.writeString(stamp, lock);
    }

    /**
     * Runs {@code command} in {@code dir} and returns what it wrote on stdout; when it exits non-zero or runs past
     * {@code limit}, an IOException with its stdout and stderr.
     */
    public static String run(List<String> command, Path dir, Duration limit) throws IOException, InterruptedException {
        Path err = Files.createTempFile("footfall-node", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed in " + dir + ":\n" + output + Files.readString(err));
            }
            return output;
        } finally {
            Files.deleteIfExists(err);
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
