package io.footfall.runtime.streams;

/**
 * Thrown by a service's domain logic for an input it can never process (an undecodable JPEG, an
 * embedding of the wrong dimension); the record goes to the dead-letter topic with this message.
 */
public class PoisonRecordException extends RuntimeException {
    public PoisonRecordException(String reason) {
        super(reason);
    }

    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
