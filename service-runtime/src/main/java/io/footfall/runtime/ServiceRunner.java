package io.footfall.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services in order and, on SIGTERM or Ctrl-C, stops them in reverse order so that no
 * in-flight record is abandoned.
 */
public final class ServiceRunner {

    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stop, "footfall-shutdown");

    public ServiceRunner() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Keeps {@code resource} to close at shutdown, after everything added later. */
    public <T extends AutoCloseable> T add(T resource) {
        synchronized (started) {
            started.add(resource);
        }
        return resource;
    }

    public <T extends Service> T start(T service) {
        add(service);
        service.start();
        log.info("Started {}", service.name());
        return service;
    }

    /** Blocks until shutdown. */
    public void await() throws InterruptedException {
        stopped.await();
    }

    public void stop() {
        List<AutoCloseable> toClose;
        synchronized (started) {
            toClose = new ArrayList<>(started);
            started.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                log.warn("Error while stopping {}: {}", toClose.get(i), e.toString());
            }
        }
        stopped.countDown();
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already running hooks
            }
        }
    }
}
