package io.footfall.matcher;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides who a track is from its best faces, not from one frame: known when at least {@code votes}
 * faces name the same person above the known threshold and they are the majority of decided faces;
 * unknown when at least {@code votes} faces are below the unknown threshold and nobody has a
 * majority. A track that ends before either is forced: the majority of what it has, else unknown.
 */
public final class IdentityVote {

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

    public Optional<Track.Decision> decide(Track track, boolean force) {
        if (track.evidence().isEmpty()) {
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
        if (leader != null && majority && (leaderVotes >= votes || force)) {
            return Optional.of(new Track.Decision(true, leader, names.get(leader), null, similaritySum.get(leader) / leaderVotes));
        }
        if (unknown >= votes || force) {
            String visitor = visitors.assign(track.id(), track.centroid(), track.lastSeenMillis());
            return Optional.of(new Track.Decision(false, null, null, visitor, Float.NaN));
        }
        return Optional.empty();
    }
}
