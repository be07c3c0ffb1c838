package io.footfall.faces.recognize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enrolled people for offline recognition, matched as the matcher matches: every photo is a template and a face takes
 * the best cosine similarity over all of them.
 */
public final class Gallery {

    /** The most similar person to a face and the similarity; {@code name} is null for an empty gallery. */
    public record Match(String name, double similarity) {}

    private final Map<String, List<float[]>> templates = new LinkedHashMap<>();

    /** Adds one L2-normalised template for {@code name}. */
    public void add(String name, float[] vector) {
        templates.computeIfAbsent(name, k -> new ArrayList<>()).add(vector.clone());
    }

    public int people() {
        return templates.size();
    }

    public int templates() {
        return templates.values().stream().mapToInt(List::size).sum();
    }

    public List<String> names() {
        return List.copyOf(templates.keySet());
    }

    public Match best(float[] face) {
        String bestName = null;
        double best = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, List<float[]>> e : templates.entrySet()) {
            for (float[] t : e.getValue()) {
                double s = 0;
                for (int i = 0; i < t.length; i++) {
                    s += (double) t[i] * face[i];
                }
                if (s > best) {
                    best = s;
                    bestName = e.getKey();
                }
            }
        }
        return new Match(bestName, bestName == null ? Double.NaN : best);
    }
}
