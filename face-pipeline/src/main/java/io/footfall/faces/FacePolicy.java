package io.footfall.faces;

/** Which face of a photo counts when a photo should show one person. */
public enum FacePolicy {
    /**
     * Enrolment: the photo must show exactly one face; a second face at least half as large as the first is refused
     * (it might be the person meant), smaller background faces are ignored.
     */
    ONLY_FACE,
    /** Verification and evaluation: the largest face is the subject, other faces are ignored. */
    LARGEST_FACE,
    /**
     * Benchmark pairs (LFW's convention: each photo is centred on its labelled person): the face nearest the image
     * centre is the subject, other faces are ignored.
     */
    CENTRE_FACE
}
