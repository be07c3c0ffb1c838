package io.footfall.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.footfall.schema.Frame;
import io.footfall.schema.FrameFaces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** Frames of an unchanged empty scene are answered without detection; anything entering is detected. */
class StillSceneFramesTest {

    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    final AtomicInteger detections = new AtomicInteger();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final FrameDetector frames = new FrameDetector(bgr -> {
        detections.incrementAndGet();
        return List.of();
    }, new FrameDecoder(new FrameDecoder.Limits(4 << 20, 4096L * 4096)), new DetectorMetrics(meters), Clock.systemUTC(),
            new StillScenes(12, Duration.ofSeconds(2)), SceneCuts.off());

    @Test
    void an_unchanged_empty_scene_skips_detection_until_someone_enters_or_two_seconds_pass() {
        byte[] empty = jpeg(false);
        byte[] someone = jpeg(true);

        FrameFaces first = frames.apply(frame(0, empty));
        frames.apply(frame(1, empty));
        frames.apply(frame(2, empty));
        assertThat(detections).as("only the first empty frame is detected").hasValue(1);
        assertThat(first.getFrameWidth()).isEqualTo(640);

        FrameFaces still = frames.apply(frame(3, empty));
        assertThat(still.getFaces()).isEmpty();
        assertThat(still.getFrameWidth()).isEqualTo(640);
        assertThat(still.getFrameHeight()).isEqualTo(360);

        frames.apply(frame(4, someone));
        assertThat(detections).as("someone entered").hasValue(2);

        frames.apply(frame(20, someone)); // the previous frame had no face either: remembered as the new empty scene
        frames.apply(frame(21, someone));
        assertThat(detections).hasValue(3);
        frames.apply(frame(40, someone)); // 2 s of capture time later: detected again
        assertThat(detections).hasValue(4);
        assertThat(meters.find("footfall_detector_frames_still").counter().count()).isEqualTo(4);
        assertThat(meters.find("footfall_detector_frames_processed").counter().count()).isEqualTo(8);
    }

    private static Frame frame(long sequence, byte[] jpeg) {
        return new Frame("door", sequence, START.plusMillis(200 * sequence), START.plusMillis(200 * sequence + 10), 640, 360,
                ByteBuffer.wrap(jpeg));
    }

    private static byte[] jpeg(boolean someone) {
        try (Mat image = new Mat(360, 640, opencv_core.CV_8UC3, new Scalar(60, 60, 60, 0)); BytePointer out = new BytePointer()) {
            if (someone) {
                opencv_imgproc.rectangle(image, new Point(300, 100), new Point(360, 170), new Scalar(200, 180, 170, 0), -1, 8, 0);
            }
            imencode(".jpg", image, out);
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }
}
