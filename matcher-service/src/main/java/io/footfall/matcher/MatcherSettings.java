package io.footfall.matcher;

import io.footfall.models.BuiltInModel;
import io.footfall.runtime.config.Setting;
import java.time.Duration;
import java.util.List;

/** Settings of the matcher. */
public final class MatcherSettings {

    private MatcherSettings() {}

    public static final Setting<String> MODEL_ID = Setting.string("matcher.model-id", "dlib-resnet29-128",
            "Embedding model whose vectors this matcher compares; identities and embeddings of other models are ignored "
                    + "(left at its default, the model embedder.model names)");

    public static final Setting<Integer> DIMENSION = Setting.integer("matcher.dimension", 128, 2, 4096,
            "Dimension of the model's embeddings; an embedding of another dimension is dead-lettered (left at its default, that of the model "
                    + "embedder.model names)");

    // The defaults are the bundled model's calibrated thresholds (BuiltInModel, docs/ACCURACY.md); another model needs its own.
    public static final Setting<Double> KNOWN_THRESHOLD = Setting.decimal("matcher.known-threshold", BuiltInModel.KNOWN_THRESHOLD, -1, 1,
            "Cosine similarity at or above which a face counts as a vote for an enrolled person, and at which a face continues a "
                    + "track across an outage of its camera; the default is the bundled model's, "
                    + "calibrated on LFW View 1 at a false-accept rate of 1e-3 (docs/ACCURACY.md); left at its default with another "
                    + "embedder.model, that model's calibrated value");

    public static final Setting<Double> UNKNOWN_THRESHOLD = Setting.decimal("matcher.unknown-threshold", BuiltInModel.UNKNOWN_THRESHOLD, -1, 1,
            "Cosine similarity below which a face counts as a vote for 'unknown'; between the two thresholds a face does not vote "
                    + "(default: the bundled model's, at a false-accept rate of 1e-2 on LFW View 1, or that of the model embedder.model names); "
                    + "at most matcher.known-threshold")
            .requires(KNOWN_THRESHOLD, (unknown, known) -> unknown <= known,
                    "the unknown threshold must not exceed the known one; lower matcher.unknown-threshold or raise matcher.known-threshold");

    public static final Setting<Integer> VOTES = Setting.integer("matcher.votes", 3, 1, 100,
            "Agreeing faces a track needs before its identity is decided");

    public static final Setting<Duration> TRACK_GAP = Setting.duration("matcher.track-gap", Duration.ofSeconds(3), Duration.ofMillis(100),
            "A track not seen for this long has left (capture time covered by frames: an outage with no frames does not count; wall clock for silent cameras)");

    public static final Setting<Duration> SILENCE_TIMEOUT = Setting.duration("matcher.silence-timeout", Duration.ofSeconds(60), Duration.ZERO,
            "A camera whose records stop arriving for this long (wall clock) has its open tracks closed (0 means the track gap; "
                    + "otherwise at least matcher.track-gap). "
                    + "Above a service's restart time, so an outage upstream of the matcher does not split visits in progress; "
                    + "a camera that really goes dark gets its LEFT events this much later, with exact times")
            .requires(TRACK_GAP, (silence, gap) -> silence.isZero() || silence.compareTo(gap) >= 0,
                    "a camera cannot be silent for less than the track gap; set matcher.silence-timeout to 0 (the track gap) "
                            + "or at least matcher.track-gap, or shorten matcher.track-gap");

    public static final Setting<Double> VISITOR_THRESHOLD = Setting.decimal("matcher.visitor-threshold", BuiltInModel.VISITOR_THRESHOLD, -1, 1,
            "Mean cosine similarity of an unknown track's faces to an anonymous visitor's exemplars at which the track joins that "
                    + "visitor (default: the bundled model's, calibrated with 'footfall eval cluster' on LFW View 1 for B-cubed precision "
                    + "0.98, docs/ACCURACY.md; or that of the model embedder.model names)");

    public static final Setting<Duration> VISITOR_RETENTION = Setting.duration("matcher.visitor-retention", Duration.ofDays(1),
            Duration.ofMinutes(1), "How long an anonymous visitor is remembered after last being seen");

    public static final Setting<Duration> COUNT_WINDOW = Setting.duration("matcher.count-window", Duration.ofHours(1), Duration.ofMinutes(1),
            "Window of the footfall-counts topic");

    public static final Setting<Integer> APPROXIMATE_ABOVE = Setting.integer("matcher.approximate-above", 50_000, 0, Integer.MAX_VALUE,
            "Gallery templates above which matching uses the approximate (HNSW) index instead of the exact scan");

    public static final Setting<Integer> APPROXIMATE_CANDIDATES = Setting.integer("matcher.approximate-candidates", 64, 1, 10_000,
            "Neighbours the HNSW index visits per face: more finds the best match more often and takes longer (recall and latency by "
                    + "value in docs/BENCHMARKS.md)");

    public static final Setting<String> API_TOKEN = Setting.token("matcher.api-token",
            "Bearer token of the identity API for everything: enrol, add photos, delete, verify, and read people and live events; "
                    + "at least " + Setting.MIN_TOKEN_LENGTH + " characters, no placeholder; empty disables writes and verification");

    public static final Setting<String> API_READ_TOKEN = Setting.token("matcher.api-read-token",
            "Read-only bearer token: lists the people enrolled (GET /api/identities) and streams live events (/api/events) on the web "
                    + "page, nothing else; empty: only matcher.api-token reads (with neither, nobody can)");

    public static final Setting<Integer> MAX_UPLOAD_BYTES = Setting.integer("matcher.max-upload-bytes", 20 * 1_048_576, 1024, 512 * 1_048_576,
            "Largest request body the identity API accepts (all photos of one enrolment or verification together); larger uploads get HTTP 413");

    public static final Setting<AgeBands> AGE_BANDS = Setting.parsed("matcher.age-bands", "age bands", AgeBands.parse(AgeBands.DEFAULT),
            AgeBands::parse, AgeBands::toString, "Age bands of the footfall counts and of each event's ageBand: whole years FROM-TO, "
                    + "starting at 0, without gaps, the last open-ended (FROM+)");

    public static List<Setting<?>> all() {
        return List.of(MODEL_ID, DIMENSION, APPROXIMATE_ABOVE, APPROXIMATE_CANDIDATES, API_TOKEN, API_READ_TOKEN, MAX_UPLOAD_BYTES, KNOWN_THRESHOLD, UNKNOWN_THRESHOLD, VOTES, TRACK_GAP, SILENCE_TIMEOUT, VISITOR_THRESHOLD,
                VISITOR_RETENTION, COUNT_WINDOW, AGE_BANDS);
    }
}
