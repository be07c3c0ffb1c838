package io.footfall.matcher;

import io.footfall.schema.EventType;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.SubjectKind;
import io.footfall.schema.Visitor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per camera: links each frame's embeddings into tracks kept in a changelogged store, and emits a
 * visit's ENTERED and LEFT events. A wall-clock punctuation closes the tracks of cameras that went
 * silent. Embeddings of another model or dimension, or with non-finite values, are poison ({@link EmbeddedFaces}).
 */
final class MatchProcessor implements Processor<String, FrameEmbeddings, String, MatchProcessor.Output> {

    /** What the processor emits: a visit's event for {@code recognition-events}, or a visitor change for {@code visitors}. */
    sealed interface Output permits VisitEvent, VisitorUpdate {}

    /** A visit's ENTERED or LEFT event, keyed by camera. */
    record VisitEvent(RecognitionEvent event) implements Output {}

    /**
     * A visitor to share with every matcher, keyed by visitor id; {@code visitor} is null when the
     * visitor is forgotten, which is a tombstone on the compacted visitors topic.
     */
    record VisitorUpdate(Visitor visitor) implements Output {

        static VisitorUpdate shared(Visitor visitor) {
            return new VisitorUpdate(visitor);
        }

        static VisitorUpdate forgotten() {
            return new VisitorUpdate(null);
        }
    }

    private final MatcherRules rules;
    private final IdentityVote vote;
    private final VisitorRegistry visitors;
    private final MatcherMetrics metrics;
    private final Clock clock;
    private ProcessorContext<String, Output> context;
    private KeyValueStore<String, byte[]> tracks;
    /** Per camera: capture time of its latest frame and the wall-clock time it was processed. */
    private final Map<String, long[]> lastSeen = new HashMap<>();
    /** Per camera: how often its frames arrive, so that an outage is not taken for everyone leaving. */
    private final Map<String, FrameCadence> cadences = new HashMap<>();

    /** @param clock stamps events with when they were emitted and measures capture-to-event latency */
    MatchProcessor(MatcherRules rules, IdentityVote vote, VisitorRegistry visitors, MatcherMetrics metrics, Clock clock) {
        this.rules = rules;
        this.vote = vote;
        this.visitors = visitors;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Output> context) {
        this.context = context;
        this.tracks = context.getStateStore(MatcherTopology.TRACKS_STORE);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::closeSilentTracks);
        // Cameras restored from the store count as just seen, so a restarted matcher gives them a gap to speak.
        long now = context.currentSystemTimeMs();
        try (KeyValueIterator<String, byte[]> it = tracks.all()) {
            it.forEachRemaining(kv -> {
                long latest = TrackerState.fromBytes(kv.value).tracks().stream().mapToLong(TrackerState.TrackState::lastSeenMillis).max().orElse(0);
                lastSeen.put(kv.key, new long[] {latest, now});
            });
        }
    }

    @Override
    public void process(Record<String, FrameEmbeddings> record) {
        FrameEmbeddings frame = record.value();
        String camera = frame.getCameraId();
        List<CameraTracker.Face> faces = EmbeddedFaces.of(frame, rules);
        long captured = frame.getCapturedAt().toEpochMilli();
        lastSeen.put(camera, new long[] {captured, context.currentSystemTimeMs()});
        long unobserved = cadences.computeIfAbsent(camera, c -> new FrameCadence()).unobserved(captured);
        CameraTracker tracker = load(camera);
        List<CameraTracker.Visit> visits = tracker.observe(captured, unobserved, frame.getSceneCut(), faces, vote);
        save(camera, tracker);
        visits.forEach(this::emit);
        shareVisitors(record.timestamp());
    }

    /** Writes the visitors this record changed to the compacted visitors topic, for every matcher. */
    private void shareVisitors(long timestamp) {
        for (VisitorRegistry.State v : visitors.drainChanged()) {
            List<List<Float>> exemplars = new ArrayList<>(v.exemplars().size());
            v.exemplars().forEach(e -> exemplars.add(Vectors.boxed(e)));
            Visitor visitor = new Visitor(v.id(), rules.modelId(), Vectors.boxed(v.centroid()), v.tracks(),
                    Instant.ofEpochMilli(v.firstSeenMillis()), Instant.ofEpochMilli(v.lastSeenMillis()), exemplars);
            context.forward(new Record<>(v.id(), VisitorUpdate.shared(visitor), timestamp));
        }
    }

    /**
     * Closes the tracks of cameras that sent nothing for longer than the silence timeout (or the
     * track gap, when it is 0), in stream time:
     * the camera's latest capture time plus the wall-clock time since it was processed. A camera
     * whose backlog is being processed after a restart is not silent, whatever its capture times.
     */
    private void closeSilentTracks(long wallClockMillis) {
        for (String forgotten : visitors.expire(wallClockMillis)) {
            context.forward(new Record<>(forgotten, VisitorUpdate.forgotten(), wallClockMillis));
        }
        List<KeyValue<String, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = tracks.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, byte[]> kv : all) {
            long[] seen = lastSeen.get(kv.key);
            if (seen == null || wallClockMillis - seen[1] <= rules.silence().toMillis()) {
                continue;
            }
            long streamNow = seen[0] + (wallClockMillis - seen[1]);
            CameraTracker tracker = CameraTracker.restore(kv.key, rules.tracking(), TrackerState.fromBytes(kv.value));
            List<CameraTracker.Visit> visits = tracker.expire(streamNow, vote);
            if (!visits.isEmpty()) {
                save(kv.key, tracker);
                visits.forEach(this::emit);
                shareVisitors(wallClockMillis);
            }
        }
    }

    private CameraTracker load(String camera) {
        byte[] state = tracks.get(camera);
        return state == null ? new CameraTracker(camera, rules.tracking())
                : CameraTracker.restore(camera, rules.tracking(), TrackerState.fromBytes(state));
    }

    private void save(String camera, CameraTracker tracker) {
        if (tracker.openTracks() == 0) {
            tracks.delete(camera);
        } else {
            tracks.put(camera, tracker.snapshot().toBytes());
        }
        metrics.openTracks(camera, tracker.openTracks());
    }

    private void emit(CameraTracker.Visit visit) {
        Track t = visit.track();
        Track.Decision d = t.decision();
        EventType type = visit.entered() ? EventType.ENTERED : EventType.LEFT;
        VisitAttributes.Summary a = t.attributes().summary();
        RecognitionEvent event = RecognitionEvent.newBuilder()
                .setEventId(visit.cameraId() + ":" + t.id() + ":" + type)
                .setType(type)
                .setCameraId(visit.cameraId())
                .setTrackId(t.id())
                .setSubject(d.known() ? SubjectKind.KNOWN : SubjectKind.UNKNOWN)
                .setIdentityId(d.identityId())
                .setDisplayName(d.displayName())
                .setVisitorId(d.visitorId())
                .setSimilarity(d.known() ? d.similarity() : null)
                .setModelId(rules.modelId())
                .setFirstSeenAt(Instant.ofEpochMilli(t.firstSeenMillis()))
                .setLastSeenAt(Instant.ofEpochMilli(t.lastSeenMillis()))
                .setDwellMillis(t.lastSeenMillis() - t.firstSeenMillis())
                .setFaceCount(t.faceCount())
                .setEmittedAt(clock.instant())
                .setAge(a == null ? null : a.age())
                .setAgeBand(a == null ? null : rules.ageBands().band(a.age()))
                .setGender(a == null ? null : a.gender())
                .setGenderConfidence(a == null ? null : a.genderConfidence())
                .setExpression(a == null ? null : a.expression())
                .setAttributeFaces(a == null ? 0 : a.faces())
                .build();
        if (visit.entered()) {
            metrics.decided(d);
            metrics.entered(a == null ? AgeBands.UNKNOWN : event.getAgeBand(), a == null ? AgeBands.UNKNOWN : a.gender());
        } else {
            metrics.left();
        }
        metrics.latency(t.lastSeenMillis(), clock.millis());
        long timestamp = visit.entered() ? t.firstSeenMillis() : t.lastSeenMillis();
        context.forward(new Record<>(visit.cameraId(), new VisitEvent(event), timestamp));
    }
}
