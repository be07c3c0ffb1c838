package io.footfall.matcher;

import static io.footfall.matcher.IdentityViews.field;
import static io.footfall.matcher.IdentityViews.metadata;
import static io.footfall.matcher.IdentityViews.photos;
import static io.footfall.matcher.IdentityViews.rejected;
import static io.footfall.matcher.IdentityViews.view;

import io.footfall.matcher.enrol.Enroller;
import io.footfall.matcher.enrol.Enrolment;
import io.footfall.matcher.enrol.IdentityTopic;
import io.footfall.matcher.enrol.PhotoOutcome;
import io.footfall.matcher.enrol.Verifier;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.ops.Replies;
import io.footfall.schema.Identity;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The matcher's identity API on the ops port:
 * <ul>
 *   <li>{@code GET /api/identities}, {@code GET /api/identities/{id}}: enrolled people (never the vectors);</li>
 *   <li>{@code POST /api/identities} (multipart: {@code name}, optional {@code id}, {@code photo} files): enrol;</li>
 *   <li>{@code POST /api/identities/{id}/photos} (multipart {@code photo} files): add photos;</li>
 *   <li>{@code DELETE /api/identities/{id}}: erase (a tombstone on the compacted {@code identities} topic);</li>
 *   <li>{@code POST /api/verify} (multipart: {@code id}, one {@code photo}): is this the person? (face-login).</li>
 * </ul>
 * Everything but the two GETs needs the bearer token of {@code matcher.api-token}; with no token configured those
 * requests are refused. Uploads are limited to {@code matcher.max-upload-bytes} (413), must be multipart/form-data
 * (415) and well-formed (400, {@link MultipartForm}); each photo's type is read from its bytes. Photos go through the live
 * pipeline's detector and embedder ({@link PhotoModels}); when the models cannot be loaded the matcher still matches
 * and these requests answer 503 saying how to fetch them. Writes run on the photo threads, so {@code /metrics} and
 * {@code /health} stay responsive during an enrolment; {@link IdentityWriter} reads and writes the people.
 */
public final class IdentityApi extends Handler.Abstract implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdentityApi.class);
    static final String IDENTITIES = "/api/identities";
    static final String VERIFY = "/api/verify";

    private final IdentityWriter people;
    private final PhotoModels models;
    private final byte[] token;
    private final int maxUploadBytes;
    private final MeterRegistry meters;

    public IdentityApi(IdentityWriter people, PhotoModels models, String token, int maxUploadBytes, MeterRegistry meters) {
        this.people = people;
        this.models = models;
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.maxUploadBytes = maxUploadBytes;
        this.meters = meters;
    }

    /** The API of a matcher with this configuration, its photo models loaded ({@link PhotoModels#load}). */
    public static IdentityApi create(Config config, Supplier<ReadOnlyKeyValueStore<String, Identity>> identities, Producer<String, byte[]> producer,
                                     Serializer<Identity> serializer, MeterRegistry meters) {
        return new IdentityApi(new IdentityWriter(identities, producer, serializer), PhotoModels.load(config),
                config.get(MatcherSettings.API_TOKEN), config.get(MatcherSettings.MAX_UPLOAD_BYTES), meters);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        String method = request.getMethod();
        if (!"POST".equals(method) && !"DELETE".equals(method)) {
            read(request, response, callback, path);
            return true;
        }
        // writes wait for photo work and for Kafka: never on the threads that serve /metrics and /health
        try {
            models.execute(() -> {
                try {
                    if ("POST".equals(method)) {
                        post(request, response, callback, path);
                    } else {
                        read(request, response, callback, path);
                    }
                } catch (Exception e) {
                    log.debug("identity API request {} failed", path, e);
                    callback.failed(e);
                }
            });
        } catch (RejectedExecutionException busy) {
            Replies.drain(request, 2L * maxUploadBytes);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            Replies.error(response, callback, 503, "too many photo requests at once; try again in a few seconds");
        }
        return true;
    }

    private void read(Request request, Response response, Callback callback, String path) {
        String method = request.getMethod();
        try {
            List<String> segments = segments(path);
            if (segments == null) {
                Replies.error(response, callback, 404, "no such resource: " + path);
            } else if (segments.size() == 2 && segments.get(1).equals("verify")) {
                Replies.error(response, callback, 405, "use POST /api/verify (multipart: id, photo)");
            } else if (segments.size() == 2) {
                if ("GET".equals(method)) {
                    List<Map<String, Object>> out = new ArrayList<>();
                    people.all().values().forEach(identity -> out.add(view(identity)));
                    Replies.json(response, callback, 200, Map.of("identities", out, "count", out.size()));
                } else {
                    Replies.error(response, callback, 405, "use GET to list, or POST to enrol (multipart: name, optional id, photo files)");
                }
            } else if (segments.size() == 3) {
                String id = segments.get(2);
                switch (method) {
                    case "GET" -> get(response, callback, id);
                    case "DELETE" -> {
                        if (authorized(request, response, callback)) {
                            delete(response, callback, id);
                        }
                    }
                    default -> Replies.error(response, callback, 405, "use GET or DELETE on /api/identities/{id}");
                }
            } else if (segments.size() == 4 && segments.get(3).equals("photos")) {
                Replies.error(response, callback, 405, "use POST to add photos (multipart: photo files)");
            } else {
                Replies.error(response, callback, 404, "no such resource: " + path);
            }
        } catch (RuntimeException e) {
            Replies.error(response, callback, 503, "the identity store is not ready (" + e.getMessage() + "); try again shortly");
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

    private void post(Request request, Response response, Callback callback, String path) throws Exception {
        List<String> segments = segments(path);
        boolean enrol = segments != null && segments.size() == 2 && segments.get(1).equals("identities");
        boolean add = segments != null && segments.size() == 4 && segments.get(3).equals("photos");
        boolean verify = segments != null && segments.size() == 2 && segments.get(1).equals("verify");
        if (!enrol && !add && !verify) {
            refuse(request, response, callback, segments == null ? 404 : 405, segments == null ? "no such resource: " + path
                    : "POST goes to /api/identities, /api/identities/{id}/photos or /api/verify");
            return;
        }
        if (!authorized(request, response, callback)) {
            return;
        }
        if (!models.available()) {
            refuse(request, response, callback, 503, models.unavailable());
            return;
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!MultipartForm.isFormData(type)) {
            refuse(request, response, callback, 415, "send the photos as multipart/form-data (got "
                    + (type == null ? "no Content-Type" : "'" + type + "'") + ")");
            return;
        }
        byte[] body = MultipartForm.read(request, maxUploadBytes);
        if (body == null) {
            refuse(request, response, callback, 413, "the upload is larger than " + maxUploadBytes
                    + " bytes (matcher.max-upload-bytes); send fewer or smaller photos");
            return;
        }
        List<MultipartForm.Part> parts;
        try {
            parts = MultipartForm.parse(body, type, maxUploadBytes);
        } catch (MultipartForm.MalformedException e) {
            Replies.error(response, callback, 400, "malformed multipart/form-data: " + e.getMessage());
            return;
        }
        try {
            if (enrol) {
                enrol(response, callback, parts);
            } else if (add) {
                addPhotos(response, callback, segments.get(2), parts);
            } else {
                verify(response, callback, parts);
            }
        } catch (IllegalArgumentException e) {
            Replies.error(response, callback, 400, e.getMessage());
        } catch (IllegalStateException e) {
            Replies.error(response, callback, 409, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("identity API: {} failed", path, e);
            Replies.error(response, callback, 503, "the identity store is not ready (" + e.getMessage() + "); try again shortly");
        }
    }

    private void enrol(Response response, Callback callback, List<MultipartForm.Part> parts) {
        String name = field(parts, "name");
        if (name == null || name.isBlank()) {
            Replies.error(response, callback, 400, "the form field 'name' (the person's display name) is required");
            return;
        }
        if (photos(parts).isEmpty()) {
            Replies.error(response, callback, 400, "send at least one photo as a file part named 'photo'");
            return;
        }
        Enroller.Request request = new Enroller.Request(field(parts, "id"), name, metadata(parts), photos(parts));
        synchronized (people.lock()) {
            Identity existing = people.current(request.id());
            respondEnrolment(response, callback, models.enroller().enrol(request, existing, o -> { }), 201);
        }
    }

    private void addPhotos(Response response, Callback callback, String id, List<MultipartForm.Part> parts) {
        synchronized (people.lock()) {
            Identity existing = people.current(id);
            if (existing == null) {
                Replies.error(response, callback, 404, "no identity '" + id + "'; enrol the person first with POST /api/identities");
                return;
            }
            if (photos(parts).isEmpty()) {
                Replies.error(response, callback, 400, "send at least one photo as a file part named 'photo'");
                return;
            }
            Enroller.Request request = new Enroller.Request(id, null, metadata(parts), photos(parts));
            respondEnrolment(response, callback, models.enroller().enrol(request, existing, o -> { }), 200);
        }
    }

    private void respondEnrolment(Response response, Callback callback, Enrolment result, int status) {
        for (PhotoOutcome o : result.photos()) {
            count("footfall_matcher_enrol_photos", "outcome", o.status().name().toLowerCase(Locale.ROOT),
                    "reason", o.reason() == null ? "none" : o.reason().name());
        }
        if (result.accepted() == 0) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "no photo gave a usable face; nothing was written");
            body.put("id", result.identityId());
            body.put("rejected", rejected(result));
            Replies.json(response, callback, 422, body);
            return;
        }
        if (result.changed()) {
            try {
                people.write(result.updated());
            } catch (IdentityTopic.TooLargeException e) {
                Replies.error(response, callback, 409, e.getMessage() + "; nothing was written");
                return;
            } catch (Exception e) {
                Replies.error(response, callback, 503, "could not write the identity to Kafka (" + e.getMessage() + "); nothing was enrolled, try again");
                return;
            }
        }
        Map<String, Object> body = view(result.current());
        body.put("created", result.existing() == null);
        body.put("added", result.added());
        body.put("alreadyEnrolled", result.accepted() - result.added());
        body.put("rejected", rejected(result));
        if (result.note() != null) {
            body.put("note", result.note());
        }
        Replies.json(response, callback, status, body);
    }

    private void verify(Response response, Callback callback, List<MultipartForm.Part> parts) {
        String id = field(parts, "id");
        if (id == null || id.isBlank()) {
            Replies.error(response, callback, 400, "the form field 'id' (the identity to verify against) is required");
            return;
        }
        List<MultipartForm.Part> photos = IdentityViews.photoParts(parts);
        if (photos.size() != 1) {
            Replies.error(response, callback, 400, "send exactly one photo as a file part named 'photo' (got " + photos.size() + ")");
            return;
        }
        Identity identity = people.current(id.strip());
        if (identity == null) {
            Replies.error(response, callback, 404, "no identity '" + id.strip() + "'");
            return;
        }
        Verifier.Verification v = models.verifier().verify(identity, photos.get(0).data());
        count("footfall_matcher_verifications", "result", !v.hasFace() ? "no_face" : v.same() ? "same" : "different");
        Map<String, Object> body = new LinkedHashMap<>();
        if (!v.hasFace()) {
            body.put("error", "the photo gave no usable face: " + v.message());
            body.put("id", identity.getIdentityId());
            body.put("reason", v.reason().name());
            body.put("message", v.message());
            body.put("rejected", List.of(IdentityViews.rejection(IdentityViews.fileName(photos.get(0), 1), v.reason().name(), v.message())));
            Replies.json(response, callback, 422, body);
            return;
        }
        body.put("id", identity.getIdentityId());
        body.put("displayName", identity.getDisplayName());
        body.put("same", v.same());
        body.put("similarity", Math.round(v.similarity() * 10_000) / 10_000.0);
        body.put("threshold", v.threshold());
        Replies.json(response, callback, 200, body);
    }

    private void get(Response response, Callback callback, String id) {
        Identity identity = people.current(id);
        if (identity == null) {
            Replies.error(response, callback, 404, "no identity '" + id + "'");
        } else {
            Replies.json(response, callback, 200, view(identity));
        }
    }

    private void delete(Response response, Callback callback, String id) {
        synchronized (people.lock()) {
            if (people.current(id) == null) {
                Replies.error(response, callback, 404, "no identity '" + id + "'");
                return;
            }
            try {
                people.erase(id);
            } catch (Exception e) {
                Replies.error(response, callback, 503, "could not write the erasure to Kafka: " + e.getMessage());
                return;
            }
        }
        Replies.json(response, callback, 202, Map.of("identityId", id, "id", id, "status", "erasing: removed from every matcher within seconds"));
    }

    private boolean authorized(Request request, Response response, Callback callback) {
        if (token == null) {
            refuse(request, response, callback, 403, "writes and verification are disabled: set matcher.api-token to enable them");
            return false;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        byte[] given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            refuse(request, response, callback, 401, "missing or wrong bearer token (Authorization: Bearer <matcher.api-token>)");
            return false;
        }
        return true;
    }

    /** Answers an error after reading what the client still sends (up to a bound), so that it gets the answer. */
    private void refuse(Request request, Response response, Callback callback, int status, String message) {
        Replies.drain(request, 2L * maxUploadBytes);
        Replies.error(response, callback, status, message);
    }

    /** Counts enrolment photos by outcome (and reason) and verifications by result. */
    private void count(String name, String... tags) {
        if (meters != null) {
            meters.counter(name, tags).increment();
        }
    }

    @Override
    public void close() {
        models.close();
    }
}
