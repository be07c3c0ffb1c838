package io.footfall.detector;

import io.footfall.schema.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What operators watch on the detector: detection time per frame, faces per frame, frames, rejects by reason. */
public final class DetectorMetrics {

    private final Timer detection;
    private final DistributionSummary faces;
    private final Counter frames;
    private final Counter still;
    private final Counter sceneCuts;
    private final Map<RejectReason, Counter> rejects = new EnumMap<>(RejectReason.class);

    public DetectorMetrics(MeterRegistry meters) {
        detection = Timer.builder("footfall_detector_detection").description("Time to decode a frame and detect, gate and align its faces")
                .publishPercentileHistogram().register(meters);
        faces = DistributionSummary.builder("footfall_detector_faces_per_frame").description("Faces found in one frame")
                .serviceLevelObjectives(0.5, 1, 2, 4, 8, 16, 32).register(meters);
        frames = Counter.builder("footfall_detector_frames_processed").description("Frames the detector published a faces record for")
                .register(meters);
        still = Counter.builder("footfall_detector_frames_still").description("Frames of an unchanged empty scene answered without detection")
                .register(meters);
        sceneCuts = Counter.builder("footfall_detector_scene_cuts").description("Frames that start a new shot (a cut in the camera's picture)")
                .register(meters);
        for (RejectReason r : RejectReason.values()) {
            rejects.put(r, Counter.builder("footfall_detector_faces_rejected").description("Faces that failed a quality gate, by the first gate failed")
                    .tag("reason", r.name()).register(meters));
        }
    }

    void frame(long nanos, int faceCount) {
        detection.record(nanos, TimeUnit.NANOSECONDS);
        faces.record(faceCount);
        frames.increment();
    }

    /** A frame of an unchanged empty scene: published with no face, detection skipped. */
    void still(long nanos) {
        frame(nanos, 0);
        still.increment();
    }

    void sceneCut() {
        sceneCuts.increment();
    }

    /** Shot cuts counted so far. */
    public long sceneCuts() {
        return (long) sceneCuts.count();
    }

    void rejected(RejectReason reason) {
        rejects.get(reason).increment();
    }
}
