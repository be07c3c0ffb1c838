package io.footfall.faces.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.faces.PhotoResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Verification accuracy over labelled pairs of photos: each photo's largest face is embedded once, each pair scored by
 * cosine similarity, pairs with a photo whose face was not found are skipped (and listed), and the rest measured with
 * {@link VerificationMetrics}: ROC AUC, 10-fold cross-validated accuracy (LFW protocol), TAR at FAR 1e-2 and 1e-3, EER,
 * and the false accept / false reject rates at the thresholds in use.
 */
public final class VerifyEvaluation {

    /** A photo whose face was not found, with the pipeline's reason. */
    public record NotFound(String photo, String reason, String message) {}

    /** A pair left out because a photo gave no face. */
    public record Skipped(PhotoPair pair, String a, String b, List<String> without) {}

    /** Error rates at one threshold, with the counts behind them. */
    public record At(String name, double threshold, double far, int falseAccepts, int impostors, double frr, int falseRejects,
                     int genuine) {}

    /** min, mean and max of a list of similarities. */
    public record Summary(int count, double min, double mean, double max) {
        static Summary of(double[] sorted) {
            double sum = 0;
            for (double s : sorted) {
                sum += s;
            }
            return sorted.length == 0 ? new Summary(0, Double.NaN, Double.NaN, Double.NaN)
                    : new Summary(sorted.length, sorted[0], sum / sorted.length, sorted[sorted.length - 1]);
        }
    }

    /** The figures of one run; {@code metrics}-derived fields are null when too few pairs were left to measure. */
    public record Report(String source, String modelId, int pairs, int genuinePairs, int impostorPairs, int photos, int photosWithFace,
                         List<NotFound> notFound, List<Skipped> skipped, int usedPairs, int usedGenuine, int usedImpostor,
                         Double auc, VerificationMetrics.Accuracy accuracy, VerificationMetrics.TarAtFar tarAtFar2,
                         VerificationMetrics.TarAtFar tarAtFar3, VerificationMetrics.Eer eer, Summary genuineScores,
                         Summary impostorScores, List<At> atThresholds, double seconds, String problem,
                         VerificationMetrics.Accuracy accuracyEveryPair, boolean foldsGiven) {

        public boolean measured() {
            return problem == null;
        }
    }

    private VerifyEvaluation() {}

    /**
     * @param source     what the pairs are (a pairs file, or the folders all pairs were made from)
     * @param names      how to show a photo (its path relative to the images folder)
     * @param thresholds named thresholds to report error rates at (e.g. the matcher's known and unknown thresholds)
     */
    public static Report evaluate(String source, String modelId, List<PhotoPair> pairs, PhotoEmbeddings.Results results,
                                  Function<Path, String> names, Map<String, Double> thresholds) {
        List<NotFound> notFound = new ArrayList<>();
        results.byPhoto().forEach((photo, r) -> {
            if (r instanceof PhotoResult.Rejected rejected) {
                notFound.add(new NotFound(names.apply(photo), rejected.reason().name(), rejected.message()));
            }
        });
        notFound.sort(java.util.Comparator.comparing(NotFound::photo));
        List<Skipped> skipped = new ArrayList<>();
        List<VerificationMetrics.Pair> scored = new ArrayList<>();
        List<VerificationMetrics.Pair> every = new ArrayList<>();
        boolean foldsGiven = !pairs.isEmpty() && pairs.stream().allMatch(p -> p.fold() != null);
        int[] foldOfEvery = VerificationMetrics.consecutiveFolds(pairs.size(), Math.min(10, pairs.size()));
        List<Integer> foldOfScored = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            PhotoPair p = pairs.get(i);
            if (foldsGiven) {
                foldOfEvery[i] = p.fold();
            }
            float[] a = results.vector(p.a()), b = results.vector(p.b());
            if (a == null || b == null) {
                List<String> without = new ArrayList<>();
                if (a == null) {
                    without.add(names.apply(p.a()));
                }
                if (b == null) {
                    without.add(names.apply(p.b()));
                }
                skipped.add(new Skipped(p, names.apply(p.a()), names.apply(p.b()), without));
                every.add(new VerificationMetrics.Pair(Double.NaN, p.same()));
                continue;
            }
            scored.add(new VerificationMetrics.Pair(dot(a, b), p.same()));
            every.add(scored.get(scored.size() - 1));
            foldOfScored.add(foldOfEvery[i]);
        }
        int genuine = (int) pairs.stream().filter(PhotoPair::same).count();
        int usedGenuine = (int) scored.stream().filter(VerificationMetrics.Pair::same).count();
        int usedImpostor = scored.size() - usedGenuine;
        int photos = results.byPhoto().size();
        int withFace = (int) results.found();
        if (usedGenuine == 0 || usedImpostor == 0 || scored.size() < 4) {
            String problem = "too few pairs left to measure (" + usedGenuine + " same-person, " + usedImpostor
                    + " different-person): the faces of " + notFound.size() + " of " + photos + " photos were not found";
            return new Report(source, modelId, pairs.size(), genuine, pairs.size() - genuine, photos, withFace, notFound, skipped, scored.size(),
                    usedGenuine, usedImpostor, null, null, null, null, null, null, null, List.of(), results.seconds(), problem, null, foldsGiven);
        }
        VerificationMetrics m = new VerificationMetrics(scored);
        List<At> at = new ArrayList<>();
        thresholds.forEach((name, t) -> {
            int fa = (int) Math.round(m.falseAcceptRate(t) * m.impostorCount());
            int fr = (int) Math.round(m.falseRejectRate(t) * m.genuineCount());
            at.add(new At(name, t, m.falseAcceptRate(t), fa, m.impostorCount(), m.falseRejectRate(t), fr, m.genuineCount()));
        });
        // measured pairs: the file's folds, else consecutive blocks of the measured pairs; every pair: the same folds over all pairs
        VerificationMetrics.Accuracy measuredAccuracy = foldsGiven
                ? VerificationMetrics.crossValidatedAccuracy(scored, foldOfScored.stream().mapToInt(Integer::intValue).toArray())
                : m.crossValidatedAccuracy(Math.min(10, scored.size()));
        VerificationMetrics.Accuracy everyPair = VerificationMetrics.crossValidatedAccuracy(every, foldOfEvery);
        return new Report(source, modelId, pairs.size(), genuine, pairs.size() - genuine, photos, withFace, notFound, skipped, scored.size(),
                usedGenuine, usedImpostor, m.rocAuc(), measuredAccuracy, m.tarAtFar(1e-2), m.tarAtFar(1e-3),
                m.eer(), Summary.of(m.genuineScores()), Summary.of(m.impostorScores()), at, results.seconds(), null, everyPair, foldsGiven);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** The report as a readable table. */
    public static String table(Report r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Verification of %s with model %s%n", r.source(), r.modelId()));
        b.append(String.format(Locale.ROOT, "  pairs            %d (%d same person, %d different)%n", r.pairs(), r.genuinePairs(), r.impostorPairs()));
        b.append(String.format(Locale.ROOT, "  photos           %d, face found in %d, not found in %d (%.2f s per photo)%n", r.photos(),
                r.photosWithFace(), r.photos() - r.photosWithFace(), r.photos() == 0 ? 0 : r.seconds() / r.photos()));
        b.append(String.format(Locale.ROOT, "  pairs measured   %d (%d same, %d different); %d skipped for a photo without a face%n", r.usedPairs(),
                r.usedGenuine(), r.usedImpostor(), r.skipped().size()));
        if (!r.measured()) {
            b.append("  ").append(r.problem()).append(System.lineSeparator());
        } else {
            b.append(System.lineSeparator());
            row(b, "ROC AUC", String.format(Locale.ROOT, "%.4f", r.auc()), "");
            String folds = r.accuracy().folds() + "-fold" + (r.foldsGiven() ? ", the file's folds" : "");
            row(b, "accuracy, every pair", String.format(Locale.ROOT, "%.2f %% ± %.2f", 100 * r.accuracyEveryPair().mean(),
                    100 * r.accuracyEveryPair().std()), String.format(Locale.ROOT, "%s; %d pairs without a usable face count as wrong", folds,
                    r.skipped().size()));
            row(b, "accuracy, measured pairs", String.format(Locale.ROOT, "%.2f %% ± %.2f", 100 * r.accuracy().mean(),
                    100 * r.accuracy().std()), String.format(Locale.ROOT, "%s; mean threshold %.3f", folds, r.accuracy().threshold()));
            tarRow(b, "1e-2", r.tarAtFar2(), r.usedImpostor(), 1e-2);
            tarRow(b, "1e-3", r.tarAtFar3(), r.usedImpostor(), 1e-3);
            row(b, "EER", String.format(Locale.ROOT, "%.2f %%", 100 * r.eer().rate()), String.format(Locale.ROOT, "threshold %.3f", r.eer().threshold()));
            row(b, "same person", String.format(Locale.ROOT, "mean %.3f", r.genuineScores().mean()),
                    String.format(Locale.ROOT, "min %.3f  max %.3f", r.genuineScores().min(), r.genuineScores().max()));
            row(b, "different people", String.format(Locale.ROOT, "mean %.3f", r.impostorScores().mean()),
                    String.format(Locale.ROOT, "min %.3f  max %.3f", r.impostorScores().min(), r.impostorScores().max()));
            if (!r.atThresholds().isEmpty()) {
                b.append(System.lineSeparator());
                b.append(String.format(Locale.ROOT, "  %-26s %-24s %s%n", "at threshold", "false accepts", "false rejects"));
                for (At a : r.atThresholds()) {
                    b.append(String.format(Locale.ROOT, "  %-26s %-24s %s%n", a.name() + " " + fmt(a.threshold()),
                            String.format(Locale.ROOT, "%.2f %% (%d of %d)", 100 * a.far(), a.falseAccepts(), a.impostors()),
                            String.format(Locale.ROOT, "%.2f %% (%d of %d)", 100 * a.frr(), a.falseRejects(), a.genuine())));
                }
            }
        }
        if (!r.notFound().isEmpty()) {
            b.append(System.lineSeparator()).append("Faces not found (").append(r.notFound().size()).append("):").append(System.lineSeparator());
            for (NotFound n : r.notFound()) {
                b.append(String.format(Locale.ROOT, "  %s  %s: %s%n", n.photo(), n.reason(), n.message()));
            }
        }
        if (!r.skipped().isEmpty()) {
            int shown = Math.min(10, r.skipped().size());
            b.append(System.lineSeparator()).append("Pairs skipped (").append(r.skipped().size()).append(")")
                    .append(shown < r.skipped().size() ? ", the first " + shown + " (all in --json):" : ":").append(System.lineSeparator());
            for (Skipped s : r.skipped().subList(0, shown)) {
                b.append(String.format(Locale.ROOT, "  %s%s, %s (%s): no face in %s%n", s.pair().line() > 0 ? "line " + s.pair().line() + ": " : "",
                        s.a(), s.b(), s.pair().same() ? "same" : "different", String.join(" and ", s.without())));
            }
        }
        return b.toString();
    }

    private static void tarRow(StringBuilder b, String far, VerificationMetrics.TarAtFar t, int impostors, double target) {
        String note = String.format(Locale.ROOT, "threshold %.3f, FAR %.2f %%", t.threshold(), 100 * t.far());
        if (impostors * target < 1) {
            note += String.format(Locale.ROOT, " (only %d different-person pairs: no false accept allowed)", impostors);
        }
        row(b, "TAR @ FAR " + far, String.format(Locale.ROOT, "%.2f %%", 100 * t.tar()), note);
    }

    private static void row(StringBuilder b, String name, String value, String note) {
        b.append(String.format(Locale.ROOT, "  %-26s %-16s %s%n", name, value, note).stripTrailing()).append(System.lineSeparator());
    }

    private static String fmt(double t) {
        return String.format(Locale.ROOT, "%.3f", t);
    }

    /** The report as JSON: every figure, every face not found and every skipped pair. */
    public static ObjectNode json(Report r, ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("source", r.source()).put("model", r.modelId());
        o.putObject("pairs").put("total", r.pairs()).put("same", r.genuinePairs()).put("different", r.impostorPairs())
                .put("measured", r.usedPairs()).put("measured_same", r.usedGenuine()).put("measured_different", r.usedImpostor())
                .put("skipped", r.skipped().size());
        o.putObject("photos").put("total", r.photos()).put("face_found", r.photosWithFace()).put("face_not_found", r.notFound().size())
                .put("seconds", round(r.seconds(), 3)).put("seconds_per_photo", r.photos() == 0 ? 0 : round(r.seconds() / r.photos(), 4));
        if (r.measured()) {
            o.put("roc_auc", round(r.auc(), 6));
            o.putObject("accuracy").put("mean", round(r.accuracy().mean(), 6)).put("std", round(r.accuracy().std(), 6))
                    .put("threshold", round(r.accuracy().threshold(), 6)).put("folds", r.accuracy().folds()).put("folds_from_file", r.foldsGiven());
            o.putObject("accuracy_every_pair").put("mean", round(r.accuracyEveryPair().mean(), 6)).put("std", round(r.accuracyEveryPair().std(), 6))
                    .put("folds", r.accuracyEveryPair().folds()).put("pairs_counted_wrong", r.skipped().size());
            ArrayNode tar = o.putArray("tar_at_far");
            for (Object[] t : new Object[][] {{1e-2, r.tarAtFar2()}, {1e-3, r.tarAtFar3()}}) {
                VerificationMetrics.TarAtFar v = (VerificationMetrics.TarAtFar) t[1];
                tar.addObject().put("target_far", (Double) t[0]).put("tar", round(v.tar(), 6)).put("far", round(v.far(), 6))
                        .put("threshold", round(v.threshold(), 6));
            }
            o.putObject("eer").put("rate", round(r.eer().rate(), 6)).put("threshold", round(r.eer().threshold(), 6));
            for (Object[] s : new Object[][] {{"same_person_similarity", r.genuineScores()}, {"different_people_similarity", r.impostorScores()}}) {
                Summary v = (Summary) s[1];
                o.putObject((String) s[0]).put("count", v.count()).put("min", round(v.min(), 6)).put("mean", round(v.mean(), 6))
                        .put("max", round(v.max(), 6));
            }
            ArrayNode at = o.putArray("at_thresholds");
            for (At a : r.atThresholds()) {
                at.addObject().put("name", a.name()).put("threshold", a.threshold()).put("far", round(a.far(), 6))
                        .put("false_accepts", a.falseAccepts()).put("different_pairs", a.impostors()).put("frr", round(a.frr(), 6))
                        .put("false_rejects", a.falseRejects()).put("same_pairs", a.genuine());
            }
        } else {
            o.put("problem", r.problem());
        }
        ArrayNode nf = o.putArray("faces_not_found");
        for (NotFound n : r.notFound()) {
            nf.addObject().put("photo", n.photo()).put("reason", n.reason()).put("message", n.message());
        }
        ArrayNode sk = o.putArray("skipped_pairs");
        for (Skipped s : r.skipped()) {
            ObjectNode p = sk.addObject();
            if (s.pair().line() > 0) {
                p.put("line", s.pair().line());
            }
            p.put("a", s.a()).put("b", s.b()).put("same", s.pair().same());
            s.without().forEach(p.putArray("no_face")::add);
        }
        return o;
    }

    static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Named thresholds in insertion order. */
    public static Map<String, Double> thresholds(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValue.length; i += 2) {
            if (nameValue[i + 1] != null) {
                m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
            }
        }
        return m;
    }
}
