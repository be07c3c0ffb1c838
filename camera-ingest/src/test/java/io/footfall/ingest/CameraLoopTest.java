package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.footfall.schema.CameraState;
import io.footfall.schema.Frame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a camera's loop ends a read: a file played once ends for good, everything else reconnects. */
class CameraLoopTest {

    /** Frames in the scripted file: 2 s at 25 fps. */
    static final int FILE_FRAMES = 50;
    static final long FRAME_MICROS = 40_000;

    record Status(CameraState state, String reason) {}

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CameraMetrics metrics = new CameraMetrics("till", meters);
    final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    final List<Frame> published = new CopyOnWriteArrayList<>();
    final List<Status> statuses = new CopyOnWriteArrayList<>();
    final AtomicInteger opens = new AtomicInteger();
    final Mat picture = new Mat(48, 64, CV_8UC3, new Scalar(40, 120, 200, 0));
    // a queue larger than the file, so that no frame is dropped however fast the fake source is
    final FramePublisher publisher = new FramePublisher("till", producer, (topic, frame) -> {
        published.add(frame);
        return new byte[] {1};
    }, metrics, FILE_FRAMES + 1);

    @AfterEach
    void close() {
        publisher.close();
        picture.close();
    }

    @Test
    void a_file_played_once_publishes_each_sampled_frame_once_reports_ended_and_is_not_opened_again() throws Exception {
        // given a file camera with loop=false, analysed at 5 fps, and a reconnect backoff of 20-50 ms
        CameraSpec camera = new CameraSpec("till", "/videos/till.mp4", 5, 1280, 85, true, false);
        CameraLoop loop = loop(camera);
        Thread thread = new Thread(loop, "camera-till");
        thread.setDaemon(true);

        // when it plays the file to its end
        thread.start();
        thread.join(10_000);

        // then the loop has returned by itself: nothing left to reconnect to
        boolean stillRunning = thread.isAlive();
        loop.stop();
        assertThat(stillRunning).as("camera loop still running after the end of the file").isFalse();
        assertThat(statuses).containsExactly(new Status(CameraState.CONNECTING, null), new Status(CameraState.STREAMING, null),
                new Status(CameraState.ENDED, "end of file"));
        assertThat(loop.state()).isEqualTo(CameraState.ENDED);
        // every sampled frame of the file published once, in order
        int sampled = sampledFrames(camera.fps());
        assertThat(sampled).isEqualTo(10);
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() >= sampled);
        // and, long after the backoff would have reopened it, the file was opened once and nothing more was published
        Thread.sleep(500);
        assertThat(opens).hasValue(1);
        assertThat(published).hasSize(sampled);
        assertThat(published).extracting(Frame::getSequence).containsExactlyElementsOf(sequences(sampled));
        assertThat(metrics.droppedQueueFull.count()).isZero();
        assertThat(metrics.reconnects.count()).isZero();
        assertThat(metrics.up).hasValue(0);
        assertThat(metrics.ended).hasValue(1);
        assertThat(meters.get("footfall_camera_ended").tag("camera", "till").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void streams_devices_and_looping_files_are_read_again_when_they_end() throws Exception {
        for (CameraSpec camera : List.of(
                new CameraSpec("till", "rtsp://10.0.0.7/stream1", 5, 1280, 85, true, false),
                new CameraSpec("till", "/dev/video0", 5, 1280, 85, true, false),
                new CameraSpec("till", "/videos/till.mp4", 5, 1280, 85, true, true))) {
            // given a camera that is not a file played once, whose source ends
            opens.set(0);
            statuses.clear();
            CameraLoop loop = loop(camera);
            Thread thread = new Thread(loop, "camera-till");
            thread.setDaemon(true);
            thread.start();
            try {
                // then it is reported DISCONNECTED and opened again after the backoff, as before
                await().atMost(Duration.ofSeconds(10)).until(() -> opens.get() >= 3);
                assertThat(statuses).as(camera.url()).extracting(Status::state)
                        .contains(CameraState.DISCONNECTED).doesNotContain(CameraState.ENDED);
                assertThat(metrics.ended).hasValue(0);
            } finally {
                loop.stop();
                thread.join(5_000);
            }
            assertThat(thread.isAlive()).isFalse();
        }
    }

    private CameraLoop loop(CameraSpec camera) {
        return new CameraLoop(camera, spec -> new ScriptedFile(), publisher,
                (id, state, reason, attempt, source) -> statuses.add(new Status(state, reason)),
                metrics, new Backoff(Duration.ofMillis(20), Duration.ofMillis(50)), Duration.ofSeconds(5));
    }

    /** How many of the file's frames the camera's sampler keeps. */
    private static int sampledFrames(double fps) {
        FrameSampler sampler = new FrameSampler(fps);
        int kept = 0;
        for (int i = 0; i < FILE_FRAMES; i++) {
            if (sampler.keep(i * FRAME_MICROS)) {
                kept++;
            }
        }
        return kept;
    }

    private static List<Long> sequences(int n) {
        List<Long> sequences = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            sequences.add(i);
        }
        return sequences;
    }

    /** A short file: {@link #FILE_FRAMES} frames at 25 fps, then the end (null), as FfmpegSource reports it. */
    final class ScriptedFile implements FrameSource {
        private int next;

        @Override
        public void open() {
            opens.incrementAndGet();
        }

        @Override
        public Decoded grab() {
            if (next == FILE_FRAMES) {
                return null;
            }
            return new Decoded(picture, next++ * FRAME_MICROS);
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
