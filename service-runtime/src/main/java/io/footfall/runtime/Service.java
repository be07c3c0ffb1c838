package io.footfall.runtime;

import io.footfall.runtime.ops.Health;

/** A long-running part of Footfall (a Streams app, the camera loops) with a lifecycle and a health. */
public interface Service extends AutoCloseable {

    String name();

    void start();

    Health health();

    /** Stops the service, waiting for in-flight work; must be safe to call more than once. */
    @Override
    void close();
}
