package io.footfall.models;

import java.io.IOException;

/** A fetch or conversion that cannot go on; the message says what is wrong and what to do. */
public class ModelFetchException extends IOException {
    public ModelFetchException(String message) {
        super(message);
    }

    public ModelFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
