package io.footfall.matcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clusters unknown tracks online into anonymous visitors. A visitor keeps a few exemplars (the
 * face centroids of the tracks that made it, at most {@link #MAX_EXEMPLARS}, the most redundant
 * dropped first) instead of one running centroid, which would drift towards the mean face and
 * swallow everyone: a track joins the visitor whose exemplars it matches best by average linkage
 * (mean cosine similarity of the track's faces to the exemplars) at or above the threshold, else
 * founds a new visitor. Visitors the caller names as excluded (those of tracks seen at the same
 * time on the same camera: two faces in one frame are two people) are never joined.
 *
 * <p>Ids derive from the founding track, so replaying the same input gives the same ids. Visitors
 * changed here are handed out by {@link #drainChanged()} to be shared through the compacted
 * {@code visitors} topic, and visitors changed by other matchers arrive through {@link #apply}; a
 * visitor not seen for the retention is forgotten.
 */
public final class VisitorRegistry {

    /** Exemplars kept per visitor. */
    public static final int MAX_EXEMPLARS = 8;

    /** A visitor as shared between matchers: its exemplars and their normalised mean. */
    public record State(String id, float[] centroid, List<float[]> exemplars, int tracks, long firstSeenMillis, long lastSeenMillis) {}

    private static final class VisitorCluster {
        final List<float[]> exemplars;
        int tracks;
        final long firstSeenMillis;
        long lastSeenMillis;

        VisitorCluster(List<float[]> exemplars, int tracks, long firstSeenMillis, long lastSeenMillis) {
            this.exemplars = new ArrayList<>(exemplars);
            this.tracks = tracks;
            this.firstSeenMillis = firstSeenMillis;
            this.lastSeenMillis = lastSeenMillis;
        }

        float[] centroid() {
            return Vectors.mean(exemplars);
        }

        /**
         * Mean similarity of the faces to the exemplars (average linkage); below any threshold for a visitor made by
         * another embedder (other length), as visitors shared before a model switch are until they expire.
         */
        float linkage(List<float[]> faces) {
            double sum = 0;
            for (float[] f : faces) {
                for (float[] e : exemplars) {
                    if (e.length != f.length) {
                        return -2f;
                    }
                    sum += Vectors.dot(f, e);
                }
            }
            return (float) (sum / ((double) faces.size() * exemplars.size()));
        }

        void addExemplar(float[] exemplar) {
            exemplars.add(exemplar);
            if (exemplars.size() > MAX_EXEMPLARS) {
                // drop the exemplar most like the others: the set keeps the visitor's range of looks
                int drop = 0;
                double most = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < exemplars.size(); i++) {
                    double s = 0;
                    for (int j = 0; j < exemplars.size(); j++) {
                        if (i != j) {
                            s += Vectors.dot(exemplars.get(i), exemplars.get(j));
                        }
                    }
                    if (s > most) {
                        most = s;
                        drop = i;
                    }
                }
                exemplars.remove(drop);
            }
        }
    }

    private final float threshold;
    private final long retentionMillis;
    private final Map<String, VisitorCluster> visitors = new LinkedHashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();

    public VisitorRegistry(float threshold, Duration retention) {
        this.threshold = threshold;
        this.retentionMillis = retention.toMillis();
    }

    public float threshold() {
        return threshold;
    }

    /**
     * The visitor id for a track whose embedded faces are {@code faces} (L2-normalised), last seen at
     * {@code seenMillis}: the best-linked visitor not in {@code excluded}, or a new one.
     */
    public synchronized String assign(String trackId, List<float[]> faces, long seenMillis, Collection<String> excluded) {
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("a track needs at least one embedded face to be clustered");
        }
        String bestId = null;
        float best = threshold;
        for (Map.Entry<String, VisitorCluster> e : visitors.entrySet()) {
            if (excluded.contains(e.getKey())) {
                continue;
            }
            float s = e.getValue().linkage(faces);
            if (s >= best) {
                best = s;
                bestId = e.getKey();
            }
        }
        float[] exemplar = Vectors.mean(faces);
        if (bestId == null) {
            bestId = "v-" + trackId;
            visitors.put(bestId, new VisitorCluster(List.of(exemplar), 1, seenMillis, seenMillis));
        } else {
            VisitorCluster v = visitors.get(bestId);
            v.addExemplar(exemplar);
            v.tracks++;
            v.lastSeenMillis = Math.max(v.lastSeenMillis, seenMillis);
        }
        changed.add(bestId);
        return bestId;
    }

    /** The visitors changed by {@link #assign} since the last call, to share with other matchers. */
    public synchronized List<State> drainChanged() {
        List<State> out = new ArrayList<>();
        for (String id : changed) {
            VisitorCluster v = visitors.get(id);
            if (v != null) {
                out.add(new State(id, v.centroid(), List.copyOf(v.exemplars), v.tracks, v.firstSeenMillis, v.lastSeenMillis));
            }
        }
        changed.clear();
        return out;
    }

    /**
     * A visitor as another matcher (or this one, earlier) shared it; {@code null} forgets it. One shared before
     * exemplars existed has none: its centroid is its one exemplar.
     */
    public synchronized void apply(String id, State state) {
        if (state == null) {
            visitors.remove(id);
            return;
        }
        List<float[]> exemplars = state.exemplars() == null || state.exemplars().isEmpty() ? List.of(state.centroid()) : state.exemplars();
        visitors.put(id, new VisitorCluster(exemplars, state.tracks(), state.firstSeenMillis(), state.lastSeenMillis()));
    }

    /** Forgets visitors not seen within the retention; returns their ids. */
    public synchronized List<String> expire(long nowMillis) {
        List<String> expired = new ArrayList<>();
        visitors.entrySet().removeIf(e -> {
            boolean old = nowMillis - e.getValue().lastSeenMillis > retentionMillis;
            if (old) {
                expired.add(e.getKey());
            }
            return old;
        });
        return expired;
    }

    public synchronized int size() {
        return visitors.size();
    }
}
