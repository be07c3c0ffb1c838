package io.footfall.matcher;

import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrolled identities of one embedding model, searchable by face. Templates made by another
 * model are ignored (with a warning): vectors of different models are never compared.
 */
public final class Gallery {

    private static final Logger log = LoggerFactory.getLogger(Gallery.class);

    /** The closest enrolled person to a face, and the runner-up's similarity (for the margin). */
    public record Candidate(String identityId, String displayName, float similarity, float runnerUp) {}

    private final String modelId;
    private final ExactIndex index;
    private final HnswIndex approximate;
    private final int approximateAbove;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    /** A gallery searched exactly, whatever its size. */
    public Gallery(String modelId, int dimension) {
        this(modelId, dimension, Integer.MAX_VALUE, 0);
    }

    /**
     * A gallery searched exactly up to {@code approximateAbove} templates and through an HNSW graph beyond, visiting
     * {@code candidates} neighbours per query.
     */
    public Gallery(String modelId, int dimension, int approximateAbove, int candidates) {
        this.modelId = modelId;
        this.index = new ExactIndex(dimension);
        this.approximateAbove = approximateAbove;
        this.approximate = approximateAbove == Integer.MAX_VALUE ? null : new HnswIndex(dimension, candidates);
    }

    public String modelId() {
        return modelId;
    }

    public int dimension() {
        return index.dimension();
    }

    /** Applies an {@code identities} record: an identity to add or replace, or a tombstone ({@code null}) to erase. */
    public void apply(String identityId, Identity identity) {
        if (identity == null) {
            remove(identityId);
            return;
        }
        if (!modelId.equals(identity.getModelId())) {
            log.warn("Identity {} was enrolled with model {}, this gallery serves {}: ignored until re-enrolled with {}",
                    identityId, identity.getModelId(), modelId, modelId);
            remove(identityId);
            return;
        }
        List<float[]> templates = new ArrayList<>();
        for (FaceTemplate t : identity.getTemplates()) {
            try {
                float[] v = Vectors.of(t.getVector());
                if (v.length != index.dimension()) {
                    log.warn("Template {} of identity {} has dimension {}, model {} makes {}: ignored",
                            t.getTemplateId(), identityId, v.length, modelId, index.dimension());
                    continue;
                }
                templates.add(Vectors.normalize(v));
            } catch (IllegalArgumentException e) {
                log.warn("Template {} of identity {} is unusable ({}): ignored", t.getTemplateId(), identityId, e.getMessage());
            }
        }
        index.put(identityId, templates);
        if (approximate != null) {
            approximate.put(identityId, templates);
        }
        names.put(identityId, identity.getDisplayName());
    }

    private void remove(String identityId) {
        index.remove(identityId);
        if (approximate != null) {
            approximate.remove(identityId);
        }
        names.remove(identityId);
    }

    /** Whether searches currently go through the approximate index. */
    public boolean approximate() {
        return approximate != null && index.size() > approximateAbove;
    }

    /** People enrolled (with at least one usable template or not). */
    public int size() {
        return names.size();
    }

    public int templates() {
        return index.size();
    }

    public Optional<Candidate> best(float[] face) {
        List<GalleryIndex.Hit> hits = (approximate() ? approximate : index).search(face, 2);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        GalleryIndex.Hit top = hits.get(0);
        float runnerUp = hits.size() > 1 ? hits.get(1).similarity() : -1f;
        return Optional.of(new Candidate(top.owner(), names.getOrDefault(top.owner(), top.owner()), top.similarity(), runnerUp));
    }
}
