package io.footfall.matcher;

import io.footfall.runtime.config.Config;
import java.time.Duration;

/** The matcher's settings as one immutable value. */
public record MatcherRules(String modelId, int dimension, int approximateAbove, Thresholds thresholds, int votes, TrackingRules tracking,
                           float visitorThreshold, Duration visitorRetention, Duration countWindow) {

    public static MatcherRules from(Config config) {
        TrackingRules defaults = TrackingRules.defaults();
        TrackingRules tracking = new TrackingRules(config.get(MatcherSettings.TRACK_GAP), defaults.minIou(), defaults.maxCentreShift(),
                defaults.minLinkSimilarity(), config.get(MatcherSettings.VOTES), defaults.maxEvidence());
        return new MatcherRules(config.get(MatcherSettings.MODEL_ID), config.get(MatcherSettings.DIMENSION),
                config.get(MatcherSettings.APPROXIMATE_ABOVE),
                new Thresholds(config.get(MatcherSettings.KNOWN_THRESHOLD).floatValue(), config.get(MatcherSettings.UNKNOWN_THRESHOLD).floatValue()),
                config.get(MatcherSettings.VOTES), tracking, config.get(MatcherSettings.VISITOR_THRESHOLD).floatValue(),
                config.get(MatcherSettings.VISITOR_RETENTION), config.get(MatcherSettings.COUNT_WINDOW));
    }
}
