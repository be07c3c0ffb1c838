package io.footfall.runtime.ops;

import io.footfall.runtime.config.ConfigException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint of a Footfall process, on Jetty: {@code GET /metrics} in Prometheus text format and
 * {@code GET /health}, 200 when every registered component is up and 503 otherwise (also while none has registered yet). Services add their own routes
 * while it runs ({@link #route}), so {@code /health} answers from the start, DOWN until the services are up.
 */
public final class OpsServer implements AutoCloseable {

    /** Threads serving requests at most; handlers that do long work (photos, event streams) hand it to their own threads. */
    static final int MAX_THREADS = 16;
    static final int MIN_THREADS = 2;
    /** A connection idle this long is closed (event streams send a heartbeat more often). */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Limits on connections.
     *
     * @param headerTimeout a connection whose first request's headers are not complete after this long is closed
     * @param maxConnections open connections at most (more wait in the accept queue)
     * @param perClient      open connections at most from one address (more are closed at once)
     */
    record Limits(Duration headerTimeout, int maxConnections, int perClient) {
        static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), 512, 128);
        }
    }

    /**
     * HTTPS instead of HTTP: the key and certificate chain in a PKCS12 (or JKS) key store, e.g. made with
     * {@code openssl pkcs12 -export} from a certificate and its key, or {@code keytool -genkeypair}.
     */
    public record Tls(Path keyStore, String password) {
        /** The key store, loaded, or a message saying what is wrong with it and which setting to change. */
        KeyStore load() {
            if (!Files.isReadable(keyStore)) {
                throw new ConfigException("Cannot read the TLS key store " + keyStore + " (metrics.tls.keystore): no such readable file.");
            }
            try {
                return KeyStore.getInstance(keyStore.toFile(), password.toCharArray());
            } catch (IOException | GeneralSecurityException e) {
                throw new ConfigException("Cannot open the TLS key store " + keyStore + " (" + e.getMessage()
                        + "); check metrics.tls.keystore-password and that the file is a PKCS12 or JKS key store.");
            }
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final Routes routes;
    private final PrometheusMeterRegistry registry;
    private final Map<String, Supplier<Health>> checks = new ConcurrentHashMap<>();

    private OpsServer(Server server, ServerConnector connector, Routes routes, PrometheusMeterRegistry registry) {
        this.server = server;
        this.connector = connector;
        this.routes = routes;
        this.registry = registry;
    }

    public static OpsServer start(String host, int port, PrometheusMeterRegistry registry) {
        return start(host, port, registry, Limits.defaults(), null);
    }

    /** Serves on {@code host:port}, with HTTPS when {@code tls} is given. */
    public static OpsServer start(String host, int port, PrometheusMeterRegistry registry, Tls tls) {
        return start(host, port, registry, Limits.defaults(), tls);
    }

    static OpsServer start(String host, int port, PrometheusMeterRegistry registry, Limits limits) {
        return start(host, port, registry, limits, null);
    }

    static OpsServer start(String host, int port, PrometheusMeterRegistry registry, Limits limits, Tls tls) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("footfall-ops-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = tls == null ? new ServerConnector(server, 1, 1, new HttpConnectionFactory(http))
                : new ServerConnector(server, 1, 1, new SslConnectionFactory(sslContext(tls), HttpVersion.HTTP_1_1.asString()),
                        new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        connector.addBean(new ConnectionGuard(limits.perClient(), limits.headerTimeout(), connector.getScheduler()));
        Routes routes = new Routes();
        server.setHandler(routes);
        server.setStopTimeout(1_000);
        server.setErrorHandler(new JsonErrors());
        OpsServer ops = new OpsServer(server, connector, routes, registry);
        ops.route("/metrics", handler(ops::metrics));
        ops.route("/health", handler(ops::health));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            Throwable cause = e instanceof IOException || e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Cannot serve /metrics on " + host + ":" + port + " (" + cause.getMessage()
                    + "); choose a free port with the metrics.port setting (0 picks one).", e);
        }
        LoggerFactory.getLogger(OpsServer.class).info("Serving /health and /metrics on {}://{}:{} ({})", tls == null ? "http" : "https",
                host.isBlank() ? "0.0.0.0" : host,
                ops.port(), host.isBlank() || "0.0.0.0".equals(host) ? "every interface; set metrics.host to restrict it" : "metrics.host");
        return ops;
    }

    private static SslContextFactory.Server sslContext(Tls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.load());
        ssl.setKeyStorePassword(tls.password());
        return ssl;
    }

    /** Adds a component whose health decides readiness; replaces one of the same name. */
    public void register(String component, Supplier<Health> check) {
        checks.put(component, check);
    }

    /** Serves {@code path} (and everything below it) with {@code handler}, e.g. a service's own HTTP API. */
    public void route(String path, Handler handler) {
        routes.add(path, handler);
    }

    public int port() {
        return connector.getLocalPort();
    }

    private void metrics(Request request, Response response, Callback callback) {
        Replies.text(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    private void health(Request request, Response response, Callback callback) {
        Map<String, Object> components = new LinkedHashMap<>();
        boolean allUp = true;
        for (Map.Entry<String, Supplier<Health>> e : new TreeMap<>(checks).entrySet()) {
            Health h;
            try {
                h = e.getValue().get();
            } catch (RuntimeException failure) {
                h = Health.down("health check failed: " + failure);
            }
            allUp &= h.up();
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("status", h.up() ? "UP" : "DOWN");
            component.put("detail", h.detail() == null ? "" : h.detail());
            components.put(e.getKey(), component);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (components.isEmpty()) {
            // nothing has registered yet: the process is still loading models or creating topics, not ready
            allUp = false;
            body.put("detail", "starting: no service has registered its health yet");
        }
        body.put("components", components);
        body.put("status", allUp ? "UP" : "DOWN");
        Replies.json(response, callback, allUp ? 200 : 503, body);
    }

    /** A handler of one response, written by {@code reply}. */
    private interface Reply {
        void reply(Request request, Response response, Callback callback);
    }

    private static Handler handler(Reply reply) {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                reply.reply(request, response, callback);
                return true;
            }
        };
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // it did not start
        }
    }

    @Override
    public void close() {
        stopQuietly(server);
    }
}
