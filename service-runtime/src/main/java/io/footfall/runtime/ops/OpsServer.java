package io.footfall.runtime.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The operations endpoint of a Footfall process: {@code GET /metrics} in Prometheus text format
 * and {@code GET /health}, 200 when every registered component is up and 503 otherwise.
 */
public final class OpsServer implements AutoCloseable {

    /** Requests served at once; handlers that do long work (photos, event streams) hand it to their own threads. */
    static final int HTTP_THREADS = 4;

    private final HttpServer server;
    private final PrometheusMeterRegistry registry;
    private final Map<String, Supplier<Health>> checks = new ConcurrentHashMap<>();

    private OpsServer(HttpServer server, PrometheusMeterRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    public static OpsServer start(String host, int port, PrometheusMeterRegistry registry) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serve /metrics on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose a free port with the metrics.port setting (0 picks one).", e);
        }
        OpsServer ops = new OpsServer(http, registry);
        http.createContext("/metrics", ops::metrics);
        http.createContext("/health", ops::health);
        // a few threads, so that a slow client (or a slow identity lookup) does not hold up Prometheus or a health probe
        AtomicInteger threads = new AtomicInteger();
        http.setExecutor(Executors.newFixedThreadPool(HTTP_THREADS, r -> {
            Thread t = new Thread(r, "footfall-ops-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return ops;
    }

    /** Adds a component whose health decides readiness; replaces one of the same name. */
    public void register(String component, Supplier<Health> check) {
        checks.put(component, check);
    }

    /** Serves {@code path} (and everything below it) with {@code handler}, e.g. a service's own HTTP API. */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    private void health(HttpExchange exchange) throws IOException {
        StringBuilder json = new StringBuilder("{\"components\":{");
        boolean allUp = true;
        boolean first = true;
        for (Map.Entry<String, Supplier<Health>> e : new TreeMap<>(checks).entrySet()) {
            Health h;
            try {
                h = e.getValue().get();
            } catch (RuntimeException failure) {
                h = Health.down("health check failed: " + failure);
            }
            allUp &= h.up();
            json.append(first ? "" : ",").append('"').append(escape(e.getKey())).append("\":{\"status\":\"")
                    .append(h.up() ? "UP" : "DOWN").append("\",\"detail\":\"").append(escape(h.detail())).append("\"}");
            first = false;
        }
        json.append("},\"status\":\"").append(allUp ? "UP" : "DOWN").append("\"}");
        respond(exchange, allUp ? 200 : 503, "application/json", json.toString());
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
