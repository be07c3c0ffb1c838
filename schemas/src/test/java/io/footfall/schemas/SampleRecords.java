package io.footfall.schemas;

import io.footfall.schema.*;
import io.footfall.topics.Topic;
import io.footfall.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One realistic record per topic, for round-trip tests. */
final class SampleRecords {

    private SampleRecords() {}

    static final Instant T = Instant.parse("2026-11-23T10:15:30.123Z");

    static final BoundingBox BOX = new BoundingBox(120f, 80f, 96f, 110f);
    static final List<Point> LANDMARKS = List.of(new Point(150f, 120f), new Point(190f, 121f), new Point(170f, 145f),
            new Point(155f, 165f), new Point(187f, 166f));
    static final QualityVerdict PASSED = new QualityVerdict(true, null, 210.5f);

    static Map<Topic<?, ?>, SpecificRecord> all() {
        return Map.of(
                Topics.FRAMES, frame(),
                Topics.FACES, FrameFaces.newBuilder().setCameraId("gym-door").setFrameSequence(42).setCapturedAt(T)
                        .setFrameWidth(1280).setFrameHeight(720).setDetectedAt(T.plusMillis(35)).setDetectionMicros(31_000)
                        .setFaces(List.of(DetectedFace.newBuilder().setIndex(0).setBox(BOX).setScore(0.998f).setLandmarks(LANDMARKS)
                                .setQuality(PASSED).setCrop(new AlignedCrop(150, 150, CropEncoding.RGB24,
                                        ByteBuffer.wrap(new byte[150 * 150 * 3]), "dlib-5pt-150")).build()))
                        .build(),
                Topics.EMBEDDINGS, FrameEmbeddings.newBuilder().setCameraId("gym-door").setFrameSequence(42).setCapturedAt(T)
                        .setFrameWidth(1280).setFrameHeight(720).setModelId("dlib-resnet29-128").setEmbeddedAt(T.plusMillis(60))
                        .setEmbeddingMicros(20_000)
                        .setFaces(List.of(new FaceEmbedding(0, BOX, 0.998f, PASSED, List.of(0.1f, -0.2f, 0.3f),
                                        new io.footfall.schema.FaceAttributeEstimate(34.5f, "female", 0.93f, "happy", Map.of("neutral", 0.1f,
                                                "happy", 0.85f, "sad", 0.01f, "angry", 0.01f, "fearful", 0.01f, "disgusted", 0.01f, "surprised", 0.01f))),
                                new FaceEmbedding(1, BOX, 0.91f, new QualityVerdict(false, RejectReason.BLURRED, 12f), null, null)))
                        .build(),
                Topics.IDENTITIES, Identity.newBuilder().setIdentityId("p-0001").setDisplayName("Ada Lovelace").setModelId("dlib-resnet29-128")
                        .setTemplates(List.of(new FaceTemplate("t-ab12", List.of(0.5f, 0.5f), "ada.jpg", T)))
                        .setCreatedAt(T).setUpdatedAt(T).setMetadata(Map.of("member", "1815")).build(),
                Topics.RECOGNITION_EVENTS, RecognitionEvent.newBuilder().setEventId("gym-door:t-7:ENTERED").setType(EventType.ENTERED)
                        .setCameraId("gym-door").setTrackId("t-7").setSubject(SubjectKind.KNOWN).setIdentityId("p-0001")
                        .setDisplayName("Ada Lovelace").setSimilarity(0.83f).setModelId("dlib-resnet29-128").setFirstSeenAt(T)
                        .setLastSeenAt(T.plusSeconds(2)).setDwellMillis(2000).setFaceCount(9).setEmittedAt(T.plusSeconds(2))
                        .setAge(34.5f).setAgeBand("25-34").setGender("female").setGenderConfidence(0.91f).setExpression("happy").setAttributeFaces(9)
                        .build(),
                Topics.FOOTFALL_COUNTS, new FootfallCount("gym-door", T, T.plusSeconds(3600), 12L, 7L, 5L, T, Map.of("25-34", 8L, "unknown", 4L),
                        Map.of("female", 5L, "male", 3L, "unknown", 4L)),
                Topics.VISITORS, new Visitor("v-gym-door-42-0", "dlib-resnet29-128", List.of(0.6f, 0.8f), 3, T, T.plusSeconds(90), List.of()),
                Topics.CAMERA_STATUS, CameraStatus.newBuilder().setCameraId("gym-door").setState(CameraState.DISCONNECTED)
                        .setReason("connection refused").setAt(T).setAttempt(3).setSource("rtsp://10.0.0.7:554/stream1").build(),
                Topics.DEAD_LETTERS, DeadLetter.newBuilder().setService("footfall-detector").setStage(FailureStage.DESERIALIZATION)
                        .setSourceTopic("frames").setSourcePartition(0).setSourceOffset(17L).setReason("not in the wire format")
                        .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3})).setFailedAt(T).build());
    }

    static Frame frame() {
        return new Frame("gym-door", 42L, T, T.plusMillis(5), 640, 360, ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}));
    }
}
