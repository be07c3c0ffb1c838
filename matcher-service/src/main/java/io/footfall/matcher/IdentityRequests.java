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
import io.footfall.schema.Identity;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each request of the identity API does, once {@link IdentityApi} has routed it, checked its token and read its
 * form: list, read, enrol, add photos, verify and erase people, each answered as a status and a JSON body. Changes of
 * one person are made one at a time under the {@link IdentityWriter}'s lock.
 */
final class IdentityRequests {

    /** A status and the body to write as JSON; errors are {@code {"error": message}}. */
    record Answer(int status, Object body) {
        static Answer error(int status, String message) {
            return new Answer(status, Map.of("error", message));
        }
    }

    private final IdentityWriter people;
    private final PhotoModels models;
    private final MeterRegistry meters;

    IdentityRequests(IdentityWriter people, PhotoModels models, MeterRegistry meters) {
        this.people = people;
        this.models = models;
        this.meters = meters;
    }

    Answer list() {
        List<Map<String, Object>> out = new ArrayList<>();
        people.all().values().forEach(identity -> out.add(view(identity)));
        return new Answer(200, Map.of("identities", out, "count", out.size()));
    }

    Answer enrol(List<MultipartForm.Part> parts) {
        String name = field(parts, "name");
        if (name == null || name.isBlank()) {
            return Answer.error(400, "the form field 'name' (the person's display name) is required");
        }
        if (photos(parts).isEmpty()) {
            return Answer.error(400, "send at least one photo as a file part named 'photo'");
        }
        Enroller.Request request = new Enroller.Request(field(parts, "id"), name, metadata(parts), photos(parts));
        synchronized (people.lock()) {
            Identity existing = people.current(request.id());
            return enrolled(models.enroller().enrol(request, existing, o -> { }), 201);
        }
    }

    Answer addPhotos(String id, List<MultipartForm.Part> parts) {
        synchronized (people.lock()) {
            Identity existing = people.current(id);
            if (existing == null) {
                return Answer.error(404, "no identity '" + IdentityAudit.clip(id) + "'; enrol the person first with POST /api/identities");
            }
            if (photos(parts).isEmpty()) {
                return Answer.error(400, "send at least one photo as a file part named 'photo'");
            }
            Enroller.Request request = new Enroller.Request(id, null, metadata(parts), photos(parts));
            return enrolled(models.enroller().enrol(request, existing, o -> { }), 200);
        }
    }

    private Answer enrolled(Enrolment result, int status) {
        for (PhotoOutcome o : result.photos()) {
            count("footfall_matcher_enrol_photos", "outcome", o.status().name().toLowerCase(Locale.ROOT),
                    "reason", o.reason() == null ? "none" : o.reason().name());
        }
        if (result.accepted() == 0) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "no photo gave a usable face; nothing was written");
            body.put("id", result.identityId());
            body.put("rejected", rejected(result));
            return new Answer(422, body);
        }
        if (result.changed()) {
            try {
                people.write(result.updated());
            } catch (IdentityTopic.TooLargeException e) {
                return Answer.error(409, e.getMessage() + "; nothing was written");
            } catch (Exception e) {
                return Answer.error(503, "could not write the identity to Kafka (" + e.getMessage() + "); nothing was enrolled, try again");
            }
        }
        Map<String, Object> body = view(result.current());
        body.put("created", result.existing() == null);
        body.put("added", result.added());
        body.put("alreadyEnrolled", result.accepted() - result.added());
        body.put("rejected", rejected(result));
        // which face of each added photo became a template
        body.put("faces", result.photos().stream().filter(o -> o.box() != null)
                .map(o -> Map.<String, Object>of("photo", o.source(), "box", o.box())).toList());
        if (result.note() != null) {
            body.put("note", result.note());
        }
        return new Answer(status, body);
    }

    Answer verify(List<MultipartForm.Part> parts) {
        String id = field(parts, "id");
        if (id == null || id.isBlank()) {
            return Answer.error(400, "the form field 'id' (the identity to verify against) is required");
        }
        List<MultipartForm.Part> photos = IdentityViews.photoParts(parts);
        if (photos.size() != 1) {
            return Answer.error(400, "send exactly one photo as a file part named 'photo' (got " + photos.size() + ")");
        }
        Identity identity = people.current(id.strip());
        if (identity == null) {
            return Answer.error(404, "no identity '" + IdentityAudit.clip(id.strip()) + "'");
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
            return new Answer(422, body);
        }
        body.put("id", identity.getIdentityId());
        body.put("displayName", identity.getDisplayName());
        body.put("same", v.same());
        body.put("box", v.box());
        body.put("similarity", Math.round(v.similarity() * 10_000) / 10_000.0);
        body.put("threshold", v.threshold());
        return new Answer(200, body);
    }

    Answer get(String id) {
        Identity identity = people.current(id);
        return identity == null ? Answer.error(404, "no identity '" + IdentityAudit.clip(id) + "'") : new Answer(200, view(identity));
    }

    Answer delete(String id) {
        synchronized (people.lock()) {
            if (people.current(id) == null) {
                return Answer.error(404, "no identity '" + IdentityAudit.clip(id) + "'");
            }
            try {
                people.erase(id);
            } catch (Exception e) {
                return Answer.error(503, "could not write the erasure to Kafka: " + e.getMessage());
            }
        }
        return new Answer(202, Map.of("identityId", id, "id", id, "status", "erasing: removed from every matcher within seconds"));
    }

    /** Counts enrolment photos by outcome (and reason) and verifications by result. */
    private void count(String name, String... tags) {
        if (meters != null) {
            meters.counter(name, tags).increment();
        }
    }
}
