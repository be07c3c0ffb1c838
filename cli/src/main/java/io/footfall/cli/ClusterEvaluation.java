package io.footfall.cli;

import io.footfall.faces.eval.BCubed;
import io.footfall.matcher.VisitorRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The matcher's anonymous-visitor clustering run over labelled photos: the photos of each person are grouped into tracks
 * of {@code photosPerTrack} (1: every photo is a track of its own, the hardest case; a real track holds several frames),
 * the tracks are fed in a fixed shuffled order to {@link VisitorRegistry}, as the matcher feeds its unknown tracks, and
 * the visitor ids are scored with B-cubed precision and recall over the photos.
 */
final class ClusterEvaluation {

    /** One person's embedded photos. */
    record Person(String name, List<float[]> vectors) {}

    private ClusterEvaluation() {}

    static BCubed.Score run(List<Person> people, float threshold, int photosPerTrack, long seed) {
        Random random = new Random(seed);
        record Track(String person, List<float[]> faces) {}
        List<Track> tracks = new ArrayList<>();
        for (Person p : people) {
            List<float[]> photos = new ArrayList<>(p.vectors());
            Collections.shuffle(photos, random);
            for (int i = 0; i < photos.size(); i += photosPerTrack) {
                tracks.add(new Track(p.name(), List.copyOf(photos.subList(i, Math.min(photos.size(), i + photosPerTrack)))));
            }
        }
        Collections.shuffle(tracks, random);
        VisitorRegistry visitors = new VisitorRegistry(threshold, Duration.ofDays(3650));
        List<String> truth = new ArrayList<>(), assigned = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            String id = visitors.assign("t" + i, t.faces(), i, Set.of());
            for (int k = 0; k < t.faces().size(); k++) {
                truth.add(t.person());
                assigned.add(id);
            }
        }
        return BCubed.score(truth, assigned);
    }
}
