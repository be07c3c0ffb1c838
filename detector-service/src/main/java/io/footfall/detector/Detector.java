package io.footfall.detector;

import ai.onnxruntime.OrtSession;
import io.footfall.models.BuiltInModel;
import io.footfall.models.ModelCache;
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

    private final Mtcnn mtcnn;
    private final FaceAligner aligner;
    private final QualityGates gates;
    private final OnnxSessions sessions;

    public Detector(Mtcnn mtcnn, FaceAligner aligner, QualityGates gates, OnnxSessions sessions) {
        OpenCvThreads.single();
        this.mtcnn = mtcnn;
        this.aligner = aligner;
        this.gates = gates;
        this.sessions = sessions;
    }

    /**
     * The built-in MTCNN from the model cache, aligning to the bundled embedder's template (dlib chip 150×150, 25 %
     * padding). Fetch the models first ({@code footfall models fetch}).
     */
    public static Detector builtIn(ModelCache cache, OnnxSessions.Options onnx, MtcnnOptions options, QualityGates gates) throws IOException {
        for (BuiltInModel m : List.of(BuiltInModel.MTCNN_PNET, BuiltInModel.MTCNN_RNET, BuiltInModel.MTCNN_ONET)) {
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
                result[0] = new Detector(new Mtcnn(p, r, o, options), FaceAligner.forModel(BuiltInModel.FACE_RECOGNITION.descriptor()),
                        gates, sessions);
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
    public Detector aligningFor(io.footfall.models.ModelDescriptor embedder) {
        if (embedder.alignment() == null || embedder.alignment().template().equals(aligner.templateId())) {
            return this;
        }
        return new Detector(mtcnn, FaceAligner.forModel(embedder), gates, sessions);
    }

    public Mtcnn mtcnn() {
        return mtcnn;
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
            try (Mat crop = aligner.align(bgr, f.landmarks())) {
                double blur = QualityGates.sharpness(crop, aligner.scale(f.landmarks()));
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
