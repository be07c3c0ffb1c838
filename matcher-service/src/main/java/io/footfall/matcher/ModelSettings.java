package io.footfall.matcher;

import io.footfall.models.EmbedderChoice;
import io.footfall.models.ModelDescriptor;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.Setting;
import java.io.IOException;
import java.util.Map;

/**
 * The matcher's model-dependent settings (model id, dimension, known/unknown/visitor thresholds) as the chosen embedder
 * implies them: a value the user set wins; a setting left at its default takes the value of the model
 * {@code embedder.model} names (its descriptor's name, dimension and calibrated thresholds), so that
 * {@code embedder.model=faceres} alone switches the whole pipeline; with the bundled model, or where no embedder setting
 * is declared, the settings' own defaults (the bundled model's) apply.
 */
public final class ModelSettings {

    /** The embedder's model setting (declared by the embedder's settings), read here too; not in {@link MatcherSettings#all()}. */
    static final Setting<String> EMBEDDER_MODEL = Setting.string(EmbedderChoice.KEY, "", EmbedderChoice.DESCRIPTION);

    private ModelSettings() {}

    public static String modelId(Config c) {
        ModelDescriptor d = chosen(c, MatcherSettings.MODEL_ID);
        return d == null ? c.get(MatcherSettings.MODEL_ID) : d.name();
    }

    public static int dimension(Config c) {
        ModelDescriptor d = chosen(c, MatcherSettings.DIMENSION);
        return d == null || d.dimension() <= 0 ? c.get(MatcherSettings.DIMENSION) : d.dimension();
    }

    public static double known(Config c) {
        return threshold(c, MatcherSettings.KNOWN_THRESHOLD);
    }

    public static double unknown(Config c) {
        return threshold(c, MatcherSettings.UNKNOWN_THRESHOLD);
    }

    public static double visitor(Config c) {
        return threshold(c, MatcherSettings.VISITOR_THRESHOLD);
    }

    /** The value of the known, unknown or visitor threshold setting {@code s} as the chosen model implies it. */
    public static double threshold(Config c, Setting<Double> s) {
        ModelDescriptor d = chosen(c, s);
        Double v = d == null ? null : calibrated(d).get(key(s));
        return v == null ? c.get(s) : v;
    }

    /** Where a model-dependent value came from: the config's origin, or the chosen model's descriptor. */
    public static String origin(Config c, Setting<?> s) {
        ModelDescriptor d = chosen(c, s);
        if (d == null || (s != MatcherSettings.MODEL_ID && s != MatcherSettings.DIMENSION && calibrated(d).get(key(s)) == null)) {
            return c.origin(s);
        }
        return "model " + d.name() + "'s descriptor";
    }

    private static String key(Setting<?> s) {
        return s == MatcherSettings.KNOWN_THRESHOLD ? "known" : s == MatcherSettings.UNKNOWN_THRESHOLD ? "unknown" : "visitor";
    }

    private static Map<String, Double> calibrated(ModelDescriptor d) {
        return d.thresholds() == null || !d.thresholds().calibrated() || d.thresholds().values() == null ? Map.of() : d.thresholds().values();
    }

    /** The chosen embedder's descriptor when {@code s} is at its default and another model than the bundled one is chosen. */
    private static ModelDescriptor chosen(Config c, Setting<?> s) {
        if (!"default".equals(c.origin(s)) || !c.declares(EMBEDDER_MODEL) || EmbedderChoice.bundled(c.get(EMBEDDER_MODEL))) {
            return null;
        }
        try {
            return EmbedderChoice.descriptor(c.get(EMBEDDER_MODEL));
        } catch (IOException | RuntimeException e) {
            return null; // the embedder reports an unreadable descriptor when it loads it
        }
    }
}
