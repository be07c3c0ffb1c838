package io.footfall.matcher.enrol;

import io.footfall.faces.PhotoRejection;
import java.util.List;

/**
 * What became of one enrolment photo.
 *
 * @param source     file or upload name
 * @param status     added as a new template, already enrolled (same photo bytes), or rejected
 * @param templateId the template id (hash of the bytes); null when the photo could not be read
 * @param reason     why it was rejected; null otherwise
 * @param message    the details, for people
 * @param box        the face used, {@code [x, y, width, height]} in the photo's pixels; null unless the photo was added
 */
public record PhotoOutcome(String source, Status status, String templateId, PhotoRejection reason, String message, List<Integer> box) {

    public PhotoOutcome(String source, Status status, String templateId, PhotoRejection reason, String message) {
        this(source, status, templateId, reason, message, null);
    }

    /** A face's box, rounded to whole pixels: {@code [x, y, width, height]}. */
    public static List<Integer> box(double x, double y, double width, double height) {
        return List.of((int) Math.round(x), (int) Math.round(y), (int) Math.round(width), (int) Math.round(height));
    }

    public enum Status { ADDED, ALREADY_ENROLLED, REJECTED }

    public boolean accepted() {
        return status != Status.REJECTED;
    }

    /** One line for people: {@code SOURCE: accepted (...)}, {@code SOURCE: already enrolled} or {@code SOURCE: rejected, REASON: ...}. */
    public String describe() {
        return switch (status) {
            case ADDED -> source + ": accepted (" + message + ")";
            case ALREADY_ENROLLED -> source + ": already enrolled";
            case REJECTED -> source + ": rejected, " + reason + ": " + message;
        };
    }
}
