package io.footfall.detector;

import io.footfall.models.AlignmentTemplates;

/**
 * dlib's face chip from 68 landmarks, as {@code get_face_chip_details(shape, size, padding)} and
 * {@code extract_image_chip} build it (dlib/image_transforms/interpolation.h, Boost Software License 1.0): the
 * least-squares similarity transform from the chip's mean-face points to the image's landmarks (landmarks 27–54 and
 * 60–64: dlib leaves out the jaw, the eyebrows and the lower lip), then the chip spans that transform's rectangle with
 * its corner pixels on the rectangle's corners, so the image-to-chip map is scaled by {@code (size − 1) / size} about
 * the chip's centre.
 */
public final class DlibChip {

    private DlibChip() {}

    /** Whether dlib uses 68-point landmark {@code i} for the chip. */
    static boolean used(int i) {
        return i >= 27 && !(i >= 55 && i <= 59) && !(i >= 65 && i <= 67);
    }

    /** The landmarks dlib fits, in order. */
    static int[] usedLandmarks() {
        return java.util.stream.IntStream.range(17, 68).filter(DlibChip::used).toArray();
    }

    /**
     * The 2×3 matrix {@code [a b tx; c d ty]} mapping image pixels to the chip's pixels (pixel centres at integers, as
     * dlib and OpenCV both use), for 68 landmarks in the image.
     */
    public static double[] imageToChip(double[][] landmarks68, int size, double padding) {
        if (landmarks68.length != 68) {
            throw new IllegalArgumentException("dlib's chip needs 68 landmarks, got " + landmarks68.length);
        }
        int[] used = usedLandmarks();
        double[][] chip = new double[used.length][];
        double[][] image = new double[used.length][];
        for (int k = 0; k < used.length; k++) {
            double[] m = AlignmentTemplates.dlibMeanFace(used[k]);
            chip[k] = new double[] {(padding + m[0]) / (2 * padding + 1) * size, (padding + m[1]) / (2 * padding + 1) * size};
            image[k] = landmarks68[used[k]];
        }
        // dlib fits chip -> image; its inverse is not the image -> chip fit, so invert the fitted transform
        double[] t = FaceAligner.similarity(chip, image);
        double det = t[0] * t[4] - t[1] * t[3];
        double ia = t[4] / det, ib = -t[1] / det, ic = -t[3] / det, id = t[0] / det;
        double itx = -(ia * t[2] + ib * t[5]), ity = -(ic * t[2] + id * t[5]);
        // chip = (size-1)/2 + (size-1)/size * (M(x) - size/2)
        double k = (size - 1.0) / size;
        double off = (size - 1) / 2.0 - k * size / 2.0;
        return new double[] {k * ia, k * ib, k * itx + off, k * ic, k * id, k * ity + off};
    }

    /** Image pixels per chip pixel along one axis: how much the chip downsamples the face (above 1) or enlarges it. */
    public static double imagePixelsPerChipPixel(double[] imageToChip) {
        return 1 / Math.hypot(imageToChip[0], imageToChip[3]);
    }
}
