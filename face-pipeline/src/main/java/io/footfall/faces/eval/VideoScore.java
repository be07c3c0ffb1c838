package io.footfall.faces.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a user would have read from a played clip, scored against the clip's truth: visits (ENTERED events), distinct
 * people reported (enrolled identities plus anonymous visitor ids), whether that is the true number of people, wrong and
 * missing names, and visitor ids shared by two tracks seen at the same time (two people in one frame given one id).
 */
public final class VideoScore {

    /**
     * One visit as its ENTERED event reports it.
     *
     * @param subject the identity id of a known person, else the visitor id
     * @param name    the display name of a known person, else null
     */
    public record Visit(String trackId, boolean known, String subject, String name, long firstSeenMillis, long lastSeenMillis, int faces) {}

    /** What the pipeline saw of the clip; {@code cuts}: frames that started a new shot. */
    public record Counters(int frames, int faces, int embedded, Map<String, Integer> gated, int cuts) {
        public Counters {
            gated = new TreeMap<>(gated);
        }

        public Counters(int frames, int faces, int embedded, Map<String, Integer> gated) {
            this(frames, faces, embedded, gated, 0);
        }
    }

    /**
     * One clip's figures. {@code appearances}: the visits a perfect tracker reports, the appearances of every person who
     * must be counted plus one for each background person who was (as many as were reported beyond the people); visits
     * over appearances is the fragmentation figure, 1 when every presence is one visit.
     */
    public record Clip(String clip, int people, int maybe, int appearances, int visits, int reported, boolean countedExactly, int missed, int extra,
                       int wrongNames, int requiredNames, int requiredNamed, int sharedIds, List<String> reportedSubjects,
                       List<String> wrongNamesGiven, List<Visit> visitList, Counters counters, double videoSeconds, double seconds) {}

    /** All clips together. */
    public record Total(int clips, int people, int maybe, int appearances, int visits, int reported, int countedExactly, int missed, int extra, int wrongNames,
                        int requiredNames, int requiredNamed, int sharedIds, int frames, int faces, int embedded, Map<String, Integer> gated,
                        int cuts, double videoSeconds, double seconds) {}

    private VideoScore() {}

    public static Clip score(String clip, List<VideoTruth.Person> truth, List<Visit> visits, Counters counters, double videoSeconds,
                             double seconds) {
        int people = (int) truth.stream().filter(p -> !p.maybe()).count();
        int maybe = truth.size() - people;
        Set<String> subjects = new LinkedHashSet<>();
        Set<String> truthNames = new HashSet<>();
        truth.stream().map(VideoTruth.Person::name).filter(n -> !n.isEmpty()).forEach(truthNames::add);
        Set<String> namesGiven = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        for (Visit v : visits) {
            subjects.add(v.subject());
            if (v.known()) {
                namesGiven.add(v.name());
                if (!truthNames.contains(v.name())) {
                    wrong.add(v.name());
                }
            }
        }
        int reported = subjects.size();
        int missed = Math.max(0, people - reported);
        int extra = Math.max(0, reported - people - maybe);
        int requiredNames = 0, requiredNamed = 0;
        for (VideoTruth.Person p : truth) {
            if (p.required()) {
                requiredNames++;
                if (namesGiven.contains(p.name())) {
                    requiredNamed++;
                }
            }
        }
        int maybeCounted = Math.min(maybe, Math.max(0, reported - people));
        int appearances = truth.stream().filter(p -> !p.maybe()).mapToInt(VideoTruth.Person::appearances).sum() + maybeCounted;
        return new Clip(clip, people, maybe, appearances, visits.size(), reported, missed == 0 && extra == 0, missed, extra, wrong.size(), requiredNames,
                requiredNamed, sharedIds(visits), List.copyOf(subjects), List.copyOf(wrong), List.copyOf(visits), counters, videoSeconds,
                seconds);
    }

    /** Visits per true appearance (1 when every presence is one visit); NaN when nobody should have been seen. */
    public static double fragmentation(int visits, int appearances) {
        return appearances == 0 ? Double.NaN : (double) visits / appearances;
    }

    /** Subjects given to two visits whose time on camera overlaps: two people seen at once reported as one. */
    static int sharedIds(List<Visit> visits) {
        Map<String, List<Visit>> bySubject = new LinkedHashMap<>();
        visits.forEach(v -> bySubject.computeIfAbsent(v.subject(), s -> new ArrayList<>()).add(v));
        int shared = 0;
        for (List<Visit> same : bySubject.values()) {
            boolean overlap = false;
            for (int i = 0; i < same.size() && !overlap; i++) {
                for (int j = i + 1; j < same.size() && !overlap; j++) {
                    Visit a = same.get(i), b = same.get(j);
                    overlap = a.firstSeenMillis() <= b.lastSeenMillis() && b.firstSeenMillis() <= a.lastSeenMillis();
                }
            }
            if (overlap) {
                shared++;
            }
        }
        return shared;
    }

    public static Total total(List<Clip> clips) {
        Map<String, Integer> gated = new TreeMap<>();
        clips.forEach(c -> c.counters().gated().forEach((k, v) -> gated.merge(k, v, Integer::sum)));
        return new Total(clips.size(), clips.stream().mapToInt(Clip::people).sum(), clips.stream().mapToInt(Clip::maybe).sum(),
                clips.stream().mapToInt(Clip::appearances).sum(), clips.stream().mapToInt(Clip::visits).sum(), clips.stream().mapToInt(Clip::reported).sum(),
                (int) clips.stream().filter(Clip::countedExactly).count(), clips.stream().mapToInt(Clip::missed).sum(),
                clips.stream().mapToInt(Clip::extra).sum(), clips.stream().mapToInt(Clip::wrongNames).sum(),
                clips.stream().mapToInt(Clip::requiredNames).sum(), clips.stream().mapToInt(Clip::requiredNamed).sum(),
                clips.stream().mapToInt(Clip::sharedIds).sum(), clips.stream().mapToInt(c -> c.counters().frames()).sum(),
                clips.stream().mapToInt(c -> c.counters().faces()).sum(), clips.stream().mapToInt(c -> c.counters().embedded()).sum(), gated,
                clips.stream().mapToInt(c -> c.counters().cuts()).sum(),
                clips.stream().mapToDouble(Clip::videoSeconds).sum(), clips.stream().mapToDouble(Clip::seconds).sum());
    }
}
