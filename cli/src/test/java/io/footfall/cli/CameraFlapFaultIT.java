package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.footfall.ingest.CameraSpec;
import io.footfall.ingest.FrameSource;
import io.footfall.ingest.IngestService;
import io.footfall.runtime.kafka.SchemaRegistries;
import io.footfall.testing.TestKafka;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera whose connection drops every 2 s, visits included, read by the real camera ingest
 * (reconnect with back-off, capture clock re-anchored, sampling restarted) into the whole
 * pipeline: the reconnects are shorter than the track gap, so no visit is split, lost or counted
 * twice.
 */
class CameraFlapFaultIT {

    static final int VISITS = 2;
    /** Frames per connection: the connection drops after 2 s of video. */
    static final int FLAP_EVERY = 10;

    @TempDir
    Path stateDir;

    @Test
    void a_flapping_camera_loses_and_duplicates_no_visit() throws Exception {
        String camera = "flap-" + UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = TestKafka.bootstrapServers();
        Map<String, String> settings = FaultHarness.settings(bootstrap, SchemaRegistries.IN_PROCESS, stateDir, camera + "-");
        List<VisitFrames.Shot> shots = VisitFrames.of(VISITS);
        List<Mat> pictures = new ArrayList<>();
        for (VisitFrames.Shot shot : shots) {
            pictures.add(imdecode(new Mat(new BytePointer(shot.jpeg())), IMREAD_COLOR));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger connections = new AtomicInteger();
        try (FaultHarness.Services services = new FaultHarness.Services(FaultHarness.config(settings), List.of("matcher", "embedder", "detector"));
             FaultHarness.Subscriber subscriber = new FaultHarness.Subscriber(bootstrap, services.context.serdes(), camera)) {
            // given a camera that drops its connection every 2 s and plays the visits once
            IngestService ingest = new IngestService(services.context,
                    List.of(new CameraSpec(camera, "test://flapping-camera", VisitFrames.FPS, 1280, 85, true, false)),
                    spec -> new FlappingSource(pictures, next, connections));
            ingest.start();
            try {
                // when it has played everything, then every visit is counted exactly once
                FaultHarness.assertEveryVisitCountedOnce(subscriber, VISITS, Duration.ofSeconds(90));
                // though it reconnected every 2 s, in the middle of visits too
                assertThat(connections.get()).isGreaterThanOrEqualTo(shots.size() / FLAP_EVERY);
                assertThat(services.context.meters().find("footfall_camera_reconnects").tag("camera", camera).counters().stream()
                        .mapToDouble(Counter::count).sum()).isGreaterThanOrEqualTo(shots.size() / FLAP_EVERY - 1);
            } finally {
                ingest.close();
            }
        } finally {
            pictures.forEach(Mat::close);
        }
    }

    /** One connection to the camera: plays the shared position in real time and drops after {@link #FLAP_EVERY} frames. */
    static final class FlappingSource implements FrameSource {
        private final List<Mat> pictures;
        private final AtomicInteger next;
        private final AtomicInteger connections;
        private int sent;
        private long openedNanos;

        FlappingSource(List<Mat> pictures, AtomicInteger next, AtomicInteger connections) {
            this.pictures = pictures;
            this.next = next;
            this.connections = connections;
        }

        @Override
        public void open() throws SourceException {
            if (next.get() >= pictures.size()) {
                throw new SourceException("the test camera has played everything", null);
            }
            connections.incrementAndGet();
            openedNanos = System.nanoTime();
        }

        @Override
        public Decoded grab() {
            if (sent == FLAP_EVERY || next.get() >= pictures.size()) {
                return null; // the connection drops
            }
            long due = openedNanos + sent * 1_000_000_000L / VisitFrames.FPS;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            // the stream clock restarts at 0 on every connection, as a real camera's does
            return new Decoded(pictures.get(next.getAndIncrement()), sent++ * 1_000_000L / VisitFrames.FPS);
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
