package io.footfall.cli;

import io.footfall.detector.DetectedFaceResult;
import io.footfall.detector.MtcnnFace;
import io.footfall.embedder.FaceCrop;
import io.footfall.embedder.attributes.AttributeEstimator;
import io.footfall.embedder.attributes.FaceAttributes;
import io.footfall.faces.PhotoFaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Every face of a photo with its estimated age, gender and expression, through the live pipeline's detector, quality
 * gates and alignment (the same chips the embedder gets) and the attribute nets; shared by {@code footfall analyze} and
 * {@code footfall eval attributes}.
 */
final class PhotoAttributes {

    /** A face that passed the quality gates, with its attributes. */
    record Face(MtcnnFace box, FaceAttributes attributes) {}

    /** A face the quality gates refused (too small, blurred, cut off...): found, but not estimated. */
    record Refused(MtcnnFace box, String reason) {}

    /**
     * One photo: its faces largest first, or {@code error} (then nothing else is set) when it could not be read.
     * {@code attributeMillis} is the time the attribute nets took on all its faces (one batch).
     */
    record Analysis(Path file, int width, int height, List<Face> faces, List<Refused> refused, String error, double attributeMillis) {
        boolean failed() {
            return error != null;
        }
    }

    /** Share of each side added as a black border around a photo in which no usable face was found at first. */
    private static final double PAD = 0.5;

    private final PhotoFaces photos;
    private final AttributeEstimator estimator;

    PhotoAttributes(PhotoFaces photos, AttributeEstimator estimator) {
        this.photos = photos;
        this.estimator = estimator;
    }

    Analysis analyse(Path file) {
        return analyse(file, (BiConsumer<Analysis, Mat>) null);
    }

    /** As {@link #analyse(Path)}; {@code drawer}, when not null, gets each readable photo's analysis with its decoded pixels. */
    Analysis analyse(Path file, BiConsumer<Analysis, Mat> drawer) {
        byte[] encoded;
        try {
            if (Files.isDirectory(file)) {
                return failure(file, "is a folder with no photos in it");
            }
            encoded = Files.readAllBytes(file);
        } catch (IOException e) {
            return failure(file, "cannot be read: " + e.getMessage());
        }
        try (Mat bgr = photos.decode(encoded)) {
            Analysis a = analyseDecoded(file, bgr);
            if (drawer != null) {
                drawer.accept(a, bgr);
            }
            return a;
        } catch (PhotoFaces.PhotoException e) {
            return failure(file, e.getMessage());
        }
    }

    /** The faces of a decoded 8-bit BGR photo. */
    Analysis analyseDecoded(Path file, Mat bgr) {
        List<PhotoFaces.Found> found = photos.allFaces(bgr);
        int padX = 0, padY = 0;
        if (found.stream().noneMatch(PhotoFaces.Found::passed)) {
            // a tight face crop (the face fills the photo) is found once it has room around it, as enrolment does
            padX = (int) Math.round(bgr.cols() * PAD);
            padY = (int) Math.round(bgr.rows() * PAD);
            try (Mat padded = new Mat()) {
                opencv_core.copyMakeBorder(bgr, padded, padY, padY, padX, padX, opencv_core.BORDER_CONSTANT, new Scalar(0, 0, 0, 0));
                List<PhotoFaces.Found> again = photos.allFaces(padded);
                if (again.stream().anyMatch(PhotoFaces.Found::passed)) {
                    found = again;
                } else {
                    padX = 0;
                    padY = 0;
                }
            }
        }
        List<FaceCrop> crops = new ArrayList<>();
        List<MtcnnFace> boxes = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (PhotoFaces.Found f : found) {
            DetectedFaceResult d = f.detection();
            if (d.passed()) {
                crops.add(new FaceCrop(d.cropWidth(), d.cropHeight(), d.crop()));
                boxes.add(shifted(d.face(), padX, padY));
            } else {
                refused.add(new Refused(shifted(d.face(), padX, padY), d.rejectReason() == null ? "refused" : d.rejectReason().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        long start = System.nanoTime();
        List<FaceAttributes> attributes = estimator.estimate(crops);
        double ms = (System.nanoTime() - start) / 1e6;
        List<Face> faces = new ArrayList<>();
        for (int i = 0; i < crops.size(); i++) {
            faces.add(new Face(boxes.get(i), attributes.get(i)));
        }
        return new Analysis(file, bgr.cols(), bgr.rows(), faces, refused, null, ms);
    }

    private static MtcnnFace shifted(MtcnnFace f, int dx, int dy) {
        if (dx == 0 && dy == 0) {
            return f;
        }
        double[][] landmarks = new double[f.landmarks().length][];
        for (int i = 0; i < landmarks.length; i++) {
            landmarks[i] = new double[] {f.landmarks()[i][0] - dx, f.landmarks()[i][1] - dy};
        }
        return new MtcnnFace(f.x() - dx, f.y() - dy, f.width(), f.height(), f.score(), landmarks);
    }

    private static Analysis failure(Path file, String reason) {
        return new Analysis(file, 0, 0, List.of(), List.of(), reason, 0);
    }
}
