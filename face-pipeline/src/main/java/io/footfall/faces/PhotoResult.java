package io.footfall.faces;

import io.footfall.detector.MtcnnFace;

/** The outcome of reading one photo: an embedding of its face, or the reason there is none. */
public sealed interface PhotoResult {

    boolean accepted();

    /**
     * A usable face.
     *
     * @param vector     the L2-normalised embedding
     * @param face       MTCNN's box, score and landmarks, in the photo's own pixel coordinates
     * @param blurScore  variance of the Laplacian of the aligned crop (higher is sharper)
     * @param facesFound faces MTCNN found in the photo, including ignored ones
     * @param padded     true when the photo was a tight face chip and was padded before detection
     */
    record Accepted(float[] vector, MtcnnFace face, double blurScore, int facesFound, boolean padded) implements PhotoResult {
        @Override
        public boolean accepted() {
            return true;
        }
    }

    /** No usable face: the reason, and a message with the details (sizes, scores). */
    record Rejected(PhotoRejection reason, String message) implements PhotoResult {
        @Override
        public boolean accepted() {
            return false;
        }
    }
}
