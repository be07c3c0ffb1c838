package io.footfall.faces;

import io.footfall.detector.MtcnnFace;
import java.util.List;

/**
 * The rule that decides whether a photo shows one person clearly enough to enrol or verify them: the largest face is
 * the photo's subject unless another face could be the person meant. Another face rules the photo out when its area is
 * more than {@link #SIMILAR} of the largest face's (two people of about the same size), or more than {@link #BYSTANDER}
 * of it and its centre is nearer the middle of the photo (a smaller face in the middle, a larger one at the edge).
 * Smaller faces (at most a quarter of the area, or at most half and further out) are bystanders and ignored. The same
 * rule serves the identity API's enrolment and verification, {@code footfall enroll}, {@code footfall verify} and the
 * gallery photos of {@code footfall recognize}.
 */
public final class FaceDominance {

    /** Another face with more than this share of the largest face's area makes the photo ambiguous wherever it is. */
    public static final double SIMILAR = 0.5;
    /** Another face with more than this share of the area makes the photo ambiguous when it is nearer the middle. */
    public static final double BYSTANDER = 0.25;

    private FaceDominance() {
    }

    /**
     * Why no face of the photo is clearly its subject, or null when the first face (the largest) is.
     *
     * @param largestFirst the faces found, largest first
     * @param centreX      the middle of the photo, in the faces' coordinates
     * @param centreY      the middle of the photo, in the faces' coordinates
     */
    public static String ambiguity(List<MtcnnFace> largestFirst, double centreX, double centreY) {
        if (largestFirst.size() < 2) {
            return null;
        }
        MtcnnFace subject = largestFirst.get(0);
        double area = subject.width() * subject.height();
        double subjectDistance = PhotoFaces.centreDistance(subject, centreX, centreY);
        for (MtcnnFace other : largestFirst.subList(1, largestFirst.size())) {
            double share = other.width() * other.height() / area;
            if (share > SIMILAR) {
                return String.format("%d faces were found and another face is %.0f %% of the largest one's size", largestFirst.size(),
                        100 * share);
            }
            if (share > BYSTANDER && PhotoFaces.centreDistance(other, centreX, centreY) < subjectDistance) {
                return String.format("%d faces were found and a smaller face (%.0f %% of the largest one's size) is nearer the middle",
                        largestFirst.size(), 100 * share);
            }
        }
        return null;
    }
}
