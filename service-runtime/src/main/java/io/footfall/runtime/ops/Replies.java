package io.footfall.runtime.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The one way the ops port answers: JSON written by Jackson ({@code {"error": message}} for errors), plain text, or
 * bytes of a given type. Each method completes the request's callback once the body is sent.
 */
public final class Replies {

    /** The mapper every JSON body of the ops port is written with. */
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String JSON_TYPE = "application/json; charset=utf-8";
    public static final String TEXT_TYPE = "text/plain; charset=utf-8";

    private Replies() {}

    /** {@code body} as JSON, not to be cached. */
    public static void json(Response response, Callback callback, int status, Object body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        bytes(response, callback, status, JSON_TYPE, toJson(body));
    }

    /** {@code {"error": message}}. */
    public static void error(Response response, Callback callback, int status, String message) {
        json(response, callback, status, Map.of("error", message));
    }

    public static void text(Response response, Callback callback, int status, String type, String body) {
        bytes(response, callback, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void bytes(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    public static byte[] toJson(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Answers {@code {"error": message}} at once, then reads and drops what the client still sends of its body,
     * without holding a thread while it waits: up to {@code limit} bytes and for at most {@code linger}, after which the
     * connection is closed. A client that sends its body without waiting for {@code 100 Continue} then reads the answer
     * instead of a reset connection (closing a socket with unread bytes resets it, and the reset can overtake the
     * answer), and a stalled client costs nothing but its connection until the time is up.
     */
    public static void errorThenLinger(Request request, Response response, Callback callback, int status, String message,
                                       long limit, Duration linger) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        error(response, Callback.from(() -> new Linger(request, callback, limit).start(linger), callback::failed), status, message);
    }

    /** Reads and drops a request's body on Jetty's demand, then completes the request once; never blocks. */
    private static final class Linger implements Runnable {
        private final Request request;
        private final Callback callback;
        private final long limit;
        private final AtomicBoolean done = new AtomicBoolean();
        private long seen;

        Linger(Request request, Callback callback, long limit) {
            this.request = request;
            this.callback = callback;
            this.limit = limit;
        }

        void start(Duration linger) {
            Scheduler.Task timer = request.getComponents().getScheduler().schedule(this::finish, linger.toMillis(), TimeUnit.MILLISECONDS);
            run();
            if (done.get()) {
                timer.cancel();
            }
        }

        @Override
        public void run() {
            while (!done.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                seen += chunk.remaining();
                boolean last = chunk.isLast() || Content.Chunk.isFailure(chunk);
                chunk.release();
                if (last || seen > limit) {
                    finish();
                    return;
                }
            }
        }

        private void finish() {
            if (done.compareAndSet(false, true)) {
                callback.succeeded();
            }
        }
    }

    /**
     * Reads and drops up to {@code limit} bytes of the request body at {@link BodyReader#DEFAULT}'s pace, so that a
     * client still sending gets the answer rather than a reset connection, and a stalled one holds no thread for long.
     */
    public static void drain(Request request, long limit) {
        BodyReader.DEFAULT.discard(request, limit);
    }
}
