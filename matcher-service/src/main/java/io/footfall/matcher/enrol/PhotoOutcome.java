package io.footfall.matcher.enrol;

import io.footfall.faces.PhotoRejection;

/**
 * What became of one enrolment photo.
 *
 * @param source     file or upload name
 * @param status     added as a new template, already enrolled (same photo bytes), or rejected
 * @param templateId the template id (hash of the bytes); null when the photo could not be read
 * @param reason     why it was rejected; null otherwise
 * @param message    the details, for people
 */
public record PhotoOutcome(String source, Status status, String templateId, PhotoRejection reason, String message) {

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
