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

    public static final Topic<String, Frame> FRAMES = new Topic<>("frames", Serdes.String(), Frame.class,
            true, 6, false, Duration.ofHours(1), "Sampled JPEG frames from camera-ingest");

    public static final Topic<String, FrameFaces> FACES = new Topic<>("faces", Serdes.String(), FrameFaces.class,
            true, 6, false, Duration.ofHours(1), "Faces detected per frame, with aligned crops");

    public static final Topic<String, FrameEmbeddings> EMBEDDINGS = new Topic<>("embeddings", Serdes.String(), FrameEmbeddings.class,
            true, 6, false, Duration.ofDays(1), "Face embeddings per frame");

    public static final Topic<String, Identity> IDENTITIES = new Topic<>("identities", Serdes.String(), Identity.class,
            false, 1, true, null, "Enrolled identities (compacted; a tombstone erases a person)");

    public static final Topic<String, RecognitionEvent> RECOGNITION_EVENTS = new Topic<>("recognition-events", Serdes.String(),
            RecognitionEvent.class, true, 6, false, Duration.ofDays(7), "ENTERED and LEFT events per visit");

    public static final Topic<String, FootfallCount> FOOTFALL_COUNTS = new Topic<>("footfall-counts", Serdes.String(),
            FootfallCount.class, true, 6, false, Duration.ofDays(30), "Visits per camera per window");

    public static final Topic<String, CameraStatus> CAMERA_STATUS = new Topic<>("camera-status", Serdes.String(),
            CameraStatus.class, true, 6, false, Duration.ofDays(7), "Camera connection state changes");

    /** Retention here is Kafka's for tombstones; the matcher forgets visitors after matcher.visitor-retention. */
    public static final Topic<String, Visitor> VISITORS = new Topic<>("visitors", Serdes.String(), Visitor.class,
            false, 1, true, null, "Anonymous visitors shared by all matchers (compacted; a tombstone forgets one)");

    /** Keyed by the source record's raw key bytes, whatever their type. */
    public static final Topic<byte[], DeadLetter> DEAD_LETTERS = new Topic<>("dead-letters", Serdes.ByteArray(),
            DeadLetter.class, false, 1, false, Duration.ofDays(14), "Records a service could not process, with the reason");

    private static final List<Topic<?, ?>> ALL = List.of(
            FRAMES, FACES, EMBEDDINGS, IDENTITIES, VISITORS, RECOGNITION_EVENTS, FOOTFALL_COUNTS, CAMERA_STATUS, DEAD_LETTERS);

    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    public static Optional<Topic<?, ?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
