package io.footfall.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.faces.eval.BCubed;
import io.footfall.faces.eval.LabelledFolder;
import io.footfall.faces.eval.PhotoEmbeddings;
import io.footfall.matcher.VisitorRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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

    /** The people with a face found, and the number of photos without one. */
    record Photos(List<Person> people, int noFace) {}

    /** The scores at one threshold. */
    record Point(double threshold, BCubed.Score score) {}

    /** A clustering run over labelled photos: at the threshold asked for ({@code main}) and along a sweep. */
    record Report(String source, String modelId, int photos, int noFace, int trackPhotos, long seed, Point main, List<Point> sweep) {}

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

    /** Each identity's embedded photos (identities without a face left out), and how many photos had no face. */
    static Photos photos(List<LabelledFolder.Identity> identities, PhotoEmbeddings.Results results) {
        List<Person> people = new ArrayList<>();
        int noFace = 0;
        for (LabelledFolder.Identity identity : identities) {
            List<float[]> vectors = new ArrayList<>();
            for (Path photo : identity.photos()) {
                float[] v = results.vector(photo);
                if (v == null) {
                    noFace++;
                } else {
                    vectors.add(v);
                }
            }
            if (!vectors.isEmpty()) {
                people.add(new Person(identity.name(), vectors));
            }
        }
        return new Photos(people, noFace);
    }

    /** The clustering at {@code threshold} and at every threshold of {@code sweep}. */
    static Report evaluate(String source, String modelId, int photos, Photos embedded, double threshold, List<Double> sweep, int photosPerTrack,
                           long seed) {
        BCubed.Score main = run(embedded.people(), (float) threshold, photosPerTrack, seed);
        List<Point> curve = new ArrayList<>();
        for (double t : sweep) {
            curve.add(new Point(t, run(embedded.people(), (float) t, photosPerTrack, seed)));
        }
        return new Report(source, modelId, photos, embedded.noFace(), photosPerTrack, seed, new Point(threshold, main), curve);
    }

    /** The report as a table; {@code configured} marks the main threshold as {@code matcher.visitor-threshold}. */
    static String table(Report r, boolean configured) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "Visitor clustering of %s (%s): %d photos, %d without a usable face; %d photo(s) per track%n",
                r.source(), r.modelId(), r.photos(), r.noFace(), r.trackPhotos()));
        table.append(String.format(Locale.ROOT, "  %-9s %-9s %-9s %-6s %-9s %-10s %-8s %s%n", "threshold", "precision", "recall", "F1",
                "visitors", "identities", "largest", "mixed"));
        table.append(row(r.main())).append(configured ? "  (matcher.visitor-threshold)" : "").append(System.lineSeparator());
        for (Point p : r.sweep()) {
            table.append(row(p)).append(System.lineSeparator());
        }
        return table.toString();
    }

    static ObjectNode json(Report r, ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("source", r.source());
        json.put("model", r.modelId());
        json.put("photos", r.photos());
        json.put("photos_without_face", r.noFace());
        json.put("track_photos", r.trackPhotos());
        json.put("seed", r.seed());
        json.put("threshold", r.main().threshold());
        putScore(json, r.main().score());
        ArrayNode curve = json.putArray("sweep");
        for (Point p : r.sweep()) {
            putScore(curve.addObject().put("threshold", p.threshold()), p.score());
        }
        return json;
    }

    /**
     * The thresholds of {@code FROM:TO:STEP}, both ends included, rounded to 6 decimals.
     *
     * @throws IllegalArgumentException unless FROM &lt;= TO, STEP &gt; 0 and there are at most 1000 values
     */
    static List<Double> sweep(String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            double from = Double.parseDouble(parts[0]), to = Double.parseDouble(parts[1]), step = Double.parseDouble(parts[2]);
            if (!(step > 0) || to < from || (to - from) / step > 1000) {
                throw new NumberFormatException();
            }
            List<Double> out = new ArrayList<>();
            for (int i = 0; from + i * step <= to + step * 1e-6; i++) {
                out.add(Math.round((from + i * step) * 1e6) / 1e6);
            }
            return out;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sweep takes FROM:TO:STEP with FROM <= TO and a positive STEP "
                    + "(at most 1000 values), e.g. 0.90:0.97:0.01; got '" + text + "'");
        }
    }

    private static void putScore(ObjectNode json, BCubed.Score s) {
        json.put("bcubed_precision", s.precision());
        json.put("bcubed_recall", s.recall());
        json.put("bcubed_f1", s.f1());
        json.put("clusters", s.clusters());
        json.put("identities", s.identities());
        json.put("largest_cluster", s.largest());
        json.put("mixed_clusters", s.mixed());
    }

    private static String row(Point p) {
        BCubed.Score s = p.score();
        return String.format(Locale.ROOT, "  %-9.3f %-9.4f %-9.4f %-6.3f %-9d %-10d %-8d %d", p.threshold(), s.precision(), s.recall(), s.f1(),
                s.clusters(), s.identities(), s.largest(), s.mixed());
    }
}
