package io.footfall.faces.recognize;

import io.footfall.detector.MtcnnFace;
import io.footfall.faces.FacePolicy;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.PhotoResult;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Every face of an image named from a {@link Gallery} with the matcher's open-set rule for one face: the person when the
 * best similarity reaches the known threshold, "unknown" below the unknown threshold, and uncertain in between (the
 * matcher lets such a face not vote). Faces that fail the detector's quality gates are reported with the reason.
 */
public final class Recognizer {

    /** What was decided for one face. */
    public enum Verdict { KNOWN, UNCERTAIN, UNKNOWN, NOT_USABLE }

    /**
     * One face: its box and landmarks in the image's pixels, the verdict, the closest person and similarity (null/NaN for a
     * face that failed a quality gate, whose gate is {@code rejectReason}).
     */
    public record Face(MtcnnFace box, Verdict verdict, String closest, double similarity, String rejectReason) {
        /** What to write on the image: the name, "unknown", or the gate that failed. */
        public String label() {
            return switch (verdict) {
                case KNOWN -> closest;
                case UNCERTAIN -> closest + "?";
                case UNKNOWN -> "unknown";
                case NOT_USABLE -> rejectReason.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            };
        }
    }

    private final PhotoFaces faces;
    private final Gallery gallery;
    private final double known;
    private final double unknown;

    public Recognizer(PhotoFaces faces, Gallery gallery, double knownThreshold, double unknownThreshold) {
        if (unknownThreshold > knownThreshold) {
            throw new IllegalArgumentException("the unknown threshold (" + unknownThreshold + ") must not exceed the known threshold ("
                    + knownThreshold + ")");
        }
        this.faces = faces;
        this.gallery = gallery;
        this.known = knownThreshold;
        this.unknown = unknownThreshold;
    }

    public double knownThreshold() {
        return known;
    }

    public double unknownThreshold() {
        return unknown;
    }

    /** The faces of a BGR image (a video frame), largest first: one detection pass. */
    public List<Face> recognize(Mat bgr) {
        List<Face> out = new ArrayList<>();
        for (PhotoFaces.Found f : faces.allFaces(bgr)) {
            if (!f.passed()) {
                out.add(new Face(f.detection().face(), Verdict.NOT_USABLE, null, Double.NaN, f.detection().rejectReason().name()));
                continue;
            }
            out.add(named(f.detection().face(), f.vector()));
        }
        return out;
    }

    /**
     * The faces of a still photo: as {@link #recognize}, and when that finds no usable face, the largest face the way
     * {@link PhotoFaces#embed(Mat, FacePolicy)} looks for it (other scales, padding for a tight face chip, looser
     * detector thresholds); it replaces the unusable detections it overlaps.
     */
    public List<Face> recognizePhoto(Mat bgr) {
        List<Face> found = recognize(bgr);
        if (found.stream().anyMatch(f -> f.verdict() != Verdict.NOT_USABLE)) {
            return found;
        }
        if (!(faces.embed(bgr, FacePolicy.LARGEST_FACE) instanceof PhotoResult.Accepted a)) {
            return found;
        }
        List<Face> out = new ArrayList<>();
        out.add(named(a.face(), a.vector()));
        for (Face f : found) {
            if (overlap(f.box(), a.face()) < 0.3) {
                out.add(f);
            }
        }
        return out;
    }

    private Face named(MtcnnFace box, float[] vector) {
        Gallery.Match m = gallery.best(vector);
        Verdict v = m.name() == null || m.similarity() < unknown ? Verdict.UNKNOWN : m.similarity() >= known ? Verdict.KNOWN : Verdict.UNCERTAIN;
        return new Face(box, v, m.name(), m.similarity(), null);
    }

    /** Intersection over union of two boxes. */
    static double overlap(MtcnnFace a, MtcnnFace b) {
        double w = Math.min(a.right(), b.right()) - Math.max(a.x(), b.x());
        double h = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / (a.width() * a.height() + b.width() * b.height() - inter);
    }
}
