package io.footfall.schemas.registry;

/** Base of every failure talking to a schema registry; the message always says what to do next. */
public class SchemaRegistryException extends RuntimeException {
    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
