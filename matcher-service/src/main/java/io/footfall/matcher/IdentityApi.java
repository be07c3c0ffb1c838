package io.footfall.matcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import io.footfall.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The matcher's identity API under {@code /api/identities}: list and get enrolled people (names,
 * template counts, metadata; never the vectors), and delete one, which writes a tombstone to the
 * compacted {@code identities} topic so every matcher forgets the person. Writes need the bearer
 * token of {@code matcher.api-token}; with no token configured, writes are refused.
 */
public final class IdentityApi implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/api/identities";

    private final Supplier<ReadOnlyKeyValueStore<String, Identity>> identities;
    private final Producer<String, byte[]> producer;
    private final byte[] token;

    public IdentityApi(Supplier<ReadOnlyKeyValueStore<String, Identity>> identities, Producer<String, byte[]> producer, String token) {
        this.identities = identities;
        this.producer = producer;
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String id = path.length() > PREFIX.length() + 1 ? path.substring(PREFIX.length() + 1) : null;
            switch (exchange.getRequestMethod()) {
                case "GET" -> {
                    if (id == null) {
                        list(exchange);
                    } else {
                        get(exchange, id);
                    }
                }
                case "DELETE" -> {
                    if (id == null) {
                        error(exchange, 405, "DELETE needs an identity id: DELETE /api/identities/{id}");
                    } else if (authorized(exchange)) {
                        delete(exchange, id);
                    }
                }
                default -> error(exchange, 405, "use GET or DELETE");
            }
        } catch (RuntimeException e) {
            error(exchange, 503, "the identity store is not ready (" + e.getMessage() + "); try again shortly");
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (KeyValueIterator<String, Identity> all = identities.get().all()) {
            all.forEachRemaining(kv -> out.add(view(kv.value)));
        }
        respond(exchange, 200, Map.of("identities", out, "count", out.size()));
    }

    private void get(HttpExchange exchange, String id) throws IOException {
        Identity identity = identities.get().get(id);
        if (identity == null) {
            error(exchange, 404, "no identity '" + id + "'");
        } else {
            respond(exchange, 200, view(identity));
        }
    }

    private void delete(HttpExchange exchange, String id) throws IOException {
        if (identities.get().get(id) == null) {
            error(exchange, 404, "no identity '" + id + "'");
            return;
        }
        try {
            producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), id, null)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            error(exchange, 503, "could not write the erasure to Kafka: " + e.getMessage());
            return;
        }
        respond(exchange, 202, Map.of("identityId", id, "status", "erasing: removed from every matcher within seconds"));
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        if (token == null) {
            error(exchange, 403, "writes are disabled: set matcher.api-token to enable them");
            return false;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ") ? header.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            error(exchange, 401, "missing or wrong bearer token");
            return false;
        }
        return true;
    }

    private static Map<String, Object> view(Identity identity) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("identityId", identity.getIdentityId());
        v.put("displayName", identity.getDisplayName());
        v.put("modelId", identity.getModelId());
        v.put("templates", identity.getTemplates().stream().map(FaceTemplate::getTemplateId).toList());
        v.put("createdAt", identity.getCreatedAt().toString());
        v.put("updatedAt", identity.getUpdatedAt().toString());
        v.put("metadata", identity.getMetadata());
        return v;
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        respond(exchange, status, Map.of("error", message));
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
