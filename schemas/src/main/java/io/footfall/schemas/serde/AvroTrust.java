package io.footfall.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate generated classes outside a trusted list; Footfall's own schema
 * package is added to the default list once per JVM.
 */
public final class AvroTrust {

    private static final String SCHEMA_PACKAGE = "io.footfall.schema.";
    private static volatile boolean installed;

    private AvroTrust() {}

    public static void install() {
        if (installed) {
            return;
        }
        synchronized (AvroTrust.class) {
            if (!installed) {
                ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                        current, type -> type.getName().startsWith(SCHEMA_PACKAGE)));
                installed = true;
            }
        }
    }
}
