package io.footfall.embedder.attributes;

import java.util.Locale;

/** The gender the age/gender net estimates from a face (an estimate from appearance, two classes only). */
public enum Gender {
    MALE, FEMALE;

    /** {@code "male"} or {@code "female"}, as in JSON output and Avro records. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
