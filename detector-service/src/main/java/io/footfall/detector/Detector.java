package io.footfall.detector;

import ai.onnxruntime.OrtSession;
import io.footfall.models.BuiltInModel;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelDescriptor;
import io.footfall.models.OnnxSessions;
import io.footfall.schema.RejectReason;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds faces in a BGR image and prepares them for the embedder: MTCNN, then quality gates, then for each face that
 * passes the geometric gates, alignment to the embedder's template and the blur gate on the aligned crop. Usable
 * without Kafka (enrolment, {@code footfall detect}); thread-safe.
 */
public final class Detector implements FaceFinder, AutoCloseable {

    /** dlib's padding for the chips its face recognition net was trained on. */
    static final double PADDING_68 = 0.25;

    private final Mtcnn mtcnn;
    private final FaceAligner aligner;
    private final QualityGates gates;
    private final OnnxSessions sessions;
    private final Landmarks68 landmarks68;

    public Detector(Mtcnn mtcnn, FaceAligner aligner, QualityGates gates, OnnxSessions sessions) {
        this(mtcnn, aligner, gates, sessions, null);
    }

    /**
     * With {@code landmarks68} (for the {@link BuiltInModel#TEMPLATE_68} alignment) each face is cut as dlib's chip from
     * its 68 landmarks instead of warping MTCNN's five points onto the template.
     */
    public Detector(Mtcnn mtcnn, FaceAligner aligner, QualityGates gates, OnnxSessions sessions, Landmarks68 landmarks68) {
        OpenCvThreads.single();
        if (BuiltInModel.TEMPLATE_68.equals(aligner.templateId()) && landmarks68 == null) {
            throw new IllegalArgumentException("alignment " + BuiltInModel.TEMPLATE_68 + " needs the 68-point landmark net");
        }
        this.mtcnn = mtcnn;
        this.aligner = aligner;
        this.gates = gates;
        this.sessions = sessions;
        this.landmarks68 = landmarks68;
    }

    /**
     * The built-in MTCNN from the model cache, aligning to the bundled embedder's template (dlib chip 150×150, 25 %
     * padding). Fetch the models first ({@code footfall models fetch}).
     */
    public static Detector builtIn(ModelCache cache, OnnxSessions.Options onnx, MtcnnOptions options, QualityGates gates) throws IOException {
        return builtIn(cache, onnx, options, gates, BuiltInModel.TEMPLATE);
    }

    /** The built-in MTCNN aligning to one of the bundled embedder's alignments ({@link BuiltInModel#embedderAlignment}). */
    public static Detector builtIn(ModelCache cache, OnnxSessions.Options onnx, MtcnnOptions options, QualityGates gates, String template)
            throws IOException {
        boolean dense = BuiltInModel.TEMPLATE_68.equals(template);
        FaceAligner aligner = FaceAligner.forModel(BuiltInModel.recognitionWith(template));
        List<BuiltInModel> models = dense ? List.of(BuiltInModel.MTCNN_PNET, BuiltInModel.MTCNN_RNET, BuiltInModel.MTCNN_ONET, BuiltInModel.LANDMARKS_68)
                : List.of(BuiltInModel.MTCNN_PNET, BuiltInModel.MTCNN_RNET, BuiltInModel.MTCNN_ONET);
        for (BuiltInModel m : models) {
            if (!Files.isRegularFile(cache.onnx(m))) {
                throw new IOException("model " + m.id() + " is not in " + cache.dir() + ": run `footfall models fetch` first");
            }
        }
        Object[] result = new Object[1];
        // ONNX Runtime's start-up needs more native stack than a default JVM thread has (see the embedder's loader)
        Thread loader = new Thread(null, () -> {
            OnnxSessions sessions = new OnnxSessions();
            try {
                OrtSession p = sessions.session(cache.onnx(BuiltInModel.MTCNN_PNET), onnx);
                OrtSession r = sessions.session(cache.onnx(BuiltInModel.MTCNN_RNET), onnx);
                OrtSession o = sessions.session(cache.onnx(BuiltInModel.MTCNN_ONET), onnx);
                Landmarks68 l68 = dense ? new Landmarks68(sessions.session(cache.onnx(BuiltInModel.LANDMARKS_68), onnx)) : null;
                result[0] = new Detector(new Mtcnn(p, r, o, options), aligner, gates, sessions, l68);
            } catch (IOException | RuntimeException e) {
                sessions.close();
                result[0] = e;
            }
        }, "footfall-detector-load", 64L << 20);
        loader.start();
        try {
            loader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading MTCNN", e);
        }
        if (result[0] instanceof IOException e) {
            throw e;
        }
        if (result[0] instanceof RuntimeException e) {
            throw e;
        }
        return (Detector) result[0];
    }

    /**
     * This detector aligning to another embedder's template (its descriptor's alignment). The result takes over this
     * detector's ONNX sessions: close it, not this one.
     */
    public Detector aligningFor(ModelDescriptor embedder) {
        if (embedder.alignment() == null || embedder.alignment().template().equals(aligner.templateId())) {
            return this;
        }
        return new Detector(mtcnn, FaceAligner.forModel(embedder), gates, sessions);
    }

    public Mtcnn mtcnn() {
        return mtcnn;
    }

    /** The 68-point landmark net when faces are cut as dlib's chip, else null. */
    public Landmarks68 landmarks68() {
        return landmarks68;
    }

    public FaceAligner aligner() {
        return aligner;
    }

    public QualityGates gates() {
        return gates;
    }

    /** Faces in an 8-bit BGR image, in descending score order, each with its verdict and (if passed) aligned crop. */
    @Override
    public List<DetectedFaceResult> detect(Mat bgr) {
        List<DetectedFaceResult> out = new ArrayList<>();
        for (MtcnnFace f : mtcnn.detect(bgr)) {
            RejectReason reason = gates.beforeAlignment(f, bgr.cols(), bgr.rows());
            if (reason != null) {
                out.add(new DetectedFaceResult(f, reason, Double.NaN, null, 0, 0, null));
                continue;
            }
            double[] chip = landmarks68 == null ? null : DlibChip.imageToChip(landmarks68.detect(bgr, new double[] {f.x(), f.y(), f.width(), f.height()}),
                    aligner.width(), PADDING_68);
            try (Mat crop = chip == null ? aligner.align(bgr, f.landmarks()) : aligner.warp(bgr, chip)) {
                double blur = QualityGates.sharpness(crop, chip == null ? aligner.scale(f.landmarks()) : 1 / DlibChip.imagePixelsPerChipPixel(chip));
                if (blur < gates.minBlurScore()) {
                    out.add(new DetectedFaceResult(f, RejectReason.BLURRED, blur, null, 0, 0, null));
                } else {
                    out.add(new DetectedFaceResult(f, null, blur, FaceAligner.rgb24(crop), aligner.width(), aligner.height(),
                            aligner.templateId()));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (sessions != null) {
            sessions.close();
        }
    }
}
