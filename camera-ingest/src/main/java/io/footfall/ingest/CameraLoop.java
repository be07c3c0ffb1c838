package io.footfall.ingest;

import io.footfall.schema.CameraState;
import io.footfall.schema.Frame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one camera forever: connect, decode, sample by capture time, encode, publish; on failure,
 * report why and reconnect with backoff. A watchdog calls {@link #checkStall(long)} so that a camera
 * that stops sending without closing the connection is seen as STALLED. The one exception is a file
 * played once ({@code loop=false}): at its end the camera reports ENDED and the loop returns, with
 * no reconnect.
 */
final class CameraLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(CameraLoop.class);

    /** Receives the camera's state changes (published to {@code camera-status}). */
    interface StatusListener {
        void changed(String camera, CameraState state, String reason, int attempt, String source);
    }

    private final CameraSpec camera;
    private final Function<CameraSpec, FrameSource> sources;
    private final FramePublisher publisher;
    private final StatusListener status;
    private final CameraMetrics metrics;
    private final Backoff backoff;
    private final long stallNanos;
    private final FrameSampler sampler;
    private final CaptureClock clock = new CaptureClock();
    private long sequence;
    private volatile boolean running = true;
    private volatile long grabStartedNanos;
    private volatile boolean stalled;
    private CameraState lastState;
    private String lastReason;
    private volatile Thread thread;

    CameraLoop(CameraSpec camera, Function<CameraSpec, FrameSource> sources, FramePublisher publisher, StatusListener status,
               CameraMetrics metrics, Backoff backoff, Duration socketTimeout) {
        this.camera = camera;
        this.sources = sources;
        this.publisher = publisher;
        this.status = status;
        this.metrics = metrics;
        this.backoff = backoff;
        this.stallNanos = socketTimeout.toNanos() * 8 / 10;
        this.sampler = new FrameSampler(camera.fps());
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try (JpegEncoder encoder = new JpegEncoder(camera.maxWidth(), camera.jpegQuality())) {
            while (running) {
                if (runOnce(encoder)) {
                    return; // a file played once: nothing to reconnect to
                }
                if (running) {
                    Duration delay = backoff.next();
                    metrics.reconnects.increment();
                    log.info("Camera {}: reconnecting in {} ms (attempt {})", camera.id(), delay.toMillis(), backoff.attempts());
                    sleep(delay);
                }
            }
        } finally {
            metrics.up.set(0);
        }
    }

    /** Reads the camera until it fails or ends; true when a file played once has reached its end (ENDED). */
    private boolean runOnce(JpegEncoder encoder) {
        if (lastState != CameraState.DISCONNECTED && lastState != CameraState.STALLED) {
            report(CameraState.CONNECTING, null);
        }
        FrameSource source = sources.apply(camera);
        try {
            try {
                source.open();
            } catch (FrameSource.SourceException e) {
                report(CameraState.DISCONNECTED, e.getMessage());
                return false;
            }
            stalled = false;
            sampler.reset();
            clock.reset();
            boolean streaming = false;
            while (running) {
                grabStartedNanos = System.nanoTime();
                FrameSource.Decoded decoded;
                try {
                    decoded = source.grab();
                } finally {
                    grabStartedNanos = 0;
                }
                if (stalled) {
                    return false; // the watchdog reported it; reconnect
                }
                if (decoded == null) {
                    if (camera.isFile() && !camera.loop()) {
                        // played once, as asked: opening the file again would publish its frames a second time
                        metrics.ended.set(1);
                        report(CameraState.ENDED, "end of file");
                        return true;
                    }
                    report(CameraState.DISCONNECTED, camera.isNetworkStream() ? "connection lost: the stream ended" : "end of file");
                    return false;
                }
                metrics.decoded.increment();
                if (!streaming) {
                    streaming = true;
                    backoff.reset();
                    metrics.up.set(1);
                    report(CameraState.STREAMING, null);
                }
                long now = System.currentTimeMillis();
                long capturedAt = clock.capturedAtMillis(decoded.timestampMicros(), now);
                if (sampler.keep(decoded.timestampMicros())) {
                    long started = System.nanoTime();
                    JpegEncoder.Encoded jpeg = encoder.encode(decoded.bgr());
                    metrics.encode.record(Duration.ofNanos(System.nanoTime() - started));
                    // published no earlier than captured, also for a burst's frames a millisecond apart
                    long publishedAt = Math.max(System.currentTimeMillis(), capturedAt);
                    publisher.offer(new Frame(camera.id(), sequence++, Instant.ofEpochMilli(capturedAt), Instant.ofEpochMilli(publishedAt),
                            jpeg.width(), jpeg.height(), ByteBuffer.wrap(jpeg.jpeg())));
                }
            }
        } catch (FrameSource.SourceException e) {
            report(CameraState.DISCONNECTED, e.getMessage());
        } catch (RuntimeException e) {
            report(CameraState.DISCONNECTED, "decoding failed: " + Urls.redact(String.valueOf(e.getMessage())));
            log.warn("Camera {}: unexpected error", camera.id(), e);
        } finally {
            metrics.up.set(0);
            source.close();
        }
        return false;
    }

    /** Called by the watchdog: a grab blocked for 80 % of the socket timeout means the camera stopped sending. */
    void checkStall(long nowNanos) {
        long started = grabStartedNanos;
        if (started != 0 && !stalled && nowNanos - started >= stallNanos) {
            stalled = true;
            metrics.up.set(0);
            report(CameraState.STALLED, "no frame for " + (nowNanos - started) / 1_000_000 + " ms");
        }
    }

    private synchronized void report(CameraState state, String reason) {
        if (state == lastState && Objects.equals(reason, lastReason)) {
            return;
        }
        lastState = state;
        lastReason = reason;
        int attempt = state == CameraState.STREAMING ? 0 : backoff.attempts();
        if (state == CameraState.DISCONNECTED || state == CameraState.STALLED) {
            log.warn("Camera {} ({}): {}{}", camera.id(), camera.redactedUrl(), state, reason == null ? "" : ": " + reason);
        } else {
            log.info("Camera {} ({}): {}", camera.id(), camera.redactedUrl(), state);
        }
        status.changed(camera.id(), state, reason, attempt, camera.redactedUrl());
    }

    CameraState state() {
        return lastState;
    }

    /** Stops after the current grab returns (at most one socket timeout). */
    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            // stop() interrupts the back-off sleep
        }
    }
}
