package io.footfall.matcher;

import io.footfall.schema.FaceAttributeEstimate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Age, gender and expression of one visit, aggregated over its faces' estimates: the median age, the gender whose mean
 * probability over the faces is higher (with that mean as its confidence), and the expression with the highest mean
 * score. Kept in the track's stored state, so it is bounded: the ages of at most {@link #MAX_AGES} faces (later faces
 * replace earlier ones in turn), sums for the rest.
 *
 * @param faces           faces estimated
 * @param ages            their ages (at most {@link #MAX_AGES})
 * @param maleSum         sum of P(male) over the faces
 * @param expressionSums  sum of each expression's score over the faces, in {@link #EXPRESSIONS} order
 */
public record VisitAttributes(int faces, float[] ages, double maleSum, double[] expressionSums) {

    /** The expressions the nets score, in the order of {@link #expressionSums}. */
    public static final List<String> EXPRESSIONS = List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised");
    static final int MAX_AGES = 64;

    /** One face's estimate as the matcher keeps it. */
    public record Face(float age, float maleProbability, float[] expressionScores) {

        /** The estimate carried in an {@code embeddings} record, or null when the face has none. */
        public static Face of(FaceAttributeEstimate e) {
            if (e == null) {
                return null;
            }
            float male = "male".equals(e.getGender()) ? e.getGenderProbability() : 1 - e.getGenderProbability();
            float[] scores = new float[EXPRESSIONS.size()];
            Map<String, Float> given = e.getExpressionScores();
            for (int i = 0; i < scores.length; i++) {
                Float s = given.get(EXPRESSIONS.get(i));
                scores[i] = s == null || !Float.isFinite(s) ? 0 : s;
            }
            if (!Float.isFinite(e.getAge()) || !Float.isFinite(male)) {
                throw new IllegalArgumentException("a non-finite age or gender probability");
            }
            return new Face(e.getAge(), Math.max(0, Math.min(1, male)), scores);
        }
    }

    /** What the visit's faces say so far, as its events carry it. */
    public record Summary(float age, String gender, float genderConfidence, String expression, int faces) {}

    public static VisitAttributes none() {
        return new VisitAttributes(0, new float[0], 0, new double[EXPRESSIONS.size()]);
    }

    /** These attributes and one more face's estimate. */
    public VisitAttributes add(Face face) {
        float[] a;
        if (ages.length < MAX_AGES) {
            a = Arrays.copyOf(ages, ages.length + 1);
            a[ages.length] = face.age();
        } else {
            a = ages.clone();
            a[faces % MAX_AGES] = face.age();
        }
        double[] sums = expressionSums.clone();
        for (int i = 0; i < sums.length && i < face.expressionScores().length; i++) {
            sums[i] += face.expressionScores()[i];
        }
        return new VisitAttributes(faces + 1, a, maleSum + face.maleProbability(), sums);
    }

    /** The aggregate, or null when no face was estimated. */
    public Summary summary() {
        if (faces == 0) {
            return null;
        }
        float[] sorted = ages.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        float median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double male = maleSum / faces;
        int best = 0;
        for (int i = 1; i < expressionSums.length; i++) {
            if (expressionSums[i] > expressionSums[best]) {
                best = i;
            }
        }
        return new Summary(median, male >= 0.5 ? "male" : "female", (float) Math.max(male, 1 - male), EXPRESSIONS.get(best), faces);
    }

    /** The faces' ages, for tests. */
    List<Float> ageList() {
        List<Float> out = new ArrayList<>(ages.length);
        for (float a : ages) {
            out.add(a);
        }
        return out;
    }
}
