package io.footfall.embedder;

import io.footfall.embedder.attributes.AttributeEstimator;
import io.footfall.embedder.attributes.Expression;
import io.footfall.embedder.attributes.FaceAttributes;
import io.footfall.runtime.streams.PoisonRecordException;
import io.footfall.schema.AlignedCrop;
import io.footfall.schema.DetectedFace;
import io.footfall.schema.FaceAttributeEstimate;
import io.footfall.schema.FaceEmbedding;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.FrameFaces;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One frame's faces → its embeddings: every face that passed the quality gates is embedded, all in one model run, and,
 * when an {@link AttributeEstimator} is given, its age, gender and expression are estimated from the same crops; the
 * other faces are passed through with no vector, so per-frame face counts stay right. A frame the model cannot embed
 * (no crop on a passed face, a crop of the wrong size, encoding or template, an unusable model output) is a poison
 * record with the reason.
 */
public final class FrameEmbedder {

    private final Embedder embedder;
    private final AttributeEstimator attributes;
    private final EmbedderMetrics metrics;

    public FrameEmbedder(Embedder embedder, EmbedderMetrics metrics) {
        this(embedder, null, metrics);
    }

    /** @param attributes the age, gender and expression nets, or null to estimate none (attributes.enabled off) */
    public FrameEmbedder(Embedder embedder, AttributeEstimator attributes, EmbedderMetrics metrics) {
        this.embedder = embedder;
        this.attributes = attributes;
        this.metrics = metrics;
    }

    public FrameEmbeddings apply(FrameFaces frame) {
        long start = System.nanoTime();
        List<FaceCrop> crops = new ArrayList<>();
        List<Integer> passed = new ArrayList<>();
        List<DetectedFace> faces = frame.getFaces();
        for (int i = 0; i < faces.size(); i++) {
            DetectedFace face = faces.get(i);
            if (face.getQuality() != null && face.getQuality().getPassed()) {
                crops.add(crop(frame, face));
                passed.add(i);
            }
        }
        List<float[]> vectors;
        try {
            vectors = embedder.embed(crops);
        } catch (EmbeddingException e) {
            throw new PoisonRecordException(where(frame) + ": " + e.getMessage(), e);
        }
        long nanos = System.nanoTime() - start;
        if (!crops.isEmpty()) {
            metrics.embedded(crops.size(), nanos);
        }
        List<FaceAttributes> estimates = estimate(frame, crops);
        metrics.skipped(faces.size() - crops.size());
        List<FaceEmbedding> out = new ArrayList<>(faces.size());
        int next = 0;
        for (int i = 0; i < faces.size(); i++) {
            DetectedFace face = faces.get(i);
            List<Float> vector = null;
            FaceAttributeEstimate estimate = null;
            if (next < passed.size() && passed.get(next) == i) {
                vector = boxed(vectors.get(next));
                estimate = estimates == null ? null : record(estimates.get(next));
                next++;
            }
            out.add(new FaceEmbedding(face.getIndex(), face.getBox(), face.getScore(), face.getQuality(), vector, estimate));
        }
        return FrameEmbeddings.newBuilder()
                .setCameraId(frame.getCameraId())
                .setFrameSequence(frame.getFrameSequence())
                .setCapturedAt(frame.getCapturedAt())
                .setFrameWidth(frame.getFrameWidth())
                .setFrameHeight(frame.getFrameHeight())
                .setModelId(embedder.modelId())
                .setEmbeddedAt(Instant.now())
                .setEmbeddingMicros(nanos / 1_000)
                .setFaces(out)
                .setSceneCut(frame.getSceneCut())
                .build();
    }

    /** The faces' age, gender and expression, or null when none are estimated. */
    private List<FaceAttributes> estimate(FrameFaces frame, List<FaceCrop> crops) {
        if (attributes == null || crops.isEmpty()) {
            return null;
        }
        long start = System.nanoTime();
        List<FaceAttributes> estimates;
        try {
            estimates = attributes.estimate(crops);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new PoisonRecordException(where(frame) + ": the attribute nets cannot estimate its faces: " + e.getMessage(), e);
        }
        metrics.estimated(crops.size(), System.nanoTime() - start);
        return estimates;
    }

    /** One face's estimates as the embeddings record carries them. */
    static FaceAttributeEstimate record(FaceAttributes a) {
        Map<String, Float> scores = new LinkedHashMap<>();
        for (Expression e : Expression.values()) {
            scores.put(e.label(), a.expressionScores()[e.ordinal()]);
        }
        return new FaceAttributeEstimate(a.age(), a.gender().label(), a.genderProbability(), a.expression().label(), scores);
    }

    private FaceCrop crop(FrameFaces frame, DetectedFace face) {
        String where = where(frame) + ", face " + face.getIndex();
        AlignedCrop crop = face.getCrop();
        if (crop == null) {
            throw new PoisonRecordException(where + " passed the quality gates but has no crop to embed");
        }
        int w = embedder.inputWidth(), h = embedder.inputHeight();
        if (crop.getWidth() != w || crop.getHeight() != h) {
            throw new PoisonRecordException(where + ": crop is " + crop.getWidth() + "×" + crop.getHeight() + ", model '" + embedder.modelId()
                    + "' takes " + w + "×" + h + " crops (the detector must align to the embedder's model)");
        }
        String template = embedder.templateId();
        if (template != null && !template.equals(crop.getTemplateId())) {
            throw new PoisonRecordException(where + ": crop is aligned to template '" + crop.getTemplateId() + "', model '" + embedder.modelId()
                    + "' expects '" + template + "'");
        }
        byte[] data = bytes(crop.getData());
        FaceCrop pixels;
        switch (crop.getEncoding()) {
            case RGB24 -> {
                if (data.length != w * h * 3) {
                    throw new PoisonRecordException(where + ": RGB24 crop of " + w + "×" + h + " must have " + w * h * 3 + " bytes, has " + data.length);
                }
                pixels = new FaceCrop(w, h, data);
            }
            case PNG, JPEG -> {
                try {
                    pixels = FaceCrop.decode(data);
                } catch (IOException e) {
                    throw new PoisonRecordException(where + ": " + crop.getEncoding() + " crop cannot be decoded: " + e.getMessage(), e);
                }
                if (pixels.width() != w || pixels.height() != h) {
                    throw new PoisonRecordException(where + ": " + crop.getEncoding() + " crop decodes to " + pixels.width() + "×" + pixels.height()
                            + " but says " + w + "×" + h);
                }
            }
            default -> throw new PoisonRecordException(where + ": unknown crop encoding " + crop.getEncoding());
        }
        return pixels;
    }

    private static String where(FrameFaces frame) {
        return "camera '" + frame.getCameraId() + "' frame " + frame.getFrameSequence();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static List<Float> boxed(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float x : v) {
            out.add(x);
        }
        return out;
    }
}
