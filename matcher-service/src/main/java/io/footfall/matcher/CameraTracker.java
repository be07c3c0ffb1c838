package io.footfall.matcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Links one camera's faces across frames into tracks (box overlap or small movement, plus
 * embedding similarity) and turns tracks into visits: one ENTERED when the track's identity is
 * decided, one LEFT when it has not been seen for the maximum gap. A person standing in front of a
 * camera for ten minutes is one visit.
 */
public final class CameraTracker {

    /** A face of a frame, as the tracker needs it; {@code vector} is null for a face that failed quality gates. */
    /** A face of a frame: its box, its embedding (null when it was not embedded), quality, and attributes (null: none). */
    public record Face(int index, Box box, float[] vector, float quality, VisitAttributes.Face attributes) {
        public Face(int index, Box box, float[] vector, float quality) {
            this(index, box, vector, quality, null);
        }
    }

    /** ENTERED or LEFT of a track. */
    public record Visit(boolean entered, String cameraId, Track track) {}

    /** How far (in face widths) a face as similar as the same person's may move between two frames and still be linked. */
    static final float FAST_MOVE_WIDTHS = 3f;

    private final String cameraId;
    private final TrackingRules rules;
    private final Map<String, Track> open = new LinkedHashMap<>();

    public CameraTracker(String cameraId, TrackingRules rules) {
        this.cameraId = cameraId;
        this.rules = rules;
    }

    /**
     * Links the faces of one frame and returns the visits that became ENTERED or LEFT.
     *
     * @param unobservedMillis how much of the time since the camera's previous frame no frame
     *     covered (see {@link FrameCadence}): it does not count as the open tracks' absence
     * @param sceneCut the frame starts a new shot (the detector saw a cut): every open track ends
     *     before its faces are linked, so that no face is carried across the cut
     */
    public List<Visit> observe(long capturedAtMillis, long unobservedMillis, boolean sceneCut, List<Face> faces, IdentityVote vote) {
        if (unobservedMillis > 0) {
            open.values().forEach(t -> t.unobservedMillis += unobservedMillis);
        }
        List<Visit> visits = new ArrayList<>(sceneCut ? endAll(vote) : expire(capturedAtMillis, vote));
        List<Face> ordered = new ArrayList<>(faces);
        ordered.sort(Comparator.comparingDouble((Face f) -> f.quality()).reversed());
        // every face against every open track at once (a global assignment, not first come first served), so that two
        // people passing each other keep their own tracks
        List<Track> candidates = new ArrayList<>(open.values());
        double[][] score = new double[ordered.size()][candidates.size()];
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = 0; j < candidates.size(); j++) {
                score[i][j] = linkScore(ordered.get(i), candidates.get(j));
            }
        }
        int[] assigned = Assignment.maximise(score);
        List<Track> taken = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Face face = ordered.get(i);
            Track track;
            if (assigned[i] >= 0) {
                track = candidates.get(assigned[i]);
            } else {
                // named by capture time, not frame sequence: a restarted ingest numbers frames from 0 again, and a reused
                // track id would repeat event ids (which subscribers deduplicate on) and visitor ids
                track = new Track(cameraId + "-" + capturedAtMillis + "-" + face.index(), capturedAtMillis, face.box());
                open.put(track.id(), track);
            }
            taken.add(track);
            track.add(capturedAtMillis, face.box(), face.vector(), face.quality(), rules.maxEvidence());
            if (face.attributes() != null) {
                track.attributes = track.attributes.add(face.attributes());
            }
        }
        for (Track track : taken) {
            if (track.decision == null) {
                vote.decide(track, false, concurrentVisitors(track, List.of())).ifPresent(d -> {
                    track.decision = d;
                    visits.add(new Visit(true, cameraId, track));
                });
            }
        }
        return visits;
    }

    /** How well {@code face} continues track {@code t} (box overlap plus embedding similarity), or NaN when it cannot. */
    private double linkScore(Face face, Track t) {
        float iou = face.box().iou(t.lastBox);
        float shift = face.box().centreShift(t.lastBox);
        boolean near = iou >= rules.minIou() || shift <= rules.maxCentreShift();
        // a track restored from before an embedder switch holds another model's vectors: it continues by its box only
        boolean bothEmbedded = face.vector() != null && t.lastVector != null && face.vector().length == t.lastVector.length;
        float similarity = bothEmbedded ? Vectors.dot(face.vector(), t.lastVector) : 0;
        // someone walking fast moves further between sampled frames than the overlap rules allow: a face as similar
        // as the same person's, within a few face widths, still continues the track
        boolean sameFaceFurther = bothEmbedded && shift <= FAST_MOVE_WIDTHS && similarity >= rules.minRelinkSimilarity();
        if (!near && !sameFaceFurther) {
            return Double.NaN;
        }
        // after an outage nobody saw the person stay: only a face as similar as the same person continues the track
        boolean afterOutage = t.unobservedMillis > 0;
        if (bothEmbedded) {
            if (similarity < (afterOutage ? rules.minRelinkSimilarity() : rules.minLinkSimilarity())) {
                return Double.NaN; // another person stepped into the same place
            }
        } else if (afterOutage) {
            return Double.NaN;
        }
        return iou + similarity;
    }

    /**
     * Ends the tracks not seen for the maximum gap before {@code nowMillis}, not counting time the
     * camera sent no frames (see {@link FrameCadence}): a track never decided
     * but with usable faces is decided now (ENTERED), then every ended, decided track is LEFT.
     */
    public List<Visit> expire(long nowMillis, IdentityVote vote) {
        return end(t -> nowMillis - t.lastSeenMillis - t.unobservedMillis > rules.maxGap().toMillis(), vote);
    }

    /** Ends every open track, as {@link #expire} ends the silent ones (at a shot cut). */
    public List<Visit> endAll(IdentityVote vote) {
        return end(t -> true, vote);
    }

    private List<Visit> end(Predicate<Track> ending, IdentityVote vote) {
        List<Visit> visits = new ArrayList<>();
        List<Track> ended = new ArrayList<>();
        for (Iterator<Track> it = open.values().iterator(); it.hasNext(); ) {
            Track t = it.next();
            if (!ending.test(t)) {
                continue;
            }
            it.remove();
            ended.add(t);
            if (t.decision == null) {
                vote.decide(t, true, concurrentVisitors(t, ended)).ifPresent(d -> {
                    t.decision = d;
                    visits.add(new Visit(true, cameraId, t));
                });
            }
            if (t.decision != null) {
                visits.add(new Visit(false, cameraId, t));
            }
        }
        return visits;
    }

    /**
     * The anonymous visitors of the other tracks of this camera whose time on camera overlaps {@code track}'s: two
     * people seen at once are never one visitor.
     */
    private List<String> concurrentVisitors(Track track, List<Track> alsoEnded) {
        List<String> out = new ArrayList<>();
        for (Iterable<Track> tracks : List.<Iterable<Track>>of(open.values(), alsoEnded)) {
            for (Track other : tracks) {
                if (other != track && other.decision != null && other.decision.visitorId() != null
                        && other.firstSeenMillis <= track.lastSeenMillis && track.firstSeenMillis <= other.lastSeenMillis) {
                    out.add(other.decision.visitorId());
                }
            }
        }
        return out;
    }

    public int openTracks() {
        return open.size();
    }

    /** The open tracks, to store. */
    public TrackerState snapshot() {
        return new TrackerState(open.values().stream().map(t -> new TrackerState.TrackState(t.id, t.firstSeenMillis, t.lastSeenMillis,
                t.unobservedMillis, t.lastBox, t.lastVector, t.faceCount, List.copyOf(t.evidence), t.decision, t.attributes)).toList());
    }

    /** A tracker continuing from stored state. */
    public static CameraTracker restore(String cameraId, TrackingRules rules, TrackerState state) {
        CameraTracker tracker = new CameraTracker(cameraId, rules);
        for (TrackerState.TrackState s : state.tracks()) {
            Track t = new Track(s.id(), s.firstSeenMillis(), s.lastBox());
            t.lastSeenMillis = s.lastSeenMillis();
            t.unobservedMillis = s.unobservedMillis();
            t.lastVector = s.lastVector();
            t.faceCount = s.faceCount();
            t.evidence.addAll(s.evidence());
            t.decision = s.decision();
            t.attributes = s.attributes() == null ? VisitAttributes.none() : s.attributes();
            tracker.open.put(t.id, t);
        }
        return tracker;
    }
}
