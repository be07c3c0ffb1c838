package io.footfall.matcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clusters unknown faces online into anonymous visitors: a track joins the visitor whose centroid
 * is most similar above a threshold, else founds a new one. Ids derive from the founding track, so
 * replaying the same input gives the same ids. Visitors changed here are handed out by
 * {@link #drainChanged()} to be shared through the compacted {@code visitors} topic, and visitors
 * changed by other matchers arrive through {@link #apply}; a visitor not seen for the retention
 * is forgotten.
 */
public final class VisitorRegistry {

    /** A visitor as shared between matchers. */
    public record State(String id, float[] centroid, int tracks, long firstSeenMillis, long lastSeenMillis) {}

    private static final class Visitor {
        final float[] sum;
        int tracks;
        final long firstSeenMillis;
        long lastSeenMillis;

        Visitor(float[] sum, int tracks, long firstSeenMillis, long lastSeenMillis) {
            this.sum = sum;
            this.tracks = tracks;
            this.firstSeenMillis = firstSeenMillis;
            this.lastSeenMillis = lastSeenMillis;
        }

        float[] centroid() {
            return Vectors.normalize(sum.clone());
        }
    }

    private final float threshold;
    private final long retentionMillis;
    private final Map<String, Visitor> visitors = new LinkedHashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();

    public VisitorRegistry(float threshold, Duration retention) {
        this.threshold = threshold;
        this.retentionMillis = retention.toMillis();
    }

    /** The visitor id for a track's face centroid seen at {@code seenMillis}. */
    public synchronized String assign(String trackId, float[] centroid, long seenMillis) {
        String bestId = null;
        float best = threshold;
        for (Map.Entry<String, Visitor> e : visitors.entrySet()) {
            float s = Vectors.dot(e.getValue().centroid(), centroid);
            if (s >= best) {
                best = s;
                bestId = e.getKey();
            }
        }
        if (bestId == null) {
            bestId = "v-" + trackId;
            visitors.put(bestId, new Visitor(centroid.clone(), 1, seenMillis, seenMillis));
        } else {
            Visitor v = visitors.get(bestId);
            for (int i = 0; i < centroid.length; i++) {
                v.sum[i] += centroid[i];
            }
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
            Visitor v = visitors.get(id);
            if (v != null) {
                out.add(new State(id, v.centroid(), v.tracks, v.firstSeenMillis, v.lastSeenMillis));
            }
        }
        changed.clear();
        return out;
    }

    /** A visitor as another matcher (or this one, earlier) shared it; {@code null} forgets it. */
    public synchronized void apply(String id, State state) {
        if (state == null) {
            visitors.remove(id);
            return;
        }
        float[] sum = state.centroid().clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] *= state.tracks();
        }
        visitors.put(id, new Visitor(sum, state.tracks(), state.firstSeenMillis(), state.lastSeenMillis()));
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
