package io.footfall.topics;

import io.footfall.schema.CameraStatus;
import io.footfall.schema.DeadLetter;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.Frame;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.FrameFaces;
import io.footfall.schema.Identity;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.Visitor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one catalogue of Footfall's topics. Records are keyed by camera id from {@code frames} to
 * {@code recognition-events}, so one camera's records stay in order on one partition.
 */
public final class Topics {

    private Topics() {}

    public static final Topic<String, Frame> FRAMES = Topic.builder("frames", Frame.class)
            .keyedByCamera(true).defaultPartitions(6).compacted(false).retention(Duration.ofHours(1))
            .description("Sampled JPEG frames from camera-ingest").build();

    public static final Topic<String, FrameFaces> FACES = Topic.builder("faces", FrameFaces.class)
            .keyedByCamera(true).defaultPartitions(6).compacted(false).retention(Duration.ofHours(1))
            .description("Faces detected per frame, with aligned crops").build();

    public static final Topic<String, FrameEmbeddings> EMBEDDINGS = Topic.builder("embeddings", FrameEmbeddings.class)
            .keyedByCamera(true).defaultPartitions(6).compacted(false).retention(Duration.ofDays(1))
            .description("Face embeddings per frame").build();

    public static final Topic<String, Identity> IDENTITIES = Topic.builder("identities", Identity.class)
            .keyedByCamera(false).defaultPartitions(1).compacted(true).keptForever()
            .description("Enrolled identities (compacted; a tombstone erases a person)").build();

    public static final Topic<String, RecognitionEvent> RECOGNITION_EVENTS = Topic.builder("recognition-events", RecognitionEvent.class)
            .keyedByCamera(true).defaultPartitions(6).compacted(false).retention(Duration.ofDays(7))
            .description("ENTERED and LEFT events per visit").build();

    public static final Topic<String, FootfallCount> FOOTFALL_COUNTS = Topic.builder("footfall-counts", FootfallCount.class)
            .keyedByCamera(true).defaultPartitions(6).compacted(false).retention(Duration.ofDays(30))
            .description("Visits per camera per window").build();

    public static final Topic<String, CameraStatus> CAMERA_STATUS = Topic.builder("camera-status", CameraStatus.class)
            .keyedByCamera(true).defaultPartitions(6).compacted(false).retention(Duration.ofDays(7))
            .description("Camera connection state changes").build();

    /** Retention here is Kafka's for tombstones; the matcher forgets visitors after matcher.visitor-retention. */
    public static final Topic<String, Visitor> VISITORS = Topic.builder("visitors", Visitor.class)
            .keyedByCamera(false).defaultPartitions(1).compacted(true).keptForever()
            .description("Anonymous visitors shared by all matchers (compacted; a tombstone forgets one)").build();

    /** Keyed by the source record's raw key bytes, whatever their type. */
    public static final Topic<byte[], DeadLetter> DEAD_LETTERS = Topic.builder("dead-letters", DeadLetter.class)
            .keySerde(Serdes.ByteArray())
            .keyedByCamera(false).defaultPartitions(1).compacted(false).retention(Duration.ofDays(14))
            .description("Records a service could not process, with the reason").build();

    private static final List<Topic<?, ?>> ALL = List.of(
            FRAMES, FACES, EMBEDDINGS, IDENTITIES, VISITORS, RECOGNITION_EVENTS, FOOTFALL_COUNTS, CAMERA_STATUS, DEAD_LETTERS);

    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    public static Optional<Topic<?, ?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
