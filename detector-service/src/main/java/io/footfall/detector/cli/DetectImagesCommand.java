package io.footfall.detector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.detector.DetectedFaceResult;
import io.footfall.detector.Detector;
import io.footfall.detector.DetectorSettings;
import io.footfall.detector.MtcnnFace;
import io.footfall.detector.MtcnnOptions;
import io.footfall.detector.QualityGates;
import io.footfall.models.ModelCache;
import io.footfall.models.OnnxSessions;
import io.footfall.runtime.config.Setting;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code footfall detect IMAGE...}: the faces in image files, one JSON line per image (box, score, landmarks, quality),
 * without Kafka. The Streams service is {@code DetectorService}, started like the other services. The options that
 * are detector settings take their defaults from {@link DetectorSettings}.
 */
@Command(name = "detect", mixinStandardHelpOptions = true, defaultValueProvider = DetectImagesCommand.SettingDefaults.class,
        description = {"Detect faces in image files (MTCNN, quality gates, alignment); one JSON line per image on stdout,",
                "a summary on stderr. Needs the models: footfall models fetch."})
public final class DetectImagesCommand implements Callable<Integer> {

    /** Offline, ONNX Runtime uses every core unless told otherwise; the service's default is one thread. */
    static final Setting<Integer> THREADS = DetectorSettings.THREADS.withDefault(0);

    /** The defaults of the options, each from the detector setting it stands for. */
    static final class SettingDefaults implements IDefaultValueProvider {

        private static final Map<String, String> BY_OPTION = Map.of(
                "--min-face", defaultOf(DetectorSettings.MIN_FACE),
                "--scale-factor", defaultOf(DetectorSettings.SCALE_FACTOR),
                "--max-scales", defaultOf(DetectorSettings.MAX_SCALES),
                "--thresholds", String.join(",", defaultOf(DetectorSettings.PNET_THRESHOLD), defaultOf(DetectorSettings.RNET_THRESHOLD),
                        defaultOf(DetectorSettings.ONET_THRESHOLD)),
                "--quality-min-face", defaultOf(DetectorSettings.QUALITY_MIN_FACE),
                "--quality-min-score", defaultOf(DetectorSettings.QUALITY_MIN_SCORE),
                "--quality-min-blur", defaultOf(DetectorSettings.QUALITY_MIN_BLUR),
                "--threads", defaultOf(THREADS));

        @Override
        public String defaultValue(ArgSpec argument) {
            return argument instanceof OptionSpec option ? BY_OPTION.get(option.longestName()) : null;
        }

        private static <T> String defaultOf(Setting<T> setting) {
            return setting.format(setting.defaultValue());
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (JPEG, PNG, anything OpenCV reads); folders are searched")
    List<Path> images;

    @Option(names = "--min-face", description = "Smallest face side in pixels (default: ${DEFAULT-VALUE})")
    int minFace;

    @Option(names = "--scale-factor", description = "Pyramid scale factor (default: ${DEFAULT-VALUE})")
    double scaleFactor;

    @Option(names = "--max-scales", description = "Most pyramid levels (default: ${DEFAULT-VALUE})")
    int maxScales;

    @Option(names = "--thresholds", split = ",", description = "P-, R-, O-Net thresholds (default: ${DEFAULT-VALUE})")
    double[] thresholds;

    @Option(names = "--quality-min-face", description = "Quality gate: smallest box side (default: ${DEFAULT-VALUE})")
    int qualityMinFace;

    @Option(names = "--quality-min-score", description = "Quality gate: smallest O-Net score (default: ${DEFAULT-VALUE})")
    double qualityMinScore;

    @Option(names = "--quality-min-blur", description = "Quality gate: smallest Laplacian variance of the aligned crop (default: ${DEFAULT-VALUE})")
    double qualityMinBlur;

    @Option(names = "--crops", description = "Write each passed face's aligned crop as PNG into this folder")
    Path crops;

    @Option(names = "--cache-dir", description = "Model cache (default: FOOTFALL_MODEL_CACHE or ~/.cache/footfall/models)")
    Path cacheDir;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads, 0 = all cores (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (thresholds.length != 3) {
            throw new ParameterException(spec.commandLine(), "--thresholds takes three numbers, e.g. 0.6,0.7,0.7");
        }
        MtcnnOptions options = new MtcnnOptions(minFace, scaleFactor, maxScales, thresholds[0], thresholds[1], thresholds[2]);
        QualityGates gates = new QualityGates(qualityMinFace, qualityMinScore, qualityMinBlur,
                DetectorSettings.QUALITY_MAX_CLIPPED.defaultValue());
        ObjectMapper json = new ObjectMapper();
        int files = 0, withFaces = 0, faces = 0, passed = 0, unreadable = 0;
        if (crops != null) {
            Files.createDirectories(crops);
        }
        try (Detector detector = Detector.builtIn(ModelCache.resolve(cacheDir), OnnxSessions.Options.cpu(threads), options, gates)) {
            for (Path file : expand(images)) {
                files++;
                try (Mat bgr = opencv_imgcodecs.imread(file.toString(), opencv_imgcodecs.IMREAD_COLOR)) {
                    ObjectNode line = json.createObjectNode().put("file", file.toString());
                    if (bgr == null || bgr.empty()) {
                        unreadable++;
                        out.println(line.put("error", "cannot read the image"));
                        continue;
                    }
                    line.put("width", bgr.cols()).put("height", bgr.rows());
                    long t0 = System.nanoTime();
                    List<DetectedFaceResult> found = detector.detect(bgr);
                    line.put("ms", Math.round((System.nanoTime() - t0) / 1e4) / 100.0);
                    ArrayNode list = line.putArray("faces");
                    for (DetectedFaceResult r : found) {
                        MtcnnFace f = r.face();
                        ObjectNode face = list.addObject();
                        face.putArray("box").add(f.x()).add(f.y()).add(f.width()).add(f.height());
                        face.put("score", f.score());
                        ArrayNode lm = face.putArray("landmarks");
                        for (double[] p : f.landmarks()) {
                            lm.addArray().add(Math.round(p[0] * 100) / 100.0).add(Math.round(p[1] * 100) / 100.0);
                        }
                        face.put("passed", r.passed());
                        if (!r.passed()) {
                            face.put("reason", r.rejectReason().name());
                        }
                        if (!Double.isNaN(r.blurScore())) {
                            face.put("blur", Math.round(r.blurScore() * 10) / 10.0);
                        }
                        if (r.passed()) {
                            passed++;
                            if (crops != null) {
                                writeCrop(r, crops.resolve(file.getFileName().toString().replaceAll("\\.[^.]+$", "") + "_" + (list.size() - 1) + ".png"));
                            }
                        }
                    }
                    faces += found.size();
                    withFaces += found.isEmpty() ? 0 : 1;
                    out.println(line);
                    out.flush();
                }
            }
        }
        err.printf("%d images, %d with at least one face, %d faces (%d passed the quality gates), %d unreadable%n",
                files, withFaces, faces, passed, unreadable);
        return unreadable == 0 ? 0 : 1;
    }

    private static void writeCrop(DetectedFaceResult r, Path file) {
        byte[] bgr = r.crop().clone();
        for (int i = 0; i < bgr.length; i += 3) {
            byte t = bgr[i];
            bgr[i] = bgr[i + 2];
            bgr[i + 2] = t;
        }
        try (Mat m = new Mat(r.cropHeight(), r.cropWidth(), opencv_core.CV_8UC3)) {
            m.data().put(bgr);
            opencv_imgcodecs.imwrite(file.toString(), m);
        }
    }

    static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (var walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().toLowerCase().matches(".*\\.(jpe?g|png|bmp|webp)"))
                            .sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DetectImagesCommand()).execute(args));
    }
}
