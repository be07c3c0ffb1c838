package io.footfall.detector;

import io.footfall.schema.RejectReason;

/**
 * A face the {@link Detector} found: MTCNN's box, score and landmarks, the quality verdict, and for a face that passed,
 * the aligned crop (packed RGB24 at the embedder's input size, warped to {@code templateId}).
 *
 * @param rejectReason null when the face passed every gate
 * @param blurScore    variance of the Laplacian of the aligned crop; NaN when not measured (failed earlier)
 * @param crop         RGB24 bytes, or null for a rejected face
 */
public record DetectedFaceResult(MtcnnFace face, RejectReason rejectReason, double blurScore, byte[] crop, int cropWidth,
                                 int cropHeight, String templateId) {

    public boolean passed() {
        return rejectReason == null;
    }
}
