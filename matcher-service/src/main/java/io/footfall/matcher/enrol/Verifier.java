package io.footfall.matcher.enrol;

import io.footfall.faces.FacePolicy;
import io.footfall.faces.ImageType;
import io.footfall.faces.PhotoRejection;
import io.footfall.faces.PhotoResult;
import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import java.util.List;

/**
 * One photo against one enrolled person, as face-login does: the photo's largest face is compared with each of the
 * person's templates; the best cosine similarity decides, against the matcher's known threshold.
 */
public final class Verifier {

    /**
     * @param similarity best cosine similarity over the person's templates (NaN when the photo gave no face)
     * @param reason     why the photo gave no face; null when it did
     * @param box        the face compared, {@code [x, y, width, height]} in the photo's pixels; null when there was none
     */
    public record Verification(String identityId, boolean same, double similarity, double threshold, PhotoRejection reason, String message,
                               List<Integer> box) {

        public Verification(String identityId, boolean same, double similarity, double threshold, PhotoRejection reason, String message) {
            this(identityId, same, similarity, threshold, reason, message, null);
        }

        public boolean hasFace() {
            return reason == null;
        }
    }

    private final FaceReader faces;
    private final double threshold;

    public Verifier(FaceReader faces, double threshold) {
        this.faces = faces;
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** @throws IllegalStateException when the person was enrolled with another model (their templates cannot be compared) */
    public Verification verify(Identity identity, byte[] photo) {
        if (!faces.modelId().equals(identity.getModelId())) {
            throw new IllegalStateException("'" + identity.getIdentityId() + "' was enrolled with model " + identity.getModelId()
                    + " and this matcher embeds photos with " + faces.modelId() + ": enrol the person again");
        }
        ImageType type = ImageType.sniff(photo);
        if (!type.supported()) {
            return new Verification(identity.getIdentityId(), false, Double.NaN, threshold, PhotoRejection.UNREADABLE,
                    photo.length == 0 ? "the photo is empty (0 bytes)" : "the photo is " + type.description() + ", not a JPEG, PNG, WebP or BMP photo");
        }
        PhotoResult result = faces.embed(photo, FacePolicy.DOMINANT_FACE);
        if (result instanceof PhotoResult.Rejected rejected) {
            return new Verification(identity.getIdentityId(), false, Double.NaN, threshold, rejected.reason(), rejected.message());
        }
        PhotoResult.Accepted accepted = (PhotoResult.Accepted) result;
        float[] vector = accepted.vector();
        double best = Double.NEGATIVE_INFINITY;
        for (FaceTemplate t : identity.getTemplates()) {
            if (t.getVector().size() != vector.length) {
                continue;
            }
            double s = 0;
            for (int i = 0; i < vector.length; i++) {
                s += vector[i] * t.getVector().get(i);
            }
            best = Math.max(best, s);
        }
        if (best == Double.NEGATIVE_INFINITY) {
            throw new IllegalStateException("'" + identity.getIdentityId() + "' has no template of dimension " + vector.length
                    + ": enrol the person again");
        }
        return new Verification(identity.getIdentityId(), best >= threshold, best, threshold, null, null, PhotoOutcome.box(accepted.face().x(),
                accepted.face().y(), accepted.face().width(), accepted.face().height()));
    }
}
