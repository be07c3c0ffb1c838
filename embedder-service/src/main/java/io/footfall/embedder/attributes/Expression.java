package io.footfall.embedder.attributes;

import java.util.Locale;

/** The seven facial expressions of face-api.js's expression net, in its output order. */
public enum Expression {
    NEUTRAL, HAPPY, SAD, ANGRY, FEARFUL, DISGUSTED, SURPRISED;

    /** The lower-case name, e.g. {@code "happy"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
