package io.footfall.matcher.enrol;

import io.footfall.faces.FacePolicy;
import io.footfall.faces.ImageType;
import io.footfall.faces.PhotoFaces.PhotoException;
import io.footfall.faces.PhotoRejection;
import io.footfall.faces.PhotoResult;
import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Photos of one person to their {@link Identity} record, with the live pipeline's detector, quality gates and
 * embedder. Each photo must show exactly one usable face ({@link FacePolicy#DOMINANT_FACE}); each accepted photo is one
 * template whose id is the hash of the photo's bytes, so enrolling the same photo again adds nothing and is not even
 * embedded again. The person's existing templates are kept. No record is produced for a person none of whose
 * photos gave a face: no partial identity is ever written. Used by {@code footfall enroll} and the matcher's API.
 */
public final class Enroller {

    /** What to enrol: a person (id, or null to derive it from the name), their name and metadata, and photos. */
    public record Request(String identityId, String displayName, Map<String, String> metadata, List<Photo> photos) {
        public Request {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
            photos = List.copyOf(photos);
        }

        /** The identity id this request enrols: the one given, or the slug of the name. */
        public String id() {
            return identityId != null && !identityId.isBlank() ? IdentityIds.checkId(identityId.strip()) : IdentityIds.slug(displayName);
        }
    }

    static final int MAX_NAME = 200;

    private final FaceReader faces;
    private final Clock clock;

    public Enroller(FaceReader faces, Clock clock) {
        this.faces = faces;
        this.clock = clock;
    }

    public String modelId() {
        return faces.modelId();
    }

    /**
     * Refuses a name with control characters (a line break, an escape sequence) or bidirectional overrides: names are
     * printed on consoles, written to logs and shown on the web page, where such characters forge lines or colours.
     */
    static void checkPrintable(String name) {
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (unprintable(c)) {
                throw new IllegalArgumentException(String.format("the name has a control character (U+%04X at position %d); use "
                        + "letters, digits, spaces and punctuation", c, i + 1));
            }
            i += Character.charCount(c);
        }
    }

    /** A control character or a bidirectional override: what a name, a log line or an echoed input must not carry. */
    public static boolean unprintable(int codePoint) {
        return Character.getType(codePoint) == Character.CONTROL || (codePoint >= 0x202A && codePoint <= 0x202E)
                || (codePoint >= 0x2066 && codePoint <= 0x2069);
    }

    /**
     * Enrols the request's photos into {@code existing} (the person's current record, or null).
     *
     * @param progress told about each photo as soon as it is processed
     * @throws IllegalArgumentException for a bad id or name, or a request naming no one
     */
    public Enrolment enrol(Request request, Identity existing, Consumer<PhotoOutcome> progress) {
        String id = request.id();
        if (existing != null && !existing.getIdentityId().equals(id)) {
            throw new IllegalArgumentException("the existing record is of '" + existing.getIdentityId() + "', not '" + id + "'");
        }
        String name = request.displayName() != null && !request.displayName().isBlank() ? request.displayName().strip()
                : existing != null ? existing.getDisplayName() : null;
        if (name == null) {
            throw new IllegalArgumentException("a new person needs a name");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("the name is " + name.length() + " characters long; use at most " + MAX_NAME);
        }
        checkPrintable(name);
        String modelId = faces.modelId();
        boolean sameModel = existing != null && modelId.equals(existing.getModelId());
        Set<String> known = new HashSet<>();
        if (sameModel) {
            existing.getTemplates().forEach(t -> known.add(t.getTemplateId()));
        }
        Instant now = clock.instant();
        List<PhotoOutcome> outcomes = new ArrayList<>();
        List<FaceTemplate> added = new ArrayList<>();
        for (Photo photo : request.photos()) {
            PhotoOutcome outcome = process(photo, known, added, now);
            outcomes.add(outcome);
            progress.accept(outcome);
        }
        String note = null;
        if (existing != null && !sameModel && !existing.getTemplates().isEmpty()) {
            note = existing.getTemplates().size() + " template(s) made with model " + existing.getModelId() + " "
                    + (added.isEmpty() ? "are kept: no photo gave a face with " + modelId : "are replaced by this model's (" + modelId + ")");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (existing != null) {
            existing.getMetadata().forEach((k, v) -> metadata.put(k.toString(), v.toString()));
        }
        Map<String, String> before = Map.copyOf(metadata);
        metadata.putAll(request.metadata());
        boolean renamedOrTagged = existing != null && sameModel && (!name.equals(existing.getDisplayName()) || !metadata.equals(before));
        if (added.isEmpty() && !renamedOrTagged) {
            return new Enrolment(id, name, List.copyOf(outcomes), existing, null, note);
        }
        List<FaceTemplate> templates = new ArrayList<>(sameModel ? existing.getTemplates() : List.of());
        templates.addAll(added);
        Identity updated = Identity.newBuilder()
                .setIdentityId(id)
                .setDisplayName(name)
                .setModelId(modelId)
                .setTemplates(templates)
                .setCreatedAt(existing != null ? existing.getCreatedAt() : now)
                .setUpdatedAt(now)
                .setMetadata(new LinkedHashMap<>(metadata))
                .build();
        return new Enrolment(id, name, List.copyOf(outcomes), existing, updated, note);
    }

    private PhotoOutcome process(Photo photo, Set<String> known, List<FaceTemplate> added, Instant now) {
        byte[] bytes;
        try {
            bytes = photo.read();
        } catch (PhotoException e) {
            return new PhotoOutcome(photo.source(), PhotoOutcome.Status.REJECTED, null, e.reason(), e.getMessage());
        }
        String templateId = IdentityIds.templateId(bytes);
        if (known.contains(templateId)) {
            return new PhotoOutcome(photo.source(), PhotoOutcome.Status.ALREADY_ENROLLED, templateId, null, "this photo is already enrolled");
        }
        ImageType type = ImageType.sniff(bytes);
        if (!type.supported()) {
            String message = bytes.length == 0 ? "the file is empty (0 bytes)"
                    : "the file is " + type.description() + ", not a JPEG, PNG, WebP or BMP photo; convert it to JPEG";
            return new PhotoOutcome(photo.source(), PhotoOutcome.Status.REJECTED, templateId, PhotoRejection.UNREADABLE, message);
        }
        PhotoResult result = faces.embed(bytes, FacePolicy.DOMINANT_FACE);
        if (result instanceof PhotoResult.Rejected rejected) {
            return new PhotoOutcome(photo.source(), PhotoOutcome.Status.REJECTED, templateId, rejected.reason(), rejected.message());
        }
        PhotoResult.Accepted face = (PhotoResult.Accepted) result;
        List<Float> vector = new ArrayList<>(face.vector().length);
        for (float v : face.vector()) {
            vector.add(v);
        }
        added.add(new FaceTemplate(templateId, vector, photo.source(), now));
        known.add(templateId);
        return new PhotoOutcome(photo.source(), PhotoOutcome.Status.ADDED, templateId, null,
                String.format("face %.0f×%.0f pixels", face.face().width(), face.face().height()), PhotoOutcome.box(face.face().x(), face.face().y(),
                face.face().width(), face.face().height()));
    }
}
