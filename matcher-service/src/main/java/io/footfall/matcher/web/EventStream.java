package io.footfall.matcher.web;

import io.footfall.runtime.ops.Replies;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: recognition events as Server-Sent Events ({@code event: recognition}, {@code id:} the
 * event id, {@code data:} its JSON): the recent ones first, then each new one as it arrives; and
 * {@code event: counts} (no id) whenever a footfall count changes, with its camera, window and UTC day. A browser's
 * EventSource reconnects by itself and sends {@code Last-Event-ID}, so it gets only what it missed. Each stream is
 * written by its own thread, so an open stream never holds up the rest of the ops server.
 */
public final class EventStream extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    private final RecentEvents events;
    private final int maxStreams;
    private final Duration heartbeat;
    private final AtomicInteger open = new AtomicInteger();

    public EventStream(RecentEvents events, int maxStreams, Duration heartbeat) {
        this.events = events;
        this.maxStreams = maxStreams;
        this.heartbeat = heartbeat;
    }

    public int open() {
        return open.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            Replies.error(response, callback, 405, "use GET /api/events (Server-Sent Events)");
            return true;
        }
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
            Replies.error(response, callback, 503, "too many open event streams (" + maxStreams + "); close a page or try again later");
            return true;
        }
        RecentEvents.Subscription subscription;
        try {
            subscription = events.subscribe(request.getHeaders().get("Last-Event-ID"), 1_000);
        } catch (RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");
        Thread writer = new Thread(() -> stream(response, callback, subscription), "footfall-web-events-" + open.get());
        writer.setDaemon(true);
        writer.start();
        return true;
    }

    private void stream(Response response, Callback callback, RecentEvents.Subscription subscription) {
        Throwable failure = null;
        try (subscription; OutputStream out = Content.Sink.asOutputStream(response)) {
            write(out, "retry: 2000\n\n");
            for (RecentEvents.Item item : subscription.backlog()) {
                write(out, frame(item));
            }
            while (!subscription.ended()) {
                RecentEvents.Item item = subscription.next(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (item == null && subscription.ended()) {
                    break;
                }
                // a comment line as heartbeat: keeps proxies from closing an idle stream and finds gone clients
                write(out, item == null ? ": keep-alive\n\n" : frame(item));
            }
        } catch (IOException gone) {
            log.debug("event stream closed by the client: {}", gone.toString());
            failure = gone;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            failure = stopping;
        } finally {
            open.decrementAndGet();
            if (failure == null) {
                callback.succeeded();
            } else {
                callback.failed(failure);
            }
        }
    }

    static String frame(RecentEvents.Item item) {
        // JSON has no line breaks (Jackson escapes them), so it is one SSE data line
        String id = item.id() == null ? "" : "id: " + item.id().replaceAll("[\\r\\n]", " ") + "\n";
        return id + "event: " + item.event() + "\ndata: " + item.json() + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
