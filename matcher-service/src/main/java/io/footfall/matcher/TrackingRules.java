package io.footfall.matcher;

import java.time.Duration;

/**
 * How faces become visits.
 *
 * @param maxGap a track with no face for this long (stream time) has left
 * @param minIou boxes overlapping at least this much in consecutive frames are one face...
 * @param maxCentreShift ...or whose centres moved at most this many face widths
 * @param minLinkSimilarity ...and whose embeddings are at least this similar (when both have one)
 * @param votes faces of a track that must agree before its identity is decided
 * @param maxEvidence faces kept per track for the vote (the best-quality ones)
 */
public record TrackingRules(Duration maxGap, float minIou, float maxCentreShift, float minLinkSimilarity, int votes, int maxEvidence) {

    public static TrackingRules defaults() {
        return new TrackingRules(Duration.ofSeconds(3), 0.3f, 0.75f, 0.4f, 3, 10);
    }
}
