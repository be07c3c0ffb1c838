package io.footfall.faces;

import io.footfall.detector.DetectedFaceResult;
import io.footfall.detector.Detector;
import io.footfall.detector.DetectorSettings;
import io.footfall.detector.FrameDecoder;
import io.footfall.detector.MtcnnFace;
import io.footfall.detector.MtcnnOptions;
import io.footfall.embedder.Embedder;
import io.footfall.embedder.EmbedderSettings;
import io.footfall.embedder.FaceCrop;
import io.footfall.runtime.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Still photos to face embeddings with the live pipeline's own detector, quality gates, alignment and embedder, so a
 * template enrolled from a photo is comparable with what the cameras see. Used by enrolment, verification, the
 * offline recognition tool and the accuracy harness. Thread-safe; closing it closes the detector and embedder.
 *
 * <p>Photos are scaled down to {@link Limits#maxSide()} before detection (a face in a phone photo is far larger than
 * the 150-pixel crop the embedder sees). A tight face chip, where the face fills the image, is padded and detected
 * again when the first pass finds no face or a face cut off by the edge.
 */
public final class PhotoFaces implements AutoCloseable {

    /**
     * @param maxBytes  largest encoded photo accepted
     * @param maxPixels largest width × height accepted (checked in the header before decoding)
     * @param maxSide   photos with a longer side are scaled down to it before detection
     */
    public record Limits(int maxBytes, long maxPixels, int maxSide) {
        public static Limits defaults() {
            return new Limits(20 << 20, 100_000_000L, 1600);
        }
    }

    /** A face found in an image, with its embedding when it passed the quality gates (else {@code vector} is null). */
    public record Found(DetectedFaceResult detection, float[] vector) {
        public boolean passed() {
            return vector != null;
        }
    }

    private static final double CHIP_PADDING = 0.5;
    /** Longer sides a photo is tried again at when the first pass (at {@link Limits#maxSide()}) found no usable face. */
    private static final int[] RETRY_SIDES = {1024, 640};

    private final Detector detector;
    private final Detector looseDetector;
    private final Embedder embedder;
    private final Limits limits;

    public PhotoFaces(Detector detector, Embedder embedder, Limits limits) {
        if (!detector.aligner().templateId().equals(embedder.templateId())) {
            throw new IllegalArgumentException("the detector aligns faces to template " + detector.aligner().templateId()
                    + " but the embedder model " + embedder.modelId() + " expects " + embedder.templateId());
        }
        this.detector = detector;
        this.looseDetector = new Detector(detector.mtcnn().withOptions(loose(detector.mtcnn().options())), detector.aligner(), detector.gates(),
                null, detector.landmarks68());
        this.embedder = embedder;
        this.limits = limits;
    }

    /** MTCNN thresholds for a last try: P-Net 0.3, R-Net 0.4, O-Net 0.6 (or the configured ones if lower). */
    private static MtcnnOptions loose(MtcnnOptions o) {
        return new MtcnnOptions(o.minFaceSize(), o.scaleFactor(), o.maxScales(), Math.min(o.pnetThreshold(), 0.3),
                Math.min(o.rnetThreshold(), 0.4), Math.min(o.onetThreshold(), 0.6));
    }

    /** The built-in MTCNN and embedder from a model cache, with default detector options and quality gates. */
    public static PhotoFaces builtIn(io.footfall.models.ModelCache cache, io.footfall.models.OnnxSessions.Options onnx)
            throws java.io.IOException {
        Detector detector = Detector.builtIn(cache, onnx, io.footfall.detector.MtcnnOptions.defaults(),
                io.footfall.detector.QualityGates.defaults());
        try {
            return new PhotoFaces(detector, Embedder.builtIn(cache, onnx), Limits.defaults());
        } catch (java.io.IOException | RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    /** The detector and embedder the configuration describes (the same settings as the live services). */
    public static PhotoFaces open(Config config) {
        // the detector aligns to the template of the model embedder.model names (DetectorSettings reads that setting too)
        Detector detector = DetectorSettings.detector(config);
        try {
            return new PhotoFaces(detector, EmbedderSettings.embedder(config), Limits.defaults());
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    public Embedder embedder() {
        return embedder;
    }

    public Detector detector() {
        return detector;
    }

    public String modelId() {
        return embedder.modelId();
    }

    /**
     * Runs the whole photo path once on a synthetic photo (decoding, detection at every retry, the embedder on a blank
     * crop), so that the first photo a user sends does not pay for ONNX Runtime's first runs, the JIT and OpenCV's
     * codecs. Returns the time it took, in milliseconds.
     */
    public long warmUp() {
        long start = System.nanoTime();
        try (Mat noise = new Mat(480, 640, opencv_core.CV_8UC3); BytePointer jpeg = new BytePointer()) {
            byte[] pixels = new byte[480 * 640 * 3];
            new java.util.Random(1).nextBytes(pixels);
            noise.data().put(pixels);
            opencv_imgcodecs.imencode(".jpg", noise, jpeg);
            byte[] photo = new byte[(int) jpeg.limit()];
            jpeg.get(photo);
            embed(photo, FacePolicy.LARGEST_FACE);
        }
        embedder.embed(new FaceCrop(embedder.inputWidth(), embedder.inputHeight(), new byte[embedder.inputWidth() * embedder.inputHeight() * 3]));
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The face of the photo in a file; an unreadable file is a rejection, not an exception. */
    public PhotoResult embed(Path photo, FacePolicy policy) {
        try {
            long size = Files.size(photo);
            if (size > limits.maxBytes()) {
                return new PhotoResult.Rejected(PhotoRejection.TOO_LARGE, photo.getFileName() + " is " + size
                        + " bytes, over the limit of " + limits.maxBytes());
            }
            return embed(Files.readAllBytes(photo), policy);
        } catch (IOException e) {
            return new PhotoResult.Rejected(PhotoRejection.UNREADABLE, "cannot read " + photo + ": " + e.getMessage());
        }
    }

    /** The face of an encoded photo (JPEG, PNG, WebP or BMP). */
    public PhotoResult embed(byte[] encoded, FacePolicy policy) {
        Mat bgr;
        try {
            bgr = decode(encoded);
        } catch (PhotoException e) {
            return new PhotoResult.Rejected(e.reason, e.getMessage());
        }
        try (bgr) {
            return embed(bgr, policy);
        }
    }

    /**
     * The face of a decoded 8-bit BGR image. MTCNN misses some clear faces at one scale and finds them at another
     * (face-api.js's MTCNN does the same on the same pixels), so a photo without an accepted face is tried again, each
     * try only when the ones before found nothing usable: scaled to {@link #RETRY_SIDES}, padded (a tight face chip),
     * and last with looser MTCNN thresholds (the quality gates stay as they are). The rejection reported is the first
     * one that found a face, else {@link PhotoRejection#NO_FACE}. A retry accepts only the face the first try that found
     * one chose (the largest), or a larger one: a photo whose large face is refused never enrols or verifies a smaller
     * face in it that another try happened to find alone.
     */
    public PhotoResult embed(Mat bgr, FacePolicy policy) {
        int longest = Math.max(bgr.cols(), bgr.rows());
        double scale = Math.min(1.0, (double) limits.maxSide() / longest);
        try (Mat work = scaled(bgr, scale)) {
            Attempt best = attempt(detector, work, policy, 0, 0, scale);
            if (best.final_()) {
                return best.result;
            }
            Subject subject = new Subject(policy, bgr.cols() / 2.0, bgr.rows() / 2.0, best.subject());
            int workSide = Math.max(work.cols(), work.rows());
            for (int side : RETRY_SIDES) {
                if (side >= workSide * 0.9) {
                    continue;
                }
                double s = (double) side / longest;
                try (Mat smaller = scaled(bgr, s)) {
                    Attempt a = attempt(detector, smaller, policy, 0, 0, s);
                    if (a.final_() && subject.admits(a)) {
                        return a.result;
                    }
                    best = best.noFace ? a : best;
                }
            }
            Attempt padded = padded(detector, work, policy, scale);
            if (padded.final_() && subject.admits(padded)) {
                return padded.result;
            }
            best = best.noFace ? padded : best;
            // looser thresholds only rescue a face: their rejections (even "several faces", which may be a loose false
            // detection) are not reported over the default detector's
            Attempt loose = attempt(looseDetector, work, policy, 0, 0, scale);
            if (loose.result.accepted() && subject.admits(loose)) {
                return loose.result;
            }
            Attempt loosePadded = padded(looseDetector, work, policy, scale);
            return loosePadded.result.accepted() && subject.admits(loosePadded) ? loosePadded.result : best.result;
        }
    }

    /**
     * Every face of a decoded BGR image, largest first, detected on the image scaled to {@link Limits#maxSide()} and
     * reported in the image's own pixel coordinates, with embeddings (one batch) for those that passed the gates.
     */
    public List<Found> allFaces(Mat bgr) {
        double scale = Math.min(1.0, (double) limits.maxSide() / Math.max(bgr.cols(), bgr.rows()));
        try (Mat work = scaled(bgr, scale)) {
            List<Found> found = faces(work);
            if (scale >= 1.0) {
                return found;
            }
            List<Found> mapped = new ArrayList<>(found.size());
            for (Found f : found) {
                DetectedFaceResult d = f.detection();
                mapped.add(new Found(new DetectedFaceResult(toOriginal(d.face(), 0, 0, scale), d.rejectReason(), d.blurScore(), d.crop(),
                        d.cropWidth(), d.cropHeight(), d.templateId()), f.vector()));
            }
            return mapped;
        }
    }

    /** Every face in a decoded BGR image, largest first, with embeddings (one batch) for those that passed. */
    public List<Found> faces(Mat bgr) {
        List<DetectedFaceResult> detections = new ArrayList<>(detector.detect(bgr));
        detections.sort(Comparator.comparingDouble((DetectedFaceResult d) -> -d.face().width() * d.face().height()));
        List<FaceCrop> crops = new ArrayList<>();
        for (DetectedFaceResult d : detections) {
            if (d.passed()) {
                crops.add(new FaceCrop(d.cropWidth(), d.cropHeight(), d.crop()));
            }
        }
        List<float[]> vectors = crops.isEmpty() ? List.of() : embedder.embed(crops);
        List<Found> found = new ArrayList<>(detections.size());
        int next = 0;
        for (DetectedFaceResult d : detections) {
            found.add(new Found(d, d.passed() ? vectors.get(next++) : null));
        }
        return found;
    }

    /** Decodes a JPEG, PNG, WebP or BMP photo, refusing oversized ones (by their header) before decoding any pixel. */
    public Mat decode(byte[] encoded) throws PhotoException {
        if (encoded.length == 0) {
            throw new PhotoException(PhotoRejection.UNREADABLE, "the photo is empty (0 bytes)");
        }
        if (encoded.length > limits.maxBytes()) {
            throw new PhotoException(PhotoRejection.TOO_LARGE, "the photo is " + encoded.length + " bytes, over the limit of "
                    + limits.maxBytes());
        }
        ImageType type = ImageType.sniff(encoded);
        if (type == ImageType.JPEG) {
            try {
                return new FrameDecoder(new FrameDecoder.Limits(limits.maxBytes(), limits.maxPixels())).decode(encoded);
            } catch (FrameDecoder.BadFrameException e) {
                PhotoRejection reason = e.getMessage().contains("over the limit") ? PhotoRejection.TOO_LARGE : PhotoRejection.UNREADABLE;
                throw new PhotoException(reason, e.getMessage().replace("the frame", "the photo").replace("The frame", "The photo"));
            }
        }
        if (type.supported()) {
            long[] size = type.headerSize(encoded);
            String format = type.format();
            if (size[0] < 0) {
                throw new PhotoException(PhotoRejection.UNREADABLE, "the " + format + " is truncated (" + encoded.length + " bytes)");
            }
            long width = size[0], height = size[1];
            if (width == 0 || height == 0 || width * height > limits.maxPixels()) {
                throw new PhotoException(PhotoRejection.TOO_LARGE, "the " + format + " header claims " + width + "×" + height
                        + " pixels, over the limit of " + limits.maxPixels());
            }
            Mat bgr;
            try (BytePointer data = new BytePointer(encoded); Mat buf = new Mat(1, encoded.length, opencv_core.CV_8UC1, data)) {
                bgr = opencv_imgcodecs.imdecode(buf, opencv_imgcodecs.IMREAD_COLOR);
            }
            if (bgr == null || bgr.empty()) {
                throw new PhotoException(PhotoRejection.UNREADABLE, "the " + format + " cannot be decoded (" + width + "×" + height + " claimed)");
            }
            return bgr;
        }
        throw new PhotoException(PhotoRejection.UNREADABLE, "the file is not a JPEG, PNG, WebP or BMP image");
    }

    @Override
    public void close() {
        try {
            embedder.close();
        } finally {
            detector.close();
        }
    }

    /** How much a retry's face must overlap the first try's to be the same face. */
    static final double SAME_FACE_IOU = 0.3;

    /** A photo that cannot be used at all, with the reason. */
    public static final class PhotoException extends Exception {
        private final PhotoRejection reason;

        public PhotoException(PhotoRejection reason, String message) {
            super(message);
            this.reason = reason;
        }

        public PhotoRejection reason() {
            return reason;
        }
    }

    /**
     * The face the first try that found one chose, which a retry must keep to: the same face (overlapping it), or one the
     * policy prefers (larger; nearer the centre for {@link FacePolicy#CENTRE_FACE}), never a face the first try passed
     * over. Learns the face from the first try that has one.
     */
    private static final class Subject {
        private final FacePolicy policy;
        private final double centreX;
        private final double centreY;
        private MtcnnFace first;

        Subject(FacePolicy policy, double centreX, double centreY, MtcnnFace first) {
            this.policy = policy;
            this.centreX = centreX;
            this.centreY = centreY;
            this.first = first;
        }

        boolean admits(Attempt a) {
            MtcnnFace found = a.subject();
            if (first == null) {
                first = found;
                return true;
            }
            if (found == null || overlap(first, found) >= SAME_FACE_IOU) {
                return true;
            }
            return policy == FacePolicy.CENTRE_FACE
                    ? centreDistance(found, centreX, centreY) <= centreDistance(first, centreX, centreY)
                    : found.width() * found.height() >= first.width() * first.height();
        }
    }

    /** How far a face's box centre is from a point (pixels). */
    static double centreDistance(MtcnnFace f, double x, double y) {
        return Math.hypot(f.x() + f.width() / 2 - x, f.y() + f.height() / 2 - y);
    }

    /** Box overlap (intersection over union) of two faces in one photo's coordinates. */
    static double overlap(MtcnnFace a, MtcnnFace b) {
        double w = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
        double h = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / (a.width() * a.height() + b.width() * b.height() - inter);
    }

    /** One detection pass; final when it gave a face or a verdict no other view of the photo changes (several faces). */
    private record Attempt(PhotoResult result, boolean noFace, MtcnnFace subject) {
        Attempt(PhotoResult result, boolean noFace) {
            this(result, noFace, null);
        }

        boolean final_() {
            return result.accepted() || ((PhotoResult.Rejected) result).reason() == PhotoRejection.SEVERAL_FACES;
        }
    }

    private Attempt padded(Detector with, Mat work, FacePolicy policy, double scale) {
        int padX = (int) Math.round(work.cols() * CHIP_PADDING);
        int padY = (int) Math.round(work.rows() * CHIP_PADDING);
        try (Mat padded = new Mat()) {
            opencv_core.copyMakeBorder(work, padded, padY, padY, padX, padX, opencv_core.BORDER_CONSTANT, new Scalar(0, 0, 0, 0));
            return attempt(with, padded, policy, padX, padY, scale);
        }
    }

    private Attempt attempt(Detector with, Mat image, FacePolicy policy, int padX, int padY, double scale) {
        List<DetectedFaceResult> faces = new ArrayList<>(with.detect(image));
        if (faces.isEmpty()) {
            return new Attempt(new PhotoResult.Rejected(PhotoRejection.NO_FACE, PhotoRejection.NO_FACE.advice()), true);
        }
        faces.sort(Comparator.comparingDouble((DetectedFaceResult d) -> -d.face().width() * d.face().height()));
        DetectedFaceResult subject = policy == FacePolicy.CENTRE_FACE
                ? faces.stream().min(Comparator.comparingDouble(d -> centreDistance(d.face(), image.cols() / 2.0, image.rows() / 2.0))).orElseThrow()
                : faces.get(0);
        if (policy == FacePolicy.DOMINANT_FACE && faces.size() > 1) {
            String ambiguity = FaceDominance.ambiguity(faces.stream().map(DetectedFaceResult::face).toList(),
                    image.cols() / 2.0, image.rows() / 2.0);
            if (ambiguity != null) {
                return new Attempt(new PhotoResult.Rejected(PhotoRejection.SEVERAL_FACES, ambiguity + "; "
                        + PhotoRejection.SEVERAL_FACES.advice()), false);
            }
        }
        MtcnnFace original = toOriginal(subject.face(), padX, padY, scale);
        if (!subject.passed()) {
            PhotoRejection reason = switch (subject.rejectReason()) {
                case TOO_SMALL -> PhotoRejection.TOO_SMALL;
                case LOW_SCORE -> PhotoRejection.LOW_SCORE;
                case BLURRED -> PhotoRejection.BLURRED;
                case CLIPPED -> PhotoRejection.CLIPPED;
                default -> PhotoRejection.LOW_SCORE;
            };
            String detail = switch (reason) {
                case TOO_SMALL -> String.format(" (the face is %.0f pixels wide)", original.width());
                case LOW_SCORE -> String.format(" (face score %.2f)", subject.face().score());
                case BLURRED -> String.format(" (sharpness %.1f)", subject.blurScore());
                default -> "";
            };
            return new Attempt(new PhotoResult.Rejected(reason, reason.advice() + detail), false, original);
        }
        float[] vector = embedder.embed(new FaceCrop(subject.cropWidth(), subject.cropHeight(), subject.crop()));
        return new Attempt(new PhotoResult.Accepted(vector, original, subject.blurScore(), faces.size(), padX > 0 || padY > 0), false, original);
    }

    private static MtcnnFace toOriginal(MtcnnFace f, int padX, int padY, double scale) {
        double[][] landmarks = new double[f.landmarks().length][];
        for (int i = 0; i < landmarks.length; i++) {
            landmarks[i] = new double[] {(f.landmarks()[i][0] - padX) / scale, (f.landmarks()[i][1] - padY) / scale};
        }
        return new MtcnnFace((f.x() - padX) / scale, (f.y() - padY) / scale, f.width() / scale, f.height() / scale, f.score(), landmarks);
    }

    private static Mat scaled(Mat bgr, double scale) {
        if (scale >= 1.0) {
            return bgr.clone();
        }
        Mat out = new Mat();
        opencv_imgproc.resize(bgr, out, new Size((int) Math.round(bgr.cols() * scale), (int) Math.round(bgr.rows() * scale)), 0, 0,
                opencv_imgproc.INTER_AREA);
        return out;
    }
}
