package io.footfall.matcher.enrol;

import io.footfall.schema.Identity;
import java.util.List;

/**
 * The outcome of enrolling one person's photos.
 *
 * @param identityId  the person's id
 * @param displayName the person's name
 * @param photos      what became of each photo, in order
 * @param existing    the person's record before, or null for a new person
 * @param updated     the record to write, or null when there is nothing to write (no new template)
 * @param note        something the user should know beyond the per-photo outcomes (e.g. templates of another model replaced), or null
 */
public record Enrolment(String identityId, String displayName, List<PhotoOutcome> photos, Identity existing, Identity updated, String note) {

    public boolean changed() {
        return updated != null;
    }

    /** The record as it stands after this enrolment is written (null: the person is not enrolled). */
    public Identity current() {
        return updated != null ? updated : existing;
    }

    public long accepted() {
        return photos.stream().filter(PhotoOutcome::accepted).count();
    }

    public long rejected() {
        return photos.size() - accepted();
    }

    public long added() {
        return photos.stream().filter(p -> p.status() == PhotoOutcome.Status.ADDED).count();
    }

    public int templates() {
        Identity now = current();
        return now == null ? 0 : now.getTemplates().size();
    }

    public List<PhotoOutcome> rejections() {
        return photos.stream().filter(p -> !p.accepted()).toList();
    }
}
