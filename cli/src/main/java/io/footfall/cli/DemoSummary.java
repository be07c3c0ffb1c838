package io.footfall.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.util.concurrent.TimeUnit;

/** The demo's closing line: what went through each stage, from the services' own meters. */
final class DemoSummary {

    private DemoSummary() {}

    static String describe(MeterRegistry meters) {
        long published = (long) counter(meters, "footfall_camera_frames_published");
        long analysed = (long) counter(meters, "footfall_detector_frames_processed");
        DistributionSummary perFrame = meters.find("footfall_detector_faces_per_frame").summary();
        long faces = perFrame == null ? 0 : Math.round(perFrame.totalAmount());
        long embedded = (long) counter(meters, "footfall_embedder_faces_embedded");
        Timer latency = meters.find("footfall_matcher_capture_to_event").timer();
        String latencies = latency == null || latency.count() == 0 ? "no events yet"
                : String.format("p50 ≤ %s, p99 ≤ %s (%d events)", bucketAt(latency, 0.5), bucketAt(latency, 0.99), latency.count());
        return String.format("frames published %d, analysed %d; faces found %d, embedded %d; capture-to-event latency %s",
                published, analysed, faces, embedded, latencies);
    }

    private static double counter(MeterRegistry meters, String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Upper bound of the histogram bucket that holds the quantile (the timer publishes buckets, not exact percentiles). */
    static String bucketAt(Timer timer, double quantile) {
        CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
        double wanted = quantile * timer.count();
        for (CountAtBucket b : buckets) {
            if (b.count() >= wanted) {
                return String.format("%.0f ms", b.bucket(TimeUnit.MILLISECONDS));
            }
        }
        return String.format("%.0f ms", timer.max(TimeUnit.MILLISECONDS));
    }
}
