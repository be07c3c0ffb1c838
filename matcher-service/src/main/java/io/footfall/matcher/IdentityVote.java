package io.footfall.matcher;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides who a track is from its best faces, not from one frame: known when at least {@code votes}
 * faces name the same person above the known threshold and they are the majority of decided faces;
 * unknown when at least {@code votes} faces are below the unknown threshold and nobody has a
 * majority. A track that ends before either is forced: the majority of what it has if at least
 * {@link #MIN_FORCED_VOTES} faces agree, else unknown.
 * A track none of whose faces could be embedded (too small, blurred, turned away) is still a visit
 * of an unknown person when it ends, if it was seen in at least {@link #MIN_UNRECOGNISABLE_FACES}
 * frames: footfall counts people, not good photos. Its visitor id is its own, since there is no face
 * to compare.
 */
public final class IdentityVote {

    /** Frames a track without a recognisable face needs to count as a visit. */
    public static final int MIN_UNRECOGNISABLE_FACES = 2;

    /** Agreeing faces a track that ends needs to be named (fewer than {@code votes} when the track was short). */
    public static final int MIN_FORCED_VOTES = 2;

    private final Gallery gallery;
    private final Thresholds thresholds;
    private final VisitorRegistry visitors;
    private final int votes;

    public IdentityVote(Gallery gallery, Thresholds thresholds, VisitorRegistry visitors, int votes) {
        this.gallery = gallery;
        this.thresholds = thresholds;
        this.visitors = visitors;
        this.votes = votes;
    }

    /**
     * @param excludedVisitors anonymous visitors the track cannot be (those of tracks seen at the same time on the same
     *     camera)
     */
    public Optional<Track.Decision> decide(Track track, boolean force, Collection<String> excludedVisitors) {
        if (track.evidence().isEmpty()) {
            // no face good enough to recognise: still a person who came, if seen in enough frames not to be a stray detection
            if (force && track.faceCount() >= MIN_UNRECOGNISABLE_FACES) {
                return Optional.of(new Track.Decision(false, null, null, "v-" + track.id(), Float.NaN));
            }
            return Optional.empty();
        }
        Map<String, Integer> known = new HashMap<>();
        Map<String, Float> similaritySum = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        int unknown = 0;
        for (Track.Evidence e : track.evidence()) {
            Optional<Gallery.Candidate> candidate = gallery.best(e.vector());
            float similarity = candidate.map(Gallery.Candidate::similarity).orElse(-1f);
            switch (thresholds.decide(similarity)) {
                case KNOWN -> {
                    Gallery.Candidate c = candidate.orElseThrow();
                    known.merge(c.identityId(), 1, Integer::sum);
                    similaritySum.merge(c.identityId(), c.similarity(), Float::sum);
                    names.put(c.identityId(), c.displayName());
                }
                case UNKNOWN -> unknown++;
                case UNDECIDED -> { }
            }
        }
        String leader = known.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        int leaderVotes = leader == null ? 0 : known.get(leader);
        int decided = unknown + known.values().stream().mapToInt(Integer::intValue).sum();
        boolean majority = leaderVotes * 2 > decided;
        // a track that ends is named on fewer votes than usual, but never on one face alone: one stray match is how a
        // passer-by gets someone's name
        if (leader != null && majority && (leaderVotes >= votes || (force && leaderVotes >= Math.min(votes, MIN_FORCED_VOTES)))) {
            return Optional.of(new Track.Decision(true, leader, names.get(leader), null, similaritySum.get(leader) / leaderVotes));
        }
        if (unknown >= votes || force) {
            List<float[]> faces = track.evidence().stream().map(Track.Evidence::vector).toList();
            String visitor = visitors.assign(track.id(), faces, track.lastSeenMillis(), excludedVisitors);
            return Optional.of(new Track.Decision(false, null, null, visitor, Float.NaN));
        }
        return Optional.empty();
    }
}
