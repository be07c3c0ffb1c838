package io.footfall.matcher.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: recognition events as Server-Sent Events ({@code event: recognition}, {@code id:} the
 * event id, {@code data:} its JSON): the recent ones first, then each new one as it arrives; and
 * {@code event: counts} (no id) whenever a footfall count changes, with its camera, window and UTC day. A browser's
 * EventSource reconnects by itself and sends {@code Last-Event-ID}, so it gets only what it missed. Each stream is
 * written by its own thread, so an open stream never holds up the rest of the ops server.
 */
public final class EventStream implements HttpHandler {

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
    public void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            Json.error(exchange, 405, "use GET /api/events (Server-Sent Events)");
            exchange.close();
            return;
        }
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            exchange.getResponseHeaders().set("Retry-After", "10");
            Json.error(exchange, 503, "too many open event streams (" + maxStreams + "); close a page or try again later");
            exchange.close();
            return;
        }
        RecentEvents.Subscription subscription;
        try {
            subscription = events.subscribe(exchange.getRequestHeaders().getFirst("Last-Event-ID"), 1_000);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
            exchange.sendResponseHeaders(200, 0);
        } catch (IOException | RuntimeException e) {
            open.decrementAndGet();
            exchange.close();
            throw e;
        }
        Thread writer = new Thread(() -> stream(exchange, subscription), "footfall-web-events-" + open.get());
        writer.setDaemon(true);
        writer.start();
    }

    private void stream(HttpExchange exchange, RecentEvents.Subscription subscription) {
        try (exchange; subscription; OutputStream out = exchange.getResponseBody()) {
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
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } finally {
            open.decrementAndGet();
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
