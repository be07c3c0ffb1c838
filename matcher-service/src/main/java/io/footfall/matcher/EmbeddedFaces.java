package io.footfall.matcher;

import io.footfall.runtime.streams.PoisonRecordException;
import io.footfall.schema.FaceEmbedding;
import io.footfall.schema.FrameEmbeddings;
import java.util.ArrayList;
import java.util.List;

/**
 * The faces of one {@code embeddings} record as the tracker takes them: L2-normalised vectors (null for a face the
 * detector's gates kept from the embedder). Embeddings of another model or dimension, or with non-finite values, are
 * poison.
 */
public final class EmbeddedFaces {

    private EmbeddedFaces() {}

    public static List<CameraTracker.Face> of(FrameEmbeddings frame, MatcherRules rules) {
        String camera = frame.getCameraId();
        if (!rules.modelId().equals(frame.getModelId())) {
            throw new PoisonRecordException("embeddings of model '" + frame.getModelId() + "' on camera " + camera
                    + "; this matcher compares model '" + rules.modelId() + "' only (set matcher.model-id)");
        }
        List<CameraTracker.Face> faces = new ArrayList<>();
        for (FaceEmbedding f : frame.getFaces()) {
            float[] vector = null;
            if (f.getVector() != null) {
                try {
                    vector = Vectors.normalize(Vectors.of(f.getVector()));
                } catch (IllegalArgumentException e) {
                    throw new PoisonRecordException("face " + f.getIndex() + " of frame " + frame.getFrameSequence() + " on camera "
                            + camera + ": " + e.getMessage());
                }
                if (vector.length != rules.dimension()) {
                    throw new PoisonRecordException("face " + f.getIndex() + " of frame " + frame.getFrameSequence() + " on camera "
                            + camera + " has a " + vector.length + "-d embedding; model " + rules.modelId() + " makes " + rules.dimension());
                }
            }
            VisitAttributes.Face attributes;
            try {
                attributes = VisitAttributes.Face.of(f.getAttributes());
            } catch (IllegalArgumentException e) {
                throw new PoisonRecordException("face " + f.getIndex() + " of frame " + frame.getFrameSequence() + " on camera " + camera
                        + " has attributes with " + e.getMessage());
            }
            var b = f.getBox();
            faces.add(new CameraTracker.Face(f.getIndex(), new Box(b.getX(), b.getY(), b.getWidth(), b.getHeight()), vector, f.getScore(),
                    attributes));
        }
        return faces;
    }
}
