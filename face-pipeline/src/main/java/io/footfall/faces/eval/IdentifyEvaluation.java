package io.footfall.faces.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.faces.PhotoResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Identification, leave-one-out, as the matcher decides: every enrolled photo is a template and a face is compared with
 * every template (the best similarity per person counts).
 *
 * <ul>
 *   <li><b>Closed set, rank 1</b>: each photo whose person has another photo is taken out of the gallery and searched;
 *       right when the most similar template belongs to the same person.</li>
 *   <li><b>Open set</b>: each photo is also searched with its whole person left out of the gallery (a stranger); at a
 *       threshold it is rejected as unknown when its best similarity is below it (the unknown-rejection rate), else it
 *       is a false accept. The photos of the closed-set search at the same threshold give the false rejects (best
 *       similarity below the threshold) and the misidentifications (above it, but someone else).</li>
 * </ul>
 */
public final class IdentifyEvaluation {

    /** One person's embedded photos (only faces that were found). */
    public record Person(String name, List<String> photos, List<float[]> vectors) {}

    /** The people whose photos were read, with only the faces found, and the photos without one. */
    public record Gallery(List<Person> people, List<VerifyEvaluation.NotFound> notFound) {}

    /** A closed-set miss: the probe, its person, who it was taken for, and the similarities. */
    public record Miss(String photo, String person, String takenFor, double similarity, double ownBest) {}

    /** Open-set outcome at one threshold. */
    public record At(String name, double threshold, int knownProbes, int knownAccepted, int falseRejects, int misidentified,
                     int unknownProbes, int unknownRejected) {
        public double unknownRejectionRate() {
            return unknownProbes == 0 ? Double.NaN : (double) unknownRejected / unknownProbes;
        }

        public double falseAcceptRate() {
            return unknownProbes == 0 ? Double.NaN : 1 - unknownRejectionRate();
        }

        public double falseRejectRate() {
            return knownProbes == 0 ? Double.NaN : (double) falseRejects / knownProbes;
        }

        public double misidentificationRate() {
            return knownProbes == 0 ? Double.NaN : (double) misidentified / knownProbes;
        }

        /** Known probes accepted as the right person. */
        public double identificationRate() {
            return knownProbes == 0 ? Double.NaN : (double) knownAccepted / knownProbes;
        }
    }

    public record Report(String source, String modelId, int identities, int photos, int photosWithFace, List<VerifyEvaluation.NotFound> notFound,
                         int closedProbes, int rank1Correct, List<Miss> misses, int singlePhotoIdentities, List<At> atThresholds,
                         double seconds) {
        public double rank1() {
            return closedProbes == 0 ? Double.NaN : (double) rank1Correct / closedProbes;
        }
    }

    private IdentifyEvaluation() {}

    /** Each identity's photos whose face was found, named by {@code names}; the rest are listed as not found. */
    public static Gallery gallery(List<LabelledFolder.Identity> identities, PhotoEmbeddings.Results results, Function<Path, String> names) {
        List<Person> people = new ArrayList<>();
        List<VerifyEvaluation.NotFound> notFound = new ArrayList<>();
        for (LabelledFolder.Identity identity : identities) {
            List<String> shown = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            for (Path photo : identity.photos()) {
                PhotoResult r = results.byPhoto().get(photo);
                if (r instanceof PhotoResult.Accepted a) {
                    shown.add(names.apply(photo));
                    vectors.add(a.vector());
                } else if (r instanceof PhotoResult.Rejected rejected) {
                    notFound.add(new VerifyEvaluation.NotFound(names.apply(photo), rejected.reason().name(), rejected.message()));
                }
            }
            people.add(new Person(identity.name(), shown, vectors));
        }
        return new Gallery(people, notFound);
    }

    /** @param thresholds named thresholds for the open-set figures, e.g. the matcher's known and unknown thresholds */
    public static Report evaluate(String source, String modelId, List<Person> people, int photos, List<VerifyEvaluation.NotFound> notFound,
                                  Map<String, Double> thresholds, double seconds) {
        // per probe: best similarity to its own person (other photos), best other person and similarity
        List<double[]> known = new ArrayList<>(); // {ownBest, bestOther}
        List<Double> strangers = new ArrayList<>();
        List<Miss> misses = new ArrayList<>();
        int closed = 0, correct = 0, single = 0;
        for (int p = 0; p < people.size(); p++) {
            Person person = people.get(p);
            if (person.vectors().size() < 2) {
                single++;
            }
            for (int i = 0; i < person.vectors().size(); i++) {
                float[] probe = person.vectors().get(i);
                double bestOther = Double.NEGATIVE_INFINITY;
                String bestOtherName = null;
                for (int q = 0; q < people.size(); q++) {
                    if (q == p) {
                        continue;
                    }
                    for (float[] t : people.get(q).vectors()) {
                        double s = VerifyEvaluation.dot(probe, t);
                        if (s > bestOther) {
                            bestOther = s;
                            bestOtherName = people.get(q).name();
                        }
                    }
                }
                if (bestOtherName != null) {
                    strangers.add(bestOther);
                }
                if (person.vectors().size() < 2) {
                    continue;
                }
                double own = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < person.vectors().size(); j++) {
                    if (j != i) {
                        own = Math.max(own, VerifyEvaluation.dot(probe, person.vectors().get(j)));
                    }
                }
                closed++;
                if (own >= bestOther) {
                    correct++;
                } else {
                    misses.add(new Miss(person.photos().get(i), person.name(), bestOtherName, bestOther, own));
                }
                known.add(new double[] {own, bestOther});
            }
        }
        List<At> at = new ArrayList<>();
        int totalClosed = closed;
        thresholds.forEach((name, t) -> {
            int accepted = 0, rejected = 0, wrong = 0;
            for (double[] k : known) {
                double best = Math.max(k[0], k[1]);
                if (best < t) {
                    rejected++;
                } else if (k[0] >= k[1]) {
                    accepted++;
                } else {
                    wrong++;
                }
            }
            int unknownRejected = (int) strangers.stream().filter(s -> s < t).count();
            at.add(new At(name, t, totalClosed, accepted, rejected, wrong, strangers.size(), unknownRejected));
        });
        int withFace = people.stream().mapToInt(x -> x.vectors().size()).sum();
        return new Report(source, modelId, people.size(), photos, withFace, notFound, closed, correct, misses, single, at, seconds);
    }

    public static String table(Report r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Identification (leave-one-out) of %s with model %s%n", r.source(), r.modelId()));
        b.append(String.format(Locale.ROOT, "  identities       %d (%d with a single usable photo: only strangers and gallery)%n", r.identities(),
                r.singlePhotoIdentities()));
        b.append(String.format(Locale.ROOT, "  photos           %d, face found in %d, not found in %d (%.2f s per photo)%n", r.photos(),
                r.photosWithFace(), r.photos() - r.photosWithFace(), r.photos() == 0 ? 0 : r.seconds() / r.photos()));
        b.append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "  closed-set rank-1   %.2f %% (%d of %d probes)%n", 100 * r.rank1(), r.rank1Correct(), r.closedProbes()));
        if (!r.atThresholds().isEmpty()) {
            b.append(System.lineSeparator());
            b.append(String.format(Locale.ROOT, "  %-22s %-26s %-22s %-22s %s%n", "open set at", "unknown rejected", "false accepts",
                    "false rejects", "misidentified"));
            for (At a : r.atThresholds()) {
                b.append(String.format(Locale.ROOT, "  %-22s %-26s %-22s %-22s %s%n", a.name() + " " + String.format(Locale.ROOT, "%.3f", a.threshold()),
                        pct(a.unknownRejectionRate(), a.unknownRejected(), a.unknownProbes()),
                        pct(a.falseAcceptRate(), a.unknownProbes() - a.unknownRejected(), a.unknownProbes()),
                        pct(a.falseRejectRate(), a.falseRejects(), a.knownProbes()),
                        pct(a.misidentificationRate(), a.misidentified(), a.knownProbes())).stripTrailing()).append(System.lineSeparator());
            }
        }
        if (!r.misses().isEmpty()) {
            b.append(System.lineSeparator()).append("Rank-1 misses (").append(r.misses().size()).append("):").append(System.lineSeparator());
            for (Miss m : r.misses().subList(0, Math.min(10, r.misses().size()))) {
                b.append(String.format(Locale.ROOT, "  %s taken for %s (%.3f; own best %.3f)%n", m.photo(), m.takenFor(), m.similarity(), m.ownBest()));
            }
        }
        if (!r.notFound().isEmpty()) {
            b.append(System.lineSeparator()).append("Faces not found (").append(r.notFound().size()).append("):").append(System.lineSeparator());
            for (VerifyEvaluation.NotFound n : r.notFound()) {
                b.append(String.format(Locale.ROOT, "  %s  %s: %s%n", n.photo(), n.reason(), n.message()));
            }
        }
        return b.toString();
    }

    private static String pct(double rate, int count, int of) {
        return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.2f %% (%d of %d)", 100 * rate, count, of);
    }

    public static ObjectNode json(Report r, ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("source", r.source()).put("model", r.modelId()).put("identities", r.identities())
                .put("single_photo_identities", r.singlePhotoIdentities());
        o.putObject("photos").put("total", r.photos()).put("face_found", r.photosWithFace()).put("face_not_found", r.notFound().size())
                .put("seconds", VerifyEvaluation.round(r.seconds(), 3));
        o.putObject("closed_set").put("probes", r.closedProbes()).put("rank1_correct", r.rank1Correct())
                .put("rank1", VerifyEvaluation.round(r.rank1(), 6));
        ArrayNode at = o.putArray("open_set");
        for (At a : r.atThresholds()) {
            at.addObject().put("name", a.name()).put("threshold", a.threshold())
                    .put("unknown_probes", a.unknownProbes()).put("unknown_rejected", a.unknownRejected())
                    .put("unknown_rejection_rate", VerifyEvaluation.round(a.unknownRejectionRate(), 6))
                    .put("false_accept_rate", VerifyEvaluation.round(a.falseAcceptRate(), 6))
                    .put("known_probes", a.knownProbes()).put("known_accepted", a.knownAccepted())
                    .put("false_rejects", a.falseRejects()).put("false_reject_rate", VerifyEvaluation.round(a.falseRejectRate(), 6))
                    .put("misidentified", a.misidentified()).put("misidentification_rate", VerifyEvaluation.round(a.misidentificationRate(), 6));
        }
        ArrayNode misses = o.putArray("rank1_misses");
        for (Miss m : r.misses()) {
            misses.addObject().put("photo", m.photo()).put("person", m.person()).put("taken_for", m.takenFor())
                    .put("similarity", VerifyEvaluation.round(m.similarity(), 6)).put("own_best", VerifyEvaluation.round(m.ownBest(), 6));
        }
        ArrayNode nf = o.putArray("faces_not_found");
        for (VerifyEvaluation.NotFound n : r.notFound()) {
            nf.addObject().put("photo", n.photo()).put("reason", n.reason()).put("message", n.message());
        }
        return o;
    }
}
