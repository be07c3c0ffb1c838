package io.footfall.schemas.registry;

/** The registry has no schema with the requested id, or the subject does not hold the schema. */
public class UnknownSchemaException extends SchemaRegistryException {
    public UnknownSchemaException(String message) {
        super(message);
    }
}
