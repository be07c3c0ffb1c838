package io.footfall.faces.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Face verification figures from scored pairs (higher score = more alike, e.g. cosine similarity): ROC AUC, accuracy
 * at the best threshold with 10-fold cross-validation (the LFW protocol), TAR at a given FAR, and the equal error rate.
 * A pair is accepted as "same person" when its score is at or above the threshold.
 */
public final class VerificationMetrics {

    /** One compared pair: its score and whether the two faces really are the same person. */
    public record Pair(double score, boolean same) {}

    /** Cross-validated accuracy: mean and standard deviation over the folds, and the mean of the chosen thresholds. */
    public record Accuracy(double mean, double std, double threshold, int folds) {}

    /** The operating point where false accepts and false rejects are (nearly) equal. */
    public record Eer(double rate, double threshold) {}

    /** True accept rate at the lowest threshold whose false accept rate is at most the target. */
    public record TarAtFar(double tar, double far, double threshold) {}

    private final List<Pair> pairs;
    private final double[] genuine;
    private final double[] impostor;

    public VerificationMetrics(List<Pair> pairs) {
        this.pairs = List.copyOf(pairs);
        this.genuine = this.pairs.stream().filter(Pair::same).mapToDouble(Pair::score).sorted().toArray();
        this.impostor = this.pairs.stream().filter(p -> !p.same()).mapToDouble(Pair::score).sorted().toArray();
        if (genuine.length == 0 || impostor.length == 0) {
            throw new IllegalArgumentException("verification needs both same-person and different-person pairs; got "
                    + genuine.length + " same and " + impostor.length + " different");
        }
        for (Pair p : this.pairs) {
            if (!Double.isFinite(p.score())) {
                throw new IllegalArgumentException("pair score " + p.score() + " is not a finite number");
            }
        }
    }

    /** Area under the ROC curve: the chance a random same-person pair scores above a random different-person pair (ties count half). */
    public double rocAuc() {
        double wins = 0;
        int lo = 0, hi = 0;
        for (double g : genuine) {
            while (lo < impostor.length && impostor[lo] < g) {
                lo++;
            }
            hi = Math.max(hi, lo);
            while (hi < impostor.length && impostor[hi] == g) {
                hi++;
            }
            wins += lo + 0.5 * (hi - lo);
        }
        return wins / ((double) genuine.length * impostor.length);
    }

    /** The share of pairs decided right at {@code threshold}. */
    public static double accuracy(List<Pair> pairs, double threshold) {
        int right = 0;
        for (Pair p : pairs) {
            if ((p.score() >= threshold) == p.same()) {
                right++;
            }
        }
        return (double) right / pairs.size();
    }

    /** The threshold with the highest accuracy on {@code pairs} (midway between neighbouring scores; the lowest such on ties). */
    public static double bestThreshold(List<Pair> pairs) {
        // one sweep over the pairs sorted by score (millions of pairs with --all-pairs): raising the threshold past a
        // group of equal scores turns its impostors right and its genuine pairs wrong
        Pair[] sorted = pairs.toArray(new Pair[0]);
        Arrays.sort(sorted, java.util.Comparator.comparingDouble(Pair::score));
        long right = Arrays.stream(sorted).filter(Pair::same).count();
        double best = sorted[0].score();
        long bestRight = right;
        for (int i = 0; i < sorted.length; ) {
            double score = sorted[i].score();
            int j = i;
            while (j < sorted.length && sorted[j].score() == score) {
                right += sorted[j].same() ? -1 : 1;
                j++;
            }
            if (right > bestRight) {
                bestRight = right;
                best = j < sorted.length ? (score + sorted[j].score()) / 2 : Math.nextUp(score);
            }
            i = j;
        }
        return best;
    }

    /**
     * Accuracy with {@code folds}-fold cross-validation, as in LFW's protocol: the pairs are cut into consecutive folds;
     * for each, the best threshold is chosen on the other folds and applied to it.
     */
    public Accuracy crossValidatedAccuracy(int folds) {
        if (folds < 2 || folds > pairs.size()) {
            throw new IllegalArgumentException("folds must be between 2 and the number of pairs (" + pairs.size() + "), got " + folds);
        }
        double[] accuracies = new double[folds];
        double thresholds = 0;
        for (int f = 0; f < folds; f++) {
            int from = (int) ((long) pairs.size() * f / folds), to = (int) ((long) pairs.size() * (f + 1) / folds);
            List<Pair> train = new ArrayList<>(pairs.subList(0, from));
            train.addAll(pairs.subList(to, pairs.size()));
            double t = bestThreshold(train);
            thresholds += t;
            accuracies[f] = accuracy(pairs.subList(from, to), t);
        }
        double mean = Arrays.stream(accuracies).average().orElseThrow();
        double variance = Arrays.stream(accuracies).map(a -> (a - mean) * (a - mean)).sum() / folds;
        return new Accuracy(mean, Math.sqrt(variance), thresholds / folds, folds);
    }

    /**
     * Cross-validated accuracy over every pair, with each pair's fold given ({@code foldOf[i]} for {@code pairs.get(i)}):
     * for each fold, the best threshold on the scored pairs of the other folds, applied to every pair of the fold. A pair
     * without a score (NaN: a photo without a usable face) is a wrong decision, never a right one.
     */
    public static Accuracy crossValidatedAccuracy(List<Pair> pairs, int[] foldOf) {
        if (foldOf.length != pairs.size()) {
            throw new IllegalArgumentException(pairs.size() + " pairs but " + foldOf.length + " folds");
        }
        int[] folds = Arrays.stream(foldOf).distinct().sorted().toArray();
        if (folds.length < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds.length);
        }
        double[] accuracies = new double[folds.length];
        double thresholds = 0;
        for (int f = 0; f < folds.length; f++) {
            List<Pair> train = new ArrayList<>(), test = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                if (foldOf[i] == folds[f]) {
                    test.add(pairs.get(i));
                } else if (Double.isFinite(pairs.get(i).score())) {
                    train.add(pairs.get(i));
                }
            }
            double t = train.isEmpty() ? 0.5 : bestThreshold(train);
            thresholds += t;
            long right = test.stream().filter(p -> Double.isFinite(p.score()) && (p.score() >= t) == p.same()).count();
            accuracies[f] = (double) right / test.size();
        }
        double mean = Arrays.stream(accuracies).average().orElseThrow();
        double variance = Arrays.stream(accuracies).map(a -> (a - mean) * (a - mean)).sum() / folds.length;
        return new Accuracy(mean, Math.sqrt(variance), thresholds / folds.length, folds.length);
    }

    /** Consecutive blocks: pair {@code i} of {@code n} in fold {@code i * folds / n}. */
    public static int[] consecutiveFolds(int n, int folds) {
        int[] foldOf = new int[n];
        for (int i = 0; i < n; i++) {
            foldOf[i] = (int) ((long) i * folds / n);
        }
        return foldOf;
    }

    /** The 10-fold cross-validated accuracy of the LFW protocol. */
    public Accuracy crossValidatedAccuracy() {
        return crossValidatedAccuracy(10);
    }

    /** TAR at the lowest threshold that accepts at most {@code targetFar} of the different-person pairs. */
    public TarAtFar tarAtFar(double targetFar) {
        if (!(targetFar >= 0 && targetFar <= 1)) {
            throw new IllegalArgumentException("FAR must be within 0..1, got " + targetFar);
        }
        int allowed = (int) Math.floor(targetFar * impostor.length + 1e-9);
        double threshold = allowed >= impostor.length ? impostor[0] : Math.nextUp(impostor[impostor.length - 1 - allowed]);
        return new TarAtFar(acceptRate(genuine, threshold), acceptRate(impostor, threshold), threshold);
    }

    /** Equal error rate: at each observed score as threshold, FAR and FRR; the point where they are closest, averaged. */
    public Eer eer() {
        double[] thresholds = pairs.stream().mapToDouble(Pair::score).sorted().distinct().toArray();
        double bestGap = Double.POSITIVE_INFINITY, rate = 1, at = thresholds[0];
        for (double t : thresholds) {
            double far = acceptRate(impostor, t), frr = 1 - acceptRate(genuine, t);
            if (Math.abs(far - frr) < bestGap) {
                bestGap = Math.abs(far - frr);
                rate = (far + frr) / 2;
                at = t;
            }
        }
        return new Eer(rate, at);
    }

    /** Same-person pairs. */
    public int genuineCount() {
        return genuine.length;
    }

    /** Different-person pairs. */
    public int impostorCount() {
        return impostor.length;
    }

    /** The share of different-person pairs accepted (score at or above {@code threshold}). */
    public double falseAcceptRate(double threshold) {
        return acceptRate(impostor, threshold);
    }

    /** The share of same-person pairs rejected (score below {@code threshold}). */
    public double falseRejectRate(double threshold) {
        return 1 - acceptRate(genuine, threshold);
    }

    /** Same-person scores, ascending. */
    public double[] genuineScores() {
        return genuine.clone();
    }

    /** Different-person scores, ascending. */
    public double[] impostorScores() {
        return impostor.clone();
    }

    /** Share of {@code sorted} at or above {@code threshold}. */
    private static double acceptRate(double[] sorted, double threshold) {
        int i = Arrays.binarySearch(sorted, threshold);
        if (i < 0) {
            i = -i - 1;
        } else {
            while (i > 0 && sorted[i - 1] == threshold) {
                i--;
            }
        }
        return (double) (sorted.length - i) / sorted.length;
    }
}
