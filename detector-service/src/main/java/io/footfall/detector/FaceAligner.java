package io.footfall.detector;

import io.footfall.models.ModelDescriptor;
import java.nio.DoubleBuffer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Warps a face onto an embedder's five-point template: the least-squares similarity transform (rotation, uniform
 * scale, translation; Umeyama 1991 without reflection) from MTCNN's landmarks to the template, applied with OpenCV's
 * bilinear {@code warpAffine} at the embedder's input size. Outside the frame is black.
 */
public final class FaceAligner {

    private final String templateId;
    private final double[][] template;
    private final int width;
    private final int height;

    public FaceAligner(String templateId, double[][] template, int width, int height) {
        if (template.length != 5) {
            throw new IllegalArgumentException("an alignment template has 5 points, got " + template.length);
        }
        this.templateId = templateId;
        this.template = template;
        this.width = width;
        this.height = height;
    }

    /** The template and crop size an embedder's descriptor asks for. */
    public static FaceAligner forModel(ModelDescriptor embedder) {
        ModelDescriptor.Alignment a = embedder.alignment();
        return new FaceAligner(a.template(), a.points(), a.width(), a.height());
    }

    public String templateId() {
        return templateId;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * The 2×3 matrix {@code [a −b tx; b a ty]} that maps {@code src} points onto {@code dst} points with the least
     * squared error among similarity transforms.
     */
    public static double[] similarity(double[][] src, double[][] dst) {
        int n = src.length;
        double msx = 0, msy = 0, mdx = 0, mdy = 0;
        for (int i = 0; i < n; i++) {
            msx += src[i][0];
            msy += src[i][1];
            mdx += dst[i][0];
            mdy += dst[i][1];
        }
        msx /= n;
        msy /= n;
        mdx /= n;
        mdy /= n;
        double dot = 0, cross = 0, var = 0;
        for (int i = 0; i < n; i++) {
            double x = src[i][0] - msx, y = src[i][1] - msy;
            double u = dst[i][0] - mdx, v = dst[i][1] - mdy;
            dot += x * u + y * v;
            cross += x * v - y * u;
            var += x * x + y * y;
        }
        if (var == 0) {
            throw new IllegalArgumentException("landmarks are all in one point");
        }
        double a = dot / var, b = cross / var;
        return new double[] {a, -b, mdx - (a * msx - b * msy), b, a, mdy - (b * msx + a * msy)};
    }

    /**
     * How much the alignment enlarges the face: the similarity transform's scale from the frame's pixels to the
     * template's (above 1 when the face is smaller in the frame than in the template, and the crop is upsampled).
     */
    public double scale(double[][] landmarks) {
        double[] m = similarity(landmarks, template);
        return Math.hypot(m[0], m[3]);
    }

    /** The aligned face as a BGR Mat of the template's size; the caller closes it. */
    public Mat align(Mat bgr, double[][] landmarks) {
        return warpAffine(bgr, similarity(landmarks, template));
    }

    /** {@code source} warped bilinearly by the 2×3 matrix {@code m} into a Mat of the template's size, black outside. */
    private Mat warpAffine(Mat source, double[] m) {
        Mat out = new Mat();
        try (Mat matrix = new Mat(2, 3, opencv_core.CV_64F)) {
            DoubleBuffer buf = matrix.createBuffer();
            buf.put(m);
            opencv_imgproc.warpAffine(source, out, matrix, new Size(width, height), opencv_imgproc.INTER_LINEAR,
                    opencv_core.BORDER_CONSTANT, new Scalar(0, 0, 0, 0));
        }
        return out;
    }

    /**
     * The chip an image-to-chip matrix defines, sampled bilinearly as dlib's {@code extract_image_chip} does: when the
     * chip shrinks the face more than twice, the face region is first halved with a 5×5 Gaussian pyramid (dlib's
     * {@code pyramid_down<2>}, OpenCV's {@code pyrDown}) until the last step is at most 2×. Outside the image is black.
     * The caller closes the result.
     */
    public Mat warp(Mat bgr, double[] imageToChip) {
        double[] m = imageToChip.clone();
        double perPixel = DlibChip.imagePixelsPerChipPixel(m);
        Mat source = bgr;
        Mat owned = null;
        try {
            if (perPixel > 2) {
                // the chip's footprint in the image, with a margin for the filter
                double det = m[0] * m[4] - m[1] * m[3];
                double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
                for (double[] c : new double[][] {{0, 0}, {width - 1, 0}, {0, height - 1}, {width - 1, height - 1}}) {
                    double u = c[0] - m[2], v = c[1] - m[5];
                    double x = (m[4] * u - m[1] * v) / det, y = (-m[3] * u + m[0] * v) / det;
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
                int x0 = Math.max(0, (int) Math.floor(minX) - 8), y0 = Math.max(0, (int) Math.floor(minY) - 8);
                int x1 = Math.min(bgr.cols(), (int) Math.ceil(maxX) + 9), y1 = Math.min(bgr.rows(), (int) Math.ceil(maxY) + 9);
                if (x1 > x0 && y1 > y0) {
                    m[2] += m[0] * x0 + m[1] * y0;
                    m[5] += m[3] * x0 + m[4] * y0;
                    owned = new Mat(bgr, new Rect(x0, y0, x1 - x0, y1 - y0)).clone();
                    source = owned;
                    while (perPixel > 2) {
                        Mat down = new Mat();
                        opencv_imgproc.pyrDown(source, down);
                        owned.close();
                        owned = down;
                        source = down;
                        m[0] *= 2;
                        m[1] *= 2;
                        m[3] *= 2;
                        m[4] *= 2;
                        perPixel /= 2;
                    }
                }
            }
            return warpAffine(source, m);
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
    }

    /** Packed RGB24 bytes (row-major, R, G, B) of a BGR Mat, as the {@code faces} topic carries crops. */
    public static byte[] rgb24(Mat bgr) {
        byte[] px = new byte[bgr.cols() * bgr.rows() * 3];
        try (Mat rgb = new Mat()) {
            opencv_imgproc.cvtColor(bgr, rgb, opencv_imgproc.COLOR_BGR2RGB); // a continuous copy, 4x faster than a Java loop
            rgb.data().get(px);
        }
        return px;
    }
}
