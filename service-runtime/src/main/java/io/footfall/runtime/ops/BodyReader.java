package io.footfall.runtime.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body with a size limit and a minimum rate: after a grace period the bytes received must keep up with
 * {@code minRate} bytes a second (the body may take {@code grace + size / minRate} in all), so a client that trickles
 * its upload cannot hold a worker thread for long. Jetty's idle timeout alone restarts with every byte.
 */
public final class BodyReader {

    /** The default pace: 10 s of grace, then 8 KiB a second (a 5 MB photo may take 10 minutes). */
    public static final BodyReader DEFAULT = new BodyReader(Duration.ofSeconds(10), 8 * 1024);

    private final Duration grace;
    private final long minRate;

    public BodyReader(Duration grace, long minRate) {
        this.grace = grace;
        this.minRate = minRate;
    }

    /** The body arrived slower than the minimum rate. */
    public static final class TooSlowException extends IOException {
        TooSlowException(String message) {
            super(message);
        }
    }

    /**
     * The whole body, or null when it is longer than {@code maxBytes} (what was read is dropped).
     *
     * @throws TooSlowException when the body does not keep up with the minimum rate
     * @throws IOException      when the client goes away or the body is malformed
     */
    public byte[] read(Request request, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return consume(request, maxBytes, out) ? out.toByteArray() : null;
    }

    /**
     * Reads and drops up to {@code limit} bytes of the body at the same pace, so that a client still sending a refused
     * upload gets the answer rather than a reset connection; a slower or longer body is left (the connection is then
     * closed after the answer).
     */
    public void discard(Request request, long limit) {
        try {
            consume(request, limit, null);
        } catch (IOException gone) {
            // too slow, or the client went away: nothing more to read
        }
    }

    /** Reads the body into {@code out} (null: drops it); false when it is longer than {@code limit}. */
    private boolean consume(Request request, long limit, ByteArrayOutputStream out) throws IOException {
        long started = System.nanoTime();
        long received = 0;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                await(request, started, received);
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    throw new IOException("the request body failed: " + chunk.getFailure().getMessage(), chunk.getFailure());
                }
                java.nio.ByteBuffer bytes = chunk.getByteBuffer();
                if (received + bytes.remaining() > limit) {
                    return false;
                }
                received += bytes.remaining();
                if (out != null) {
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.get(copy);
                    out.write(copy);
                }
                if (chunk.isLast()) {
                    return true;
                }
            } finally {
                chunk.release();
            }
        }
    }

    /** Waits for more of the body until the moment the bytes so far fall behind the minimum rate. */
    private void await(Request request, long started, long received) throws IOException {
        long deadline = started + grace.toNanos() + received * 1_000_000_000L / minRate;
        long wait = deadline - System.nanoTime();
        CountDownLatch more = new CountDownLatch(1);
        request.demand(more::countDown);
        try {
            if (wait <= 0 || !more.await(wait, TimeUnit.NANOSECONDS)) {
                throw new TooSlowException(String.format("the request body came too slowly (%d bytes in %.0f s; at least %d bytes a second "
                        + "after the first %d s are needed)", received, (System.nanoTime() - started) / 1e9, minRate, grace.toSeconds()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        }
    }
}
