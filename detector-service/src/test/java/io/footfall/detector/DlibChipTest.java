package io.footfall.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.models.AlignmentTemplates;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class DlibChipTest {

    /** dlib's mean face in a 150×150 chip with 25 % padding, rotated by {@code degrees}, scaled and shifted into an image. */
    private static double[][] meanFaceIn(double degrees, double scale, double tx, double ty) {
        double a = Math.toRadians(degrees);
        double[][] points = new double[68][];
        for (int i = 0; i < 68; i++) {
            double[] m = AlignmentTemplates.dlibMeanFace(Math.max(i, 17));
            double x = (0.25 + m[0]) / 1.5 * 150, y = (0.25 + m[1]) / 1.5 * 150;
            points[i] = new double[] {scale * (Math.cos(a) * x - Math.sin(a) * y) + tx, scale * (Math.sin(a) * x + Math.cos(a) * y) + ty};
        }
        return points;
    }

    private static double[] apply(double[] m, double[] p) {
        return new double[] {m[0] * p[0] + m[1] * p[1] + m[2], m[3] * p[0] + m[4] * p[1] + m[5]};
    }

    @Test
    void dlib_fits_the_nose_eyes_and_upper_mouth_but_not_the_jaw_eyebrows_or_lower_lip() {
        assertThat(DlibChip.usedLandmarks()).hasSize(33).startsWith(27, 28).endsWith(54, 60, 61, 62, 63, 64);
    }

    @Test
    void a_face_shaped_like_the_mean_face_lands_on_it_shrunk_by_one_pixel_in_150_about_the_centre() {
        // given the mean face rotated by 15°, twice as large and shifted
        double[][] face = meanFaceIn(15, 2, 400, 120);

        // when
        double[] m = DlibChip.imageToChip(face, 150, 0.25);

        // then each used landmark maps to 74.5 + 149/150 · (its mean-face point − 75), as dlib's chip rectangle does
        for (int i : DlibChip.usedLandmarks()) {
            double[] mean = AlignmentTemplates.dlibMeanFace(i);
            double[] chip = apply(m, face[i]);
            assertThat(chip[0]).isCloseTo(74.5 + 149.0 / 150 * ((0.25 + mean[0]) / 1.5 * 150 - 75), within(1e-9));
            assertThat(chip[1]).isCloseTo(74.5 + 149.0 / 150 * ((0.25 + mean[1]) / 1.5 * 150 - 75), within(1e-9));
        }
        assertThat(DlibChip.imagePixelsPerChipPixel(m)).isCloseTo(2 * 150.0 / 149, within(1e-9));
    }

    @Test
    void a_chip_of_a_large_face_goes_through_the_pyramid_and_keeps_a_flat_image_flat() {
        // given a uniform grey image and a face four times the chip's scale
        try (Mat grey = new Mat(1200, 1200, opencv_core.CV_8UC3, new Scalar(90, 120, 150, 0))) {
            double[] m = DlibChip.imageToChip(meanFaceIn(-10, 4, 300, 300), 150, 0.25);
            FaceAligner aligner = new FaceAligner("dlib-chip-150-68", AlignmentTemplates.dlibChip(150, 0.25), 150, 150);

            // when
            try (Mat chip = aligner.warp(grey, m)) {
                // then the chip has the embedder's size and the image's colour
                assertThat(chip.cols()).isEqualTo(150);
                assertThat(chip.rows()).isEqualTo(150);
                byte[] px = new byte[150 * 150 * 3];
                chip.data().get(px);
                assertThat(px[(75 * 150 + 75) * 3] & 0xff).isEqualTo(90);
                assertThat(px[(75 * 150 + 75) * 3 + 2] & 0xff).isEqualTo(150);
            }
        }
    }
}
