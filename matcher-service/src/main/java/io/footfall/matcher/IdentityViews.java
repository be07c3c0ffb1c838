package io.footfall.matcher;

import io.footfall.matcher.enrol.Enrolment;
import io.footfall.matcher.enrol.Photo;
import io.footfall.matcher.enrol.PhotoOutcome;
import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The identity API's forms read (fields, metadata, photos) and the JSON it answers (people, rejected photos). */
final class IdentityViews {

    static final String METADATA_PREFIX = "metadata.";
    static final int MAX_METADATA = 32;

    private IdentityViews() {}

    /** A form field's text, stripped: a plain field of that name, else a file part of it; null when there is none. */
    static String field(List<MultipartForm.Part> parts, String name) {
        return parts.stream().filter(p -> p.name().equals(name) && p.filename() == null).map(MultipartForm.Part::text).findFirst()
                .or(() -> parts.stream().filter(p -> p.name().equals(name)).map(MultipartForm.Part::text).findFirst())
                .map(String::strip).orElse(null);
    }

    /** Form fields {@code metadata.KEY=VALUE}: free metadata of the person (e.g. a membership number). */
    static Map<String, String> metadata(List<MultipartForm.Part> parts) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (MultipartForm.Part p : parts) {
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

    /** The file parts named {@code photo}, in order. */
    static List<MultipartForm.Part> photoParts(List<MultipartForm.Part> parts) {
        return parts.stream().filter(p -> p.name().equals("photo")).toList();
    }

    static List<Photo> photos(List<MultipartForm.Part> parts) {
        List<Photo> photos = new ArrayList<>();
        int n = 0;
        for (MultipartForm.Part p : photoParts(parts)) {
            photos.add(Photo.of(fileName(p, ++n), p.data()));
        }
        return photos;
    }

    /** The part's file name without any folder, or "photo N". */
    static String fileName(MultipartForm.Part part, int n) {
        String name = part.filename();
        if (name == null || name.isBlank()) {
            return "photo " + n;
        }
        name = name.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1);
    }

    static List<Map<String, Object>> rejected(Enrolment result) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PhotoOutcome o : result.rejections()) {
            out.add(rejection(o.source(), o.reason().name(), o.message()));
        }
        return out;
    }

    static Map<String, Object> rejection(String file, String reason, String message) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", file);
        r.put("reason", reason);
        r.put("message", message);
        return r;
    }

    /** A person as the API shows them (never the vectors). */
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
}
