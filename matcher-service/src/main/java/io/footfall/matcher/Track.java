package io.footfall.matcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One person's continuous presence in front of one camera: the faces linked so far and the decision. */
public final class Track {

    /** A face of the track kept as evidence for the identity vote. */
    public record Evidence(float[] vector, float quality) {}

    /** What the track was decided to be. */
    public record Decision(boolean known, String identityId, String displayName, String visitorId, float similarity) {}

    final String id;
    final long firstSeenMillis;
    long lastSeenMillis;
    /** Time since {@link #lastSeenMillis} that the camera sent no frames (an outage): not absence. */
    long unobservedMillis;
    Box lastBox;
    float[] lastVector;
    int faceCount;
    final List<Evidence> evidence = new ArrayList<>();
    Decision decision;
    /** Age, gender and expression of the faces linked so far. */
    VisitAttributes attributes = VisitAttributes.none();

    Track(String id, long seenMillis, Box box) {
        this.id = id;
        this.firstSeenMillis = seenMillis;
        this.lastSeenMillis = seenMillis;
        this.lastBox = box;
    }

    void add(long seenMillis, Box box, float[] vector, float quality, int maxEvidence) {
        lastSeenMillis = Math.max(lastSeenMillis, seenMillis);
        unobservedMillis = 0;
        lastBox = box;
        faceCount++;
        if (vector != null) {
            lastVector = vector;
            evidence.add(new Evidence(vector, quality));
            if (evidence.size() > maxEvidence) {
                evidence.sort(Comparator.comparingDouble((Evidence e) -> e.quality()).reversed());
                evidence.remove(evidence.size() - 1);
            }
        }
    }

    public String id() {
        return id;
    }

    public int faceCount() {
        return faceCount;
    }

    public List<Evidence> evidence() {
        return evidence;
    }

    public Decision decision() {
        return decision;
    }

    public VisitAttributes attributes() {
        return attributes;
    }

    public long firstSeenMillis() {
        return firstSeenMillis;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }
}
