package io.footfall.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API (also served by Apicurio Registry under
 * {@code /apis/ccompat/v7}), caching ids and schemas both ways.
 *
 * <p>Credentials may be given as user info in the URL ({@code https://user:secret@host/...}); they
 * are sent as HTTP basic auth and never appear in {@link #location()} or error messages.
 */
public final class ConfluentRegistryClient implements SchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;

    private final URI base;
    private final String redactedBase;
    private final String authorization;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {}

    public ConfluentRegistryClient(String url) {
        this(url, Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    public ConfluentRegistryClient(String url, Duration connectTimeout, Duration requestTimeout) {
        Objects.requireNonNull(url, "url");
        URI parsed;
        try {
            parsed = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException("Schema registry URL '" + redact(url) + "' is not a valid URL: " + e.getMessage());
        }
        if (parsed.getScheme() == null || !(parsed.getScheme().equals("http") || parsed.getScheme().equals("https"))) {
            throw new SchemaRegistryException("Schema registry URL must start with http:// or https://, got '" + redact(url) + "'");
        }
        this.authorization = parsed.getRawUserInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        URLDecoder.decode(parsed.getRawUserInfo(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        this.base = withoutUserInfo(parsed);
        this.redactedBase = base.toString();
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = send("POST", "/subjects/" + encode(subject) + "/versions", body(schema),
                "register schema " + schema.getFullName() + " under subject '" + subject + "'");
        int id = reply.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException("Registry at " + redactedBase + " answered a registration without an id: " + reply);
        }
        idBySubjectSchema.put(key, id);
        schemaById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = send("POST", "/subjects/" + encode(subject), body(schema),
                "look up schema " + schema.getFullName() + " under subject '" + subject + "'");
        int id = reply.path("id").asInt(-1);
        idBySubjectSchema.put(key, id);
        schemaById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = send("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
        String text = reply.path("schema").asText(null);
        if (text == null) {
            throw new SchemaRegistryException("Registry at " + redactedBase + " answered schema id " + id + " without a schema: " + reply);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException("Schema id " + id + " from " + redactedBase + " is not an Avro schema: " + e.getMessage(), e);
        }
        Schema previous = schemaById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public String location() {
        return redactedBase;
    }

    private static String body(Schema schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(String method, String path, String body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastFailure = e;
                sleepBeforeRetry(attempt);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("Interrupted while trying to " + what + " at " + redactedBase, e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return parse(response.body(), what);
            }
            if (status >= 500 && attempt < ATTEMPTS) {
                sleepBeforeRetry(attempt);
                continue;
            }
            throw errorFor(status, parse(response.body(), what), what);
        }
        throw new RegistryUnavailableException("Cannot reach the schema registry at " + redactedBase + " to " + what
                + " (" + describe(lastFailure) + "). Check that the registry is running and that the registry URL setting points at it.",
                lastFailure);
    }

    private SchemaRegistryException errorFor(int status, JsonNode error, String what) {
        int code = error.path("error_code").asInt(status);
        String message = error.path("message").asText(error.toString());
        if (status == 404) {
            return new UnknownSchemaException("Registry at " + redactedBase + " cannot " + what + ": " + message + " (error " + code + ")");
        }
        if (status == 409) {
            return new IncompatibleSchemaException("Registry at " + redactedBase + " refused to " + what
                    + " because it is incompatible with the subject's earlier versions: " + message
                    + ". Give every new field a default and keep removed fields' defaults.");
        }
        if (status == 401 || status == 403) {
            return new SchemaRegistryException("Registry at " + redactedBase + " refused to " + what + " (HTTP " + status
                    + "): check the credentials in the registry URL.");
        }
        if (status >= 500) {
            return new RegistryUnavailableException("Registry at " + redactedBase + " failed to " + what + " (HTTP " + status + "): " + message, null);
        }
        return new SchemaRegistryException("Registry at " + redactedBase + " refused to " + what + " (HTTP " + status + ", error " + code + "): " + message);
    }

    private JsonNode parse(String body, String what) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException("Registry at " + redactedBase + " answered a request to " + what
                    + " with something that is not JSON; is the URL really a Confluent-compatible registry API? Body starts: "
                    + body.substring(0, Math.min(120, body.length())));
        }
    }

    private static void sleepBeforeRetry(int attempt) {
        if (attempt >= ATTEMPTS) {
            return;
        }
        try {
            Thread.sleep(200L << (attempt - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "no answer";
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI withoutUserInfo(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new SchemaRegistryException("Schema registry URL is not valid: " + e.getMessage());
        }
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//");
    }
}
