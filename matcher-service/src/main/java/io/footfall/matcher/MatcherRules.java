package io.footfall.matcher;

import io.footfall.runtime.config.Config;
import java.time.Duration;

/** The matcher's settings as one immutable value. */
public record MatcherRules(String modelId, int dimension, int approximateAbove, Thresholds thresholds, int votes, TrackingRules tracking,
                           float visitorThreshold, Duration visitorRetention, Duration countWindow, Duration silenceTimeout,
                           AgeBands ageBands) {

    /** With the default age bands. */
    public MatcherRules(String modelId, int dimension, int approximateAbove, Thresholds thresholds, int votes, TrackingRules tracking,
                        float visitorThreshold, Duration visitorRetention, Duration countWindow, Duration silenceTimeout) {
        this(modelId, dimension, approximateAbove, thresholds, votes, tracking, visitorThreshold, visitorRetention, countWindow, silenceTimeout,
                AgeBands.parse(AgeBands.DEFAULT));
    }

    /** With the tracks of a silent camera closed after the track gap. */
    public MatcherRules(String modelId, int dimension, int approximateAbove, Thresholds thresholds, int votes, TrackingRules tracking,
                        float visitorThreshold, Duration visitorRetention, Duration countWindow) {
        this(modelId, dimension, approximateAbove, thresholds, votes, tracking, visitorThreshold, visitorRetention, countWindow, Duration.ZERO);
    }

    /** A silence timeout is 0 (the track gap) or at least the track gap. */
    public MatcherRules {
        if (!silenceTimeout.isZero() && silenceTimeout.compareTo(tracking.maxGap()) < 0) {
            throw new IllegalArgumentException("the silence timeout (" + silenceTimeout + ") is shorter than the track gap ("
                    + tracking.maxGap() + "); use 0 for the track gap");
        }
    }

    /** How long a camera may send nothing before its open tracks are closed: the silence timeout, or the track gap when it is 0. */
    public Duration silence() {
        return silenceTimeout.isZero() ? tracking.maxGap() : silenceTimeout;
    }

    public static MatcherRules from(Config config) {
        TrackingRules defaults = TrackingRules.defaults();
        TrackingRules tracking = new TrackingRules(config.get(MatcherSettings.TRACK_GAP), defaults.minIou(), defaults.maxCentreShift(),
                defaults.minLinkSimilarity(), (float) ModelSettings.known(config), config.get(MatcherSettings.VOTES),
                defaults.maxEvidence());
        return new MatcherRules(ModelSettings.modelId(config), ModelSettings.dimension(config),
                config.get(MatcherSettings.APPROXIMATE_ABOVE),
                new Thresholds((float) ModelSettings.known(config), (float) ModelSettings.unknown(config)),
                config.get(MatcherSettings.VOTES), tracking, (float) ModelSettings.visitor(config),
                config.get(MatcherSettings.VISITOR_RETENTION), config.get(MatcherSettings.COUNT_WINDOW),
                config.get(MatcherSettings.SILENCE_TIMEOUT), config.get(MatcherSettings.AGE_BANDS));
    }
}
