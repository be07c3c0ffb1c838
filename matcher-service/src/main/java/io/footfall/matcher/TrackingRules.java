package io.footfall.matcher;

import java.time.Duration;

/**
 * How faces become visits.
 *
 * @param maxGap a track with no face for this long (stream time) has left
 * @param minIou boxes overlapping at least this much in consecutive frames are one face...
 * @param maxCentreShift ...or whose centres moved at most this many face widths
 * @param minLinkSimilarity ...and whose embeddings are at least this similar (when both have one)
 * @param minRelinkSimilarity a face continues a track across an outage of the camera (time it sent
 *     no frames) only with an embedding at least this similar: the same-person threshold
 * @param votes faces of a track that must agree before its identity is decided
 * @param maxEvidence faces kept per track for the vote (the best-quality ones)
 */
public record TrackingRules(Duration maxGap, float minIou, float maxCentreShift, float minLinkSimilarity, float minRelinkSimilarity, int votes,
                            int maxEvidence) {

    public static TrackingRules defaults() {
        return new TrackingRules(Duration.ofSeconds(3), 0.3f, 0.75f, 0.4f, 0.6f, 3, 10);
    }
}
