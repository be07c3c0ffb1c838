package io.footfall.matcher;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.ops.BodyReader;
import io.footfall.runtime.ops.Replies;
import io.footfall.schema.Identity;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
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
 * Who may do what is {@link ApiAccess}'s: the GETs need the read token or the write token, everything else the write
 * token ({@code matcher.api-token}); a token not configured turns what it guards off. Uploads are limited to {@code matcher.max-upload-bytes} (413), must be multipart/form-data
 * (415) and well-formed (400, {@link MultipartForm}); each photo's type is read from its bytes. Photos go through the live
 * pipeline's detector and embedder ({@link PhotoModels}); when the models cannot be loaded the matcher still matches
 * and these requests answer 503 saying how to fetch them. Writes run on the photo threads, so {@code /metrics} and
 * {@code /health} stay responsive during an enrolment; {@link IdentityRequests} does
 * what each request asks and {@link IdentityWriter} reads and writes the people.
 */
public final class IdentityApi extends Handler.Abstract implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdentityApi.class);
    static final String IDENTITIES = "/api/identities";
    static final String VERIFY = "/api/verify";

    private final IdentityRequests requests;
    private final PhotoModels models;
    private final ApiAccess access;
    private final int maxUploadBytes;

    public IdentityApi(IdentityWriter people, PhotoModels models, ApiAccess access, int maxUploadBytes, MeterRegistry meters) {
        this.requests = new IdentityRequests(people, models, meters);
        this.models = models;
        this.access = access;
        this.maxUploadBytes = maxUploadBytes;
        IdentityAudit.meters(meters);
    }

    /** The API of a matcher with this configuration, its photo models loaded ({@link PhotoModels#load}). */
    public static IdentityApi create(Config config, ApiAccess access, Supplier<ReadOnlyKeyValueStore<String, Identity>> identities,
                                     Producer<String, byte[]> producer,
                                     Serializer<Identity> serializer, MeterRegistry meters) {
        return new IdentityApi(new IdentityWriter(identities, producer, serializer), PhotoModels.load(config),
                access, config.get(MatcherSettings.MAX_UPLOAD_BYTES), meters);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        String method = request.getMethod();
        if (!"POST".equals(method) && !"DELETE".equals(method)) {
            read(request, response, callback, path);
            return true;
        }
        // the token first, here: a client without it never reaches the photo threads and is answered before its body is
        // read (what it still sends is dropped on demand, holding no thread), so stalled token-less uploads cannot hold the API
        if (!access.canWrite(request)) {
            access.refuseWrite(request, response, callback);
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
                Replies.error(response, callback, 404, "no such resource: " + IdentityAudit.clip(path));
            } else if (segments.size() == 2 && segments.get(1).equals("verify")) {
                Replies.error(response, callback, 405, "use POST /api/verify (multipart: id, photo)");
            } else if (segments.size() == 2) {
                if ("GET".equals(method)) {
                    if (readable(request, response, callback)) {
                        answer(response, callback, requests.list());
                    }
                } else {
                    Replies.error(response, callback, 405, "use GET to list, or POST to enrol (multipart: name, optional id, photo files)");
                }
            } else if (segments.size() == 3) {
                String id = segments.get(2);
                switch (method) {
                    case "GET" -> {
                        if (readable(request, response, callback)) {
                            answer(response, callback, requests.get(id));
                        }
                    }
                    case "DELETE" -> {
                        if (authorized(request, response, callback)) {
                            IdentityRequests.Answer deleted = requests.delete(id);
                            IdentityAudit.answered("delete", request, deleted.status(), deleted.body(), id);
                            answer(response, callback, deleted);
                        }
                    }
                    default -> Replies.error(response, callback, 405, "use GET or DELETE on /api/identities/{id}");
                }
            } else if (segments.size() == 4 && segments.get(3).equals("photos")) {
                Replies.error(response, callback, 405, "use POST to add photos (multipart: photo files)");
            } else {
                Replies.error(response, callback, 404, "no such resource: " + IdentityAudit.clip(path));
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
            refuse(request, response, callback, segments == null ? 404 : 405, segments == null ? "no such resource: " + IdentityAudit.clip(path)
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
        byte[] body;
        try {
            body = MultipartForm.read(request, maxUploadBytes);
        } catch (BodyReader.TooSlowException e) {
            // not drained: the rest would come as slowly; the connection is closed after the answer
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            Replies.error(response, callback, 408, e.getMessage());
            return;
        }
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
            IdentityRequests.Answer answer = enrol ? requests.enrol(parts) : add ? requests.addPhotos(segments.get(2), parts) : requests.verify(parts);
            IdentityAudit.answered(enrol ? "enrol" : add ? "add-photos" : "verify", request, answer.status(), answer.body(),
                    add ? segments.get(2) : null);
            answer(response, callback, answer);
        } catch (IllegalArgumentException e) {
            Replies.error(response, callback, 400, e.getMessage());
        } catch (IllegalStateException e) {
            Replies.error(response, callback, 409, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("identity API: {} failed", path, e);
            Replies.error(response, callback, 503, "the identity store is not ready (" + e.getMessage() + "); try again shortly");
        }
    }

    private boolean readable(Request request, Response response, Callback callback) {
        if (!access.canRead(request)) {
            access.refuseRead(request, response, callback);
            return false;
        }
        return true;
    }

    private boolean authorized(Request request, Response response, Callback callback) {
        if (!access.canWrite(request)) {
            access.refuseWrite(request, response, callback);
            return false;
        }
        return true;
    }

    private static void answer(Response response, Callback callback, IdentityRequests.Answer answer) {
        Replies.json(response, callback, answer.status(), answer.body());
    }

    /** Answers an error after reading what the client still sends (up to a bound), so that it gets the answer. */
    private void refuse(Request request, Response response, Callback callback, int status, String message) {
        Replies.drain(request, 2L * maxUploadBytes);
        Replies.error(response, callback, status, message);
    }

    @Override
    public void close() {
        models.close();
    }
}
