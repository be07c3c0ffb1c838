package io.footfall.faces;

/** Which face of a photo counts when a photo should show one person. */
public enum FacePolicy {
    /**
     * Enrolment and verification: the largest face, when it is clearly the photo's subject by {@link FaceDominance}'s rule
     * (no other face more than half its size, nor more than a quarter and nearer the middle); otherwise the photo is
     * refused {@link PhotoRejection#SEVERAL_FACES}.
     */
    DOMINANT_FACE,
    /** Evaluation and photos of a crowd: the largest face is the subject, other faces are ignored. */
    LARGEST_FACE,
    /**
     * Benchmark pairs (LFW's convention: each photo is centred on its labelled person): the face nearest the image
     * centre is the subject, other faces are ignored.
     */
    CENTRE_FACE
}
