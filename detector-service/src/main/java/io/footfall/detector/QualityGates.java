package io.footfall.detector;

import io.footfall.schema.RejectReason;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Whether a face is worth embedding: big enough, confident enough, inside the frame, and sharp enough (variance of the
 * Laplacian of the grey aligned crop at the face's own resolution, see {@link #sharpness}). The first gate failed is the
 * reason; a threshold of 0 turns a gate off. A face that fails is still reported, and the matcher still counts a track of
 * such faces as a person: the gates decide what is recognisable, not who is there.
 *
 * @param minFaceSize   smallest box side in pixels
 * @param minScore      smallest O-Net score
 * @param minBlurScore  smallest sharpness (variance of the Laplacian at the face's own resolution)
 * @param maxClipped    largest fraction of the box's side allowed outside the frame on any edge
 */
public record QualityGates(int minFaceSize, double minScore, double minBlurScore, double maxClipped) {

    public static QualityGates defaults() {
        return new QualityGates(40, 0.9, 15, 0.1);
    }

    /** The first gate the face fails, or null when it passes the geometric and score gates. */
    public RejectReason beforeAlignment(MtcnnFace f, int frameWidth, int frameHeight) {
        if (Math.min(f.width(), f.height()) < minFaceSize) {
            return RejectReason.TOO_SMALL;
        }
        if (f.score() < minScore) {
            return RejectReason.LOW_SCORE;
        }
        double outside = Math.max(Math.max(-f.x(), -f.y()), Math.max(f.right() - frameWidth, f.bottom() - frameHeight));
        if (outside > maxClipped * Math.max(f.width(), f.height())) {
            return RejectReason.CLIPPED;
        }
        return null;
    }

    /**
     * Sharpness of a face at its own resolution: the variance of the Laplacian of the aligned crop brought back to the
     * size the face has in the frame ({@code upscale}, the alignment's scale, above 1 when the crop enlarged it). An
     * upsampled crop is smooth however sharp the face, so measured on the crop the gate would punish distance, not blur;
     * a crop that shrank a large face is measured as it is.
     */
    public static double sharpness(Mat alignedBgr, double upscale) {
        if (!(upscale > 1.05)) {
            return blurScore(alignedBgr);
        }
        int w = Math.max(8, (int) Math.round(alignedBgr.cols() / upscale));
        int h = Math.max(8, (int) Math.round(alignedBgr.rows() / upscale));
        try (Mat native_ = new Mat()) {
            opencv_imgproc.resize(alignedBgr, native_, new Size(w, h), 0, 0, opencv_imgproc.INTER_AREA);
            return blurScore(native_);
        }
    }

    /** Variance of the Laplacian of a BGR crop's grey image: low means few edges, i.e. blurred. */
    public static double blurScore(Mat bgr) {
        try (Mat grey = new Mat(); Mat lap = new Mat(); Mat mean = new Mat(); Mat std = new Mat()) {
            opencv_imgproc.cvtColor(bgr, grey, opencv_imgproc.COLOR_BGR2GRAY);
            // 16-bit holds every 3×3 Laplacian of 8-bit pixels exactly (|v| ≤ 1020), so the variance is the same as in 64-bit, sooner
            opencv_imgproc.Laplacian(grey, lap, opencv_core.CV_16S);
            opencv_core.meanStdDev(lap, mean, std);
            double s = std.createIndexer() instanceof DoubleIndexer d ? d.get(0) : 0;
            return s * s;
        }
    }
}
