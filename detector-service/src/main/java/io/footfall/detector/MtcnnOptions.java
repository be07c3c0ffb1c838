package io.footfall.detector;

/**
 * MTCNN's knobs, with face-api.js's defaults except the minimum face (40 px suits camera frames; face-api.js uses 20).
 *
 * @param minFaceSize smallest face side in pixels the pyramid looks for (sets the largest scale, 12 / minFaceSize)
 * @param scaleFactor ratio between pyramid levels, in (0, 1)
 * @param maxScales   at most this many pyramid levels, the largest first
 */
public record MtcnnOptions(int minFaceSize, double scaleFactor, int maxScales, double pnetThreshold, double rnetThreshold,
                           double onetThreshold) {

    public MtcnnOptions {
        if (minFaceSize < 12) {
            throw new IllegalArgumentException("min face size must be >= 12 px (P-Net's cell), got " + minFaceSize);
        }
        if (!(scaleFactor > 0 && scaleFactor < 1)) {
            throw new IllegalArgumentException("scale factor must be in (0, 1), got " + scaleFactor);
        }
        if (maxScales < 1) {
            throw new IllegalArgumentException("max scales must be >= 1, got " + maxScales);
        }
        for (double t : new double[] {pnetThreshold, rnetThreshold, onetThreshold}) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("thresholds must be in [0, 1], got " + t);
            }
        }
    }

    public static MtcnnOptions defaults() {
        return new MtcnnOptions(40, 0.709, 10, 0.6, 0.7, 0.7);
    }

    public MtcnnOptions withMinFaceSize(int px) {
        return new MtcnnOptions(px, scaleFactor, maxScales, pnetThreshold, rnetThreshold, onetThreshold);
    }
}
