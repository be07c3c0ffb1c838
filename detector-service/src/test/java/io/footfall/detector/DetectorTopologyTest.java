package io.footfall.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import io.footfall.runtime.streams.DeadLetters;
import io.footfall.runtime.streams.StreamsService;
import io.footfall.schema.DeadLetter;
import io.footfall.schema.DetectedFace;
import io.footfall.schema.Frame;
import io.footfall.schema.FrameFaces;
import io.footfall.schema.RejectReason;
import io.footfall.schemas.registry.InMemorySchemaRegistry;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorTopologyTest {

    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path stateDir;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TopologyTestDriver driver;
    TestInputTopic<String, Frame> frames;
    TestOutputTopic<String, FrameFaces> faces;
    TestOutputTopic<byte[], DeadLetter> deadLetters;

    /** Stands in for MTCNN: a passed face when the frame is wider than 300 px, a blurred one beside it, none otherwise. */
    static List<DetectedFaceResult> fake(Mat bgr) {
        if (bgr.cols() <= 300) {
            return List.of();
        }
        double[][] lm = {{110, 120}, {170, 120}, {140, 150}, {115, 180}, {165, 180}};
        return List.of(
                new DetectedFaceResult(new MtcnnFace(80, 80, 120, 120, 0.99, lm), null, 120.5, new byte[150 * 150 * 3], 150, 150, "dlib-chip-150-pad0.25"),
                new DetectedFaceResult(new MtcnnFace(220, 80, 60, 60, 0.95, lm), RejectReason.BLURRED, 3.2, null, 0, 0, null));
    }

    @BeforeEach
    void start() {
        List<Setting<?>> settings = new ArrayList<>(CoreSettings.all());
        settings.addAll(DetectorSettings.all());
        Config config = Config.of(settings, Map.of("registry.url", "in-process", "streams.state-dir", stateDir.toString(),
                "detector.max-frame-bytes", "200000", "detector.max-frame-pixels", String.valueOf(4000 * 3000)));
        AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry(), true);
        FrameDetector detector = new FrameDetector(DetectorTopologyTest::fake, new FrameDecoder(DetectorSettings.limits(config)),
                new DetectorMetrics(meters), Clock.fixed(START.plusSeconds(5), ZoneOffset.UTC));
        driver = new TopologyTestDriver(DetectorTopology.build(serdes, detector),
                StreamsService.streamsConfig("detector", config, new DeadLetters("footfall-detector", serdes, meters)), START);
        frames = driver.createInputTopic(Topics.FRAMES.name(), new StringSerializer(), serdes.valueSerde(Topics.FRAMES).serializer());
        faces = driver.createOutputTopic(Topics.FACES.name(), new StringDeserializer(), serdes.valueSerde(Topics.FACES).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(), serdes.valueSerde(Topics.DEAD_LETTERS).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static byte[] jpeg(int width, int height) {
        try (Mat img = new Mat(height, width, opencv_core.CV_8UC3, new Scalar(90, 120, 200, 0)); BytePointer out = new BytePointer()) {
            opencv_imgcodecs.imencode(".jpg", img, out);
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }

    static Frame frame(String camera, long sequence, byte[] jpeg) {
        return new Frame(camera, sequence, START.plusMillis(200 * sequence), START.plusMillis(200 * sequence + 10), 640, 360, ByteBuffer.wrap(jpeg));
    }

    @Test
    void every_face_of_a_frame_is_published_in_one_record_and_rejects_keep_their_reason_without_a_crop() {
        // given a frame with a good and a blurred face
        frames.pipeInput("door", frame("door", 7, jpeg(640, 360)), START);

        // then one faces record, keyed and stamped from the frame
        var out = faces.readKeyValuesToList();
        assertThat(out).singleElement().satisfies(kv -> assertThat(kv.key).isEqualTo("door"));
        FrameFaces f = out.get(0).value;
        assertThat(f.getFrameSequence()).isEqualTo(7);
        assertThat(f.getCapturedAt()).isEqualTo(START.plusMillis(1400));
        assertThat(f.getFrameWidth()).isEqualTo(640);
        assertThat(f.getFrameHeight()).isEqualTo(360);
        assertThat(f.getDetectedAt()).isEqualTo(START.plusSeconds(5));
        assertThat(f.getDetectionMicros()).isPositive();
        assertThat(f.getFaces()).extracting(DetectedFace::getIndex).containsExactly(0, 1);
        DetectedFace good = f.getFaces().get(0), blurred = f.getFaces().get(1);
        assertThat(good.getQuality().getPassed()).isTrue();
        assertThat(good.getCrop().getWidth()).isEqualTo(150);
        assertThat(good.getCrop().getData().remaining()).isEqualTo(150 * 150 * 3);
        assertThat(good.getCrop().getTemplateId()).isEqualTo("dlib-chip-150-pad0.25");
        assertThat(good.getLandmarks()).hasSize(5);
        assertThat(blurred.getQuality().getPassed()).isFalse();
        assertThat(blurred.getQuality().getRejectReason()).isEqualTo(RejectReason.BLURRED);
        assertThat(blurred.getCrop()).isNull();

        assertThat(meters.get("footfall_detector_frames_processed").counter().count()).isEqualTo(1);
        assertThat(meters.get("footfall_detector_faces_rejected").tag("reason", "BLURRED").counter().count()).isEqualTo(1);
        assertThat(meters.get("footfall_detector_faces_per_frame").summary().totalAmount()).isEqualTo(2);
        assertThat(meters.get("footfall_detector_detection").timer().count()).isEqualTo(1);
    }

    @Test
    void a_frame_without_faces_still_gives_a_record_with_an_empty_list() {
        frames.pipeInput("door", frame("door", 1, jpeg(300, 200)), START);
        assertThat(faces.readValuesToList()).singleElement().satisfies(f -> assertThat(f.getFaces()).isEmpty());
    }

    @Test
    void bad_frames_are_dead_lettered_with_the_reason_and_detection_goes_on() {
        byte[] good = jpeg(640, 360);
        byte[] bomb = good.clone();
        int[] size = FrameDecoder.headerSize(bomb);
        assertThat(size).containsExactly(640, 360);
        patchSize(bomb, 60000, 60000);
        byte[] huge = Arrays.copyOf(good, 300_000);

        // given an empty frame, a truncated one, garbage, a header claiming 60000×60000, an oversized one, then a good one
        frames.pipeInput("door", frame("door", 1, new byte[0]), START);
        frames.pipeInput("door", frame("door", 2, Arrays.copyOf(good, good.length / 2)), START);
        frames.pipeInput("door", frame("door", 3, "not a jpeg at all".getBytes()), START);
        frames.pipeInput("door", frame("door", 4, bomb), START);
        frames.pipeInput("door", frame("door", 5, huge), START);
        frames.pipeInput("door", frame("door", 6, good), START);

        // then each bad one is dead-lettered with its reason, and the good one is still detected
        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).contains("camera 'door' frame 1", "empty"),
                r -> assertThat(r).contains("frame 2", "truncated"),
                r -> assertThat(r).contains("frame 3", "not a JPEG"),
                r -> assertThat(r).contains("frame 4", "60000×60000", "detector.max-frame-pixels"),
                r -> assertThat(r).contains("frame 5", "300000 bytes", "detector.max-frame-bytes"));
        assertThat(faces.readValuesToList()).extracting(FrameFaces::getFrameSequence).containsExactly(6L);
    }

    /** Rewrites the width and height in the first SOF segment. */
    static void patchSize(byte[] jpeg, int width, int height) {
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xC0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return;
            }
        }
        throw new IllegalStateException("no SOF0 segment");
    }
}
