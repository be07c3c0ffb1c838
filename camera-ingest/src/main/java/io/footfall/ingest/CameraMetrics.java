package io.footfall.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Per-camera meters: what operators watch to see a camera is alive and keeping up. */
final class CameraMetrics {

    final Counter decoded;
    final Counter published;
    final Counter droppedQueueFull;
    final Counter droppedPublishFailed;
    final Counter reconnects;
    final Timer encode;
    final DistributionSummary frameBytes;
    final AtomicInteger up = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();

    private final MeterRegistry meters;
    private final Gauge upGauge;
    private final Gauge endedGauge;

    CameraMetrics(String camera, MeterRegistry meters) {
        this.meters = meters;
        decoded = Counter.builder("footfall_camera_frames_decoded").description("Frames decoded from the camera")
                .tag("camera", camera).register(meters);
        published = Counter.builder("footfall_camera_frames_published").description("Sampled frames written to Kafka")
                .tag("camera", camera).register(meters);
        droppedQueueFull = Counter.builder("footfall_camera_frames_dropped").description("Sampled frames dropped before reaching Kafka")
                .tag("camera", camera).tag("reason", "queue_full").register(meters);
        droppedPublishFailed = Counter.builder("footfall_camera_frames_dropped").description("Sampled frames dropped before reaching Kafka")
                .tag("camera", camera).tag("reason", "publish_failed").register(meters);
        reconnects = Counter.builder("footfall_camera_reconnects").description("Reconnect attempts after a camera failed")
                .tag("camera", camera).register(meters);
        encode = Timer.builder("footfall_camera_encode").description("Scaling and JPEG encoding time per sampled frame")
                .tag("camera", camera).publishPercentileHistogram().register(meters);
        frameBytes = DistributionSummary.builder("footfall_camera_frame").baseUnit("bytes").description("Size of published JPEG frames")
                .tag("camera", camera).register(meters);
        upGauge = Gauge.builder("footfall_camera_up", up, AtomicInteger::get).description("1 while the camera is streaming")
                .tag("camera", camera).register(meters);
        endedGauge = Gauge.builder("footfall_camera_ended", ended, AtomicInteger::get)
                .description("1 once a file camera played once (loop=false) has reached its end; it is then not read again")
                .tag("camera", camera).register(meters);
    }

    /** Removes this camera's meters, so a removed camera leaves no stale series. */
    void remove() {
        for (var meter : List.of(decoded, published, droppedQueueFull, droppedPublishFailed, reconnects, encode, frameBytes, upGauge, endedGauge)) {
            meters.remove(meter);
        }
    }
}
