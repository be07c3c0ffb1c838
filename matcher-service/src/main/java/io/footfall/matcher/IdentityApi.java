package io.footfall.matcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.footfall.faces.PhotoFaces;
import io.footfall.matcher.enrol.Enroller;
import io.footfall.matcher.enrol.Enrolment;
import io.footfall.matcher.enrol.FaceReader;
import io.footfall.matcher.enrol.IdentityTopic;
import io.footfall.matcher.enrol.Photo;
import io.footfall.matcher.enrol.PhotoOutcome;
import io.footfall.matcher.enrol.Verifier;
import io.footfall.runtime.config.Config;
import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import io.footfall.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The matcher's identity API:
 * <ul>
 *   <li>{@code GET /api/identities}, {@code GET /api/identities/{id}}: enrolled people (never the vectors);</li>
 *   <li>{@code POST /api/identities} (multipart: {@code name}, optional {@code id}, {@code photo} files): enrol;</li>
 *   <li>{@code POST /api/identities/{id}/photos} (multipart {@code photo} files): add photos;</li>
 *   <li>{@code DELETE /api/identities/{id}}: erase (a tombstone on the compacted {@code identities} topic);</li>
 *   <li>{@code POST /api/verify} (multipart: {@code id}, one {@code photo}): is this the person? (face-login).</li>
 * </ul>
 * Everything but the two GETs needs the bearer token of {@code matcher.api-token}; with no token configured those
 * requests are refused. Uploads are limited to {@code matcher.max-upload-bytes} (413), must be multipart/form-data
 * (415) and well-formed (400); each photo's type is read from its bytes. Photos go through the live pipeline's
 * detector and embedder ({@link PhotoFaces}), loaded when the matcher starts; when the models cannot be loaded the
 * matcher still matches and these requests answer 503 saying how to fetch them. Photo work runs on its own threads,
 * so {@code /metrics} and {@code /health} stay responsive during an enrolment.
 */
public final class IdentityApi implements HttpHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdentityApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String IDENTITIES = "/api/identities";
    static final String VERIFY = "/api/verify";
    /** How long this instance trusts its own latest write over a global store that has not caught up with it yet. */
    private static final long READ_YOUR_WRITES_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** Photo work: an enroller and a verifier on loaded models, or why there are none. */
    public record Faces(Enroller enroller, Verifier verifier, AutoCloseable resources, String unavailable) {
        public static Faces unavailable(String why) {
            return new Faces(null, null, null, why);
        }

        public static Faces of(FaceReader reader, double knownThreshold, AutoCloseable resources) {
            return new Faces(new Enroller(reader, Clock.systemUTC()), new Verifier(reader, knownThreshold), resources, null);
        }

        boolean available() {
            return unavailable == null;
        }
    }

    private record Written(Identity identity, long at, long since) {
        boolean fresh() {
            return System.nanoTime() - since < READ_YOUR_WRITES_NANOS;
        }
    }

    private final Supplier<ReadOnlyKeyValueStore<String, Identity>> identities;
    private final Producer<String, byte[]> producer;
    private final Serializer<Identity> serializer;
    private final byte[] token;
    private final int maxUploadBytes;
    private final Faces faces;
    private final ThreadPoolExecutor work;
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private MeterRegistry meters;

    public IdentityApi(Supplier<ReadOnlyKeyValueStore<String, Identity>> identities, Producer<String, byte[]> producer,
                       Serializer<Identity> serializer, String token, int maxUploadBytes, Faces faces) {
        this.identities = identities;
        this.producer = producer;
        this.serializer = serializer;
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.maxUploadBytes = maxUploadBytes;
        this.faces = faces;
        this.work = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32), r -> {
            Thread t = new Thread(null, r, "footfall-matcher-photos", 4L << 20); // ONNX Runtime needs a deep native stack
            t.setDaemon(true);
            return t;
        });
        this.work.allowCoreThreadTimeOut(true);
    }

    /**
     * The API of a matcher with this configuration: loads the photo pipeline's models (the detector and embedder
     * settings) and checks they make the matcher's model's embeddings; when they cannot be loaded the API still
     * lists and deletes, and photo requests answer 503.
     */
    public static IdentityApi create(Config config, Supplier<ReadOnlyKeyValueStore<String, Identity>> identities, Producer<String, byte[]> producer,
                                     Serializer<Identity> serializer, MeterRegistry meters) {
        IdentityApi api = new IdentityApi(identities, producer, serializer, config.get(MatcherSettings.API_TOKEN),
                config.get(MatcherSettings.MAX_UPLOAD_BYTES), loadFaces(config));
        api.meters = meters;
        if (api.faces.resources() instanceof PhotoFaces photos) {
            // on the photo workers, so that close() waits for it; with the models warm the first enrolment takes about
            // 0.07 s (0.7 s cold)
            api.work.execute(() -> {
                try {
                    log.info("Photo models warmed up in {} ms", photos.warmUp());
                } catch (RuntimeException e) {
                    log.warn("Warming up the photo models failed ({}); the first enrolment or verification will be slower", e.toString());
                }
            });
        }
        return api;
    }

    /** Counts enrolment photos by outcome (and reason) and verifications by result. */
    private void count(String name, String... tags) {
        if (meters != null) {
            meters.counter(name, tags).increment();
        }
    }

    static Faces loadFaces(Config config) {
        PhotoFaces photos;
        try {
            photos = PhotoFaces.open(config);
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage();
            String why = "enrolment and verification are unavailable: the face models could not be loaded (" + detail + ")"
                    + (detail.contains("models fetch") ? "" : "; run 'footfall models fetch' (or set the detector and embedder model settings)")
                    + "; restart the matcher once they are there";
            log.warn("{}", why);
            return Faces.unavailable(why);
        }
        String matcherModel = config.get(MatcherSettings.MODEL_ID);
        if (!photos.modelId().equals(matcherModel)) {
            photos.close();
            String why = "enrolment and verification are unavailable: the embedder makes " + photos.modelId() + " embeddings but this matcher "
                    + "compares " + matcherModel + " (matcher.model-id); make the two settings agree and restart the matcher";
            log.warn("{}", why);
            return Faces.unavailable(why);
        }
        return Faces.of(FaceReader.of(photos), config.get(MatcherSettings.KNOWN_THRESHOLD), photos);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if ("POST".equals(method) || "DELETE".equals(method)) {
            // writes wait for photo work and for Kafka: never on the thread that serves /metrics and /health
            try {
                work.execute(() -> {
                    try (exchange) {
                        if ("POST".equals(method)) {
                            post(exchange, path);
                        } else {
                            read(exchange, path, method);
                        }
                    } catch (IOException | RuntimeException e) {
                        log.debug("identity API request {} failed", path, e);
                    }
                });
            } catch (RejectedExecutionException busy) {
                try (exchange) {
                    drain(exchange.getRequestBody(), 2L * maxUploadBytes);
                    exchange.getResponseHeaders().set("Retry-After", "5");
                    error(exchange, 503, "too many photo requests at once; try again in a few seconds");
                }
            }
            return;
        }
        try (exchange) {
            read(exchange, path, method);
        }
    }

    private void read(HttpExchange exchange, String path, String method) throws IOException {
        try {
            List<String> segments = segments(path);
            if (segments == null) {
                error(exchange, 404, "no such resource: " + path);
            } else if (segments.size() == 2 && segments.get(1).equals("verify")) {
                error(exchange, 405, "use POST /api/verify (multipart: id, photo)");
            } else if (segments.size() == 2) {
                if ("GET".equals(method)) {
                    list(exchange);
                } else {
                    error(exchange, 405, "use GET to list, or POST to enrol (multipart: name, optional id, photo files)");
                }
            } else if (segments.size() == 3) {
                String id = segments.get(2);
                switch (method) {
                    case "GET" -> get(exchange, id);
                    case "DELETE" -> {
                        if (authorized(exchange)) {
                            delete(exchange, id);
                        }
                    }
                    default -> error(exchange, 405, "use GET or DELETE on /api/identities/{id}");
                }
            } else if (segments.size() == 4 && segments.get(3).equals("photos")) {
                error(exchange, 405, "use POST to add photos (multipart: photo files)");
            } else {
                error(exchange, 404, "no such resource: " + path);
            }
        } catch (RuntimeException e) {
            error(exchange, 503, "the identity store is not ready (" + e.getMessage() + "); try again shortly");
        }
    }

    /** {@code ["api", "identities", id?, "photos"?]} or {@code ["api", "verify"]}; null for a path this API does not serve. */
    private static List<String> segments(String path) {
        if (path.equals(VERIFY) || path.equals(VERIFY + "/")) {
            return List.of("api", "verify");
        }
        if (!path.startsWith(IDENTITIES)) {
            return null;
        }
        String rest = path.substring(IDENTITIES.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isEmpty()) {
            return List.of("api", "identities");
        }
        if (!rest.startsWith("/")) {
            return null;
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts[0].isEmpty() || parts.length > 2 || (parts.length == 2 && !parts[1].equals("photos"))) {
            return null;
        }
        List<String> out = new ArrayList<>(List.of("api", "identities"));
        out.addAll(List.of(parts));
        return out;
    }

    private void post(HttpExchange exchange, String path) throws IOException {
        List<String> segments = segments(path);
        boolean enrol = segments != null && segments.size() == 2 && segments.get(1).equals("identities");
        boolean add = segments != null && segments.size() == 4 && segments.get(3).equals("photos");
        boolean verify = segments != null && segments.size() == 2 && segments.get(1).equals("verify");
        if (!enrol && !add && !verify) {
            drain(exchange.getRequestBody(), 2L * maxUploadBytes);
            error(exchange, segments == null ? 404 : 405, segments == null ? "no such resource: " + path
                    : "POST goes to /api/identities, /api/identities/{id}/photos or /api/verify");
            return;
        }
        if (!authorized(exchange)) {
            return;
        }
        if (!faces.available()) {
            drain(exchange.getRequestBody(), 2L * maxUploadBytes);
            error(exchange, 503, faces.unavailable());
            return;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!Multipart.isFormData(type)) {
            drain(exchange.getRequestBody(), 2L * maxUploadBytes);
            error(exchange, 415, "send the photos as multipart/form-data (got " + (type == null ? "no Content-Type" : "'" + type + "'") + ")");
            return;
        }
        byte[] body = body(exchange);
        if (body == null) {
            error(exchange, 413, "the upload is larger than " + maxUploadBytes + " bytes (matcher.max-upload-bytes); send fewer or smaller photos");
            return;
        }
        List<Multipart.Part> parts;
        try {
            parts = Multipart.parse(body, type);
        } catch (Multipart.MalformedException e) {
            error(exchange, 400, "malformed multipart/form-data: " + e.getMessage());
            return;
        }
        try {
            if (enrol) {
                enrol(exchange, parts);
            } else if (add) {
                addPhotos(exchange, segments.get(2), parts);
            } else {
                verify(exchange, parts);
            }
        } catch (IllegalArgumentException e) {
            error(exchange, 400, e.getMessage());
        } catch (IllegalStateException e) {
            error(exchange, 409, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("identity API: {} failed", path, e);
            error(exchange, 503, "the identity store is not ready (" + e.getMessage() + "); try again shortly");
        }
    }

    private void enrol(HttpExchange exchange, List<Multipart.Part> parts) throws IOException {
        String name = field(parts, "name");
        if (name == null || name.isBlank()) {
            error(exchange, 400, "the form field 'name' (the person's display name) is required");
            return;
        }
        List<Photo> photos = photos(parts);
        if (photos.isEmpty()) {
            error(exchange, 400, "send at least one photo as a file part named 'photo'");
            return;
        }
        Enroller.Request request = new Enroller.Request(field(parts, "id"), name, metadata(parts), photos);
        synchronized (writeLock) {
            String id = request.id();
            Identity existing = current(id);
            Enrolment result = faces.enroller().enrol(request, existing, o -> { });
            respondEnrolment(exchange, result, 201);
        }
    }

    private void addPhotos(HttpExchange exchange, String id, List<Multipart.Part> parts) throws IOException {
        List<Photo> photos = photos(parts);
        synchronized (writeLock) {
            Identity existing = current(id);
            if (existing == null) {
                error(exchange, 404, "no identity '" + id + "'; enrol the person first with POST /api/identities");
                return;
            }
            if (photos.isEmpty()) {
                error(exchange, 400, "send at least one photo as a file part named 'photo'");
                return;
            }
            Enrolment result = faces.enroller().enrol(new Enroller.Request(id, null, metadata(parts), photos), existing, o -> { });
            respondEnrolment(exchange, result, 200);
        }
    }

    private void respondEnrolment(HttpExchange exchange, Enrolment result, int status) throws IOException {
        for (PhotoOutcome o : result.photos()) {
            count("footfall_matcher_enrol_photos", "outcome", o.status().name().toLowerCase(java.util.Locale.ROOT),
                    "reason", o.reason() == null ? "none" : o.reason().name());
        }
        if (result.accepted() == 0) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "no photo gave a usable face; nothing was written");
            body.put("id", result.identityId());
            body.put("rejected", rejected(result));
            respond(exchange, 422, body);
            return;
        }
        if (result.changed()) {
            try {
                IdentityTopic.write(producer, serializer, result.updated(), WRITE_TIMEOUT);
            } catch (IdentityTopic.TooLargeException e) {
                error(exchange, 409, e.getMessage() + "; nothing was written");
                return;
            } catch (Exception e) {
                error(exchange, 503, "could not write the identity to Kafka (" + e.getMessage() + "); nothing was enrolled, try again");
                return;
            }
            remember(result.identityId(), result.updated(), result.updated().getUpdatedAt().toEpochMilli());
        }
        Map<String, Object> body = view(result.current());
        body.put("created", result.existing() == null);
        body.put("added", result.added());
        body.put("alreadyEnrolled", result.accepted() - result.added());
        body.put("rejected", rejected(result));
        if (result.note() != null) {
            body.put("note", result.note());
        }
        respond(exchange, status, body);
    }

    private void verify(HttpExchange exchange, List<Multipart.Part> parts) throws IOException {
        String id = field(parts, "id");
        if (id == null || id.isBlank()) {
            error(exchange, 400, "the form field 'id' (the identity to verify against) is required");
            return;
        }
        List<Multipart.Part> photos = parts.stream().filter(p -> p.name().equals("photo")).toList();
        if (photos.size() != 1) {
            error(exchange, 400, "send exactly one photo as a file part named 'photo' (got " + photos.size() + ")");
            return;
        }
        Identity identity = current(id.strip());
        if (identity == null) {
            error(exchange, 404, "no identity '" + id.strip() + "'");
            return;
        }
        Verifier.Verification v = faces.verifier().verify(identity, photos.get(0).data());
        count("footfall_matcher_verifications", "result", !v.hasFace() ? "no_face" : v.same() ? "same" : "different");
        if (!v.hasFace()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "the photo gave no usable face: " + v.message());
            body.put("id", identity.getIdentityId());
            body.put("reason", v.reason().name());
            body.put("message", v.message());
            body.put("rejected", List.of(rejection(fileName(photos.get(0), 1), v.reason().name(), v.message())));
            respond(exchange, 422, body);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", identity.getIdentityId());
        body.put("displayName", identity.getDisplayName());
        body.put("same", v.same());
        body.put("similarity", Math.round(v.similarity() * 10_000) / 10_000.0);
        body.put("threshold", v.threshold());
        respond(exchange, 200, body);
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, Identity> all = new TreeMap<>();
        try (KeyValueIterator<String, Identity> stored = identities.get().all()) {
            stored.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        written.forEach((id, w) -> {
            Identity now = newest(all.get(id), w);
            if (now == null) {
                all.remove(id);
            } else {
                all.put(id, now);
            }
        });
        List<Map<String, Object>> out = new ArrayList<>();
        all.values().forEach(identity -> out.add(view(identity)));
        respond(exchange, 200, Map.of("identities", out, "count", out.size()));
    }

    private void get(HttpExchange exchange, String id) throws IOException {
        Identity identity = current(id);
        if (identity == null) {
            error(exchange, 404, "no identity '" + id + "'");
        } else {
            respond(exchange, 200, view(identity));
        }
    }

    private void delete(HttpExchange exchange, String id) throws IOException {
        synchronized (writeLock) {
            if (current(id) == null) {
                error(exchange, 404, "no identity '" + id + "'");
                return;
            }
            try {
                producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), id, null)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                error(exchange, 503, "could not write the erasure to Kafka: " + e.getMessage());
                return;
            }
            remember(id, null, System.currentTimeMillis());
        }
        respond(exchange, 202, Map.of("identityId", id, "id", id, "status", "erasing: removed from every matcher within seconds"));
    }

    /** The person's record: the global store's, unless this instance wrote a newer one the store has not caught up with. */
    private Identity current(String id) {
        return newest(identities.get().get(id), written.get(id));
    }

    private static Identity newest(Identity stored, Written w) {
        if (w == null || !w.fresh()) {
            return stored;
        }
        if (stored != null && stored.getUpdatedAt().toEpochMilli() > w.at()) {
            return stored;
        }
        return w.identity();
    }

    private void remember(String id, Identity identity, long at) {
        written.put(id, new Written(identity, at, System.nanoTime()));
        written.values().removeIf(w -> !w.fresh());
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        if (token == null) {
            drain(exchange.getRequestBody(), 2L * maxUploadBytes);
            error(exchange, 403, "writes and verification are disabled: set matcher.api-token to enable them");
            return false;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            drain(exchange.getRequestBody(), 2L * maxUploadBytes);
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            error(exchange, 401, "missing or wrong bearer token (Authorization: Bearer <matcher.api-token>)");
            return false;
        }
        return true;
    }

    /** The request body, or null when it is larger than the limit (what was sent is read and dropped, up to a bound). */
    private byte[] body(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxUploadBytes) {
                    drain(in, 2L * maxUploadBytes);
                    return null;
                }
            } catch (NumberFormatException e) {
                // the server has already refused a bad length; read with the limit below
            }
        }
        byte[] body = in.readNBytes(maxUploadBytes + 1);
        if (body.length > maxUploadBytes) {
            drain(in, 2L * maxUploadBytes);
            return null;
        }
        return body;
    }

    /** Reads and drops up to {@code limit} bytes, so that the client gets the answer rather than a reset connection. */
    private static void drain(InputStream in, long limit) {
        try {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while (total < limit && (n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IOException ignored) {
            // the client went away; nothing to answer
        }
    }

    private static String field(List<Multipart.Part> parts, String name) {
        return parts.stream().filter(p -> p.name().equals(name) && p.filename() == null).map(Multipart.Part::text).findFirst()
                .or(() -> parts.stream().filter(p -> p.name().equals(name)).map(Multipart.Part::text).findFirst())
                .map(String::strip).orElse(null);
    }

    static final String METADATA_PREFIX = "metadata.";
    static final int MAX_METADATA = 32;

    /** Form fields {@code metadata.KEY=VALUE}: free metadata of the person (e.g. a membership number). */
    static Map<String, String> metadata(List<Multipart.Part> parts) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Multipart.Part p : parts) {
            if (p.filename() == null && p.name().startsWith(METADATA_PREFIX)) {
                String key = p.name().substring(METADATA_PREFIX.length()).strip();
                String value = p.text().strip();
                if (key.isEmpty() || key.length() > 64 || value.length() > 1024) {
                    throw new IllegalArgumentException("metadata field '" + p.name() + "': use a key of 1 to 64 characters and a value of at "
                            + "most 1024");
                }
                metadata.put(key, value);
            }
        }
        if (metadata.size() > MAX_METADATA) {
            throw new IllegalArgumentException("at most " + MAX_METADATA + " metadata fields");
        }
        return metadata;
    }

    private static List<Photo> photos(List<Multipart.Part> parts) {
        List<Photo> photos = new ArrayList<>();
        int n = 0;
        for (Multipart.Part p : parts) {
            if (p.name().equals("photo")) {
                photos.add(Photo.of(fileName(p, ++n), p.data()));
            }
        }
        return photos;
    }

    private static String fileName(Multipart.Part part, int n) {
        String name = part.filename();
        if (name == null || name.isBlank()) {
            return "photo " + n;
        }
        name = name.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static List<Map<String, Object>> rejected(Enrolment result) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PhotoOutcome o : result.rejections()) {
            out.add(rejection(o.source(), o.reason().name(), o.message()));
        }
        return out;
    }

    private static Map<String, Object> rejection(String file, String reason, String message) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", file);
        r.put("reason", reason);
        r.put("message", message);
        return r;
    }

    static Map<String, Object> view(Identity identity) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", identity.getIdentityId());
        v.put("identityId", identity.getIdentityId());
        v.put("displayName", identity.getDisplayName());
        v.put("modelId", identity.getModelId());
        v.put("templates", identity.getTemplates().size());
        v.put("templateIds", identity.getTemplates().stream().map(FaceTemplate::getTemplateId).toList());
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

    @Override
    public void close() {
        work.shutdown();
        try {
            work.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (faces.resources() != null) {
            try {
                faces.resources().close();
            } catch (Exception e) {
                log.warn("closing the photo pipeline failed", e);
            }
        }
    }
}
