package io.footfall.matcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What operators watch on the matcher: gallery size, decisions, similarities, open tracks, latency. */
public final class MatcherMetrics {

    private final Counter known;
    private final Counter unknown;
    private final Counter left;
    private final DistributionSummary similarity;
    private final Timer latency;
    private final Map<String, Integer> openTracks = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public MatcherMetrics(MeterRegistry meters, Gallery gallery) {
        this.meters = meters;
        known = Counter.builder("footfall_matcher_decisions").description("Visits whose identity was decided, by outcome")
                .tag("outcome", "known").register(meters);
        unknown = Counter.builder("footfall_matcher_decisions").description("Visits whose identity was decided, by outcome")
                .tag("outcome", "unknown").register(meters);
        left = Counter.builder("footfall_matcher_visits_ended").description("Visits that ended (LEFT events)").register(meters);
        similarity = DistributionSummary.builder("footfall_matcher_similarity")
                .description("Cosine similarity of known decisions").serviceLevelObjectives(0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
                .register(meters);
        latency = Timer.builder("footfall_matcher_capture_to_event").description("From a face's capture to its visit event")
                .publishPercentileHistogram().register(meters);
        Gauge.builder("footfall_matcher_gallery_identities", gallery, Gallery::size).description("Enrolled identities in the gallery")
                .register(meters);
        Gauge.builder("footfall_matcher_gallery_templates", gallery, Gallery::templates).description("Face templates in the gallery")
                .register(meters);
        Gauge.builder("footfall_matcher_open_tracks", openTracks, m -> m.values().stream().mapToInt(Integer::intValue).sum())
                .description("Tracks open across this instance's cameras").register(meters);
    }

    void decided(Track.Decision decision) {
        if (decision.known()) {
            known.increment();
            similarity.record(decision.similarity());
        } else {
            unknown.increment();
        }
    }

    /** An ENTERED visit by its estimated age band and gender ("unknown" without an estimate). */
    void entered(String ageBand, String gender) {
        Counter.builder("footfall_matcher_entries").description("Visits entered, by estimated age band and gender (unknown: no estimate)")
                .tag("age_band", ageBand).tag("gender", gender).register(meters).increment();
    }

    void left() {
        left.increment();
    }

    /** Records the time from a face's capture to its visit event, emitted at {@code nowMillis}. */
    void latency(long capturedAtMillis, long nowMillis) {
        latency.record(Duration.ofMillis(Math.max(0, nowMillis - capturedAtMillis)));
    }

    void openTracks(String camera, int count) {
        openTracks.put(camera, count);
    }
}
