package io.footfall.schemas.registry;

/** The registry could not be reached or answered with a server error. */
public class RegistryUnavailableException extends SchemaRegistryException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
