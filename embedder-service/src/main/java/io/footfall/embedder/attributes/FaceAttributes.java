package io.footfall.embedder.attributes;

import java.util.Arrays;

/**
 * What the attribute nets estimate from one face: estimates from appearance, not facts about the person.
 *
 * @param age               estimated age in years (mean absolute error on labelled faces in docs/ACCURACY.md)
 * @param gender            the more probable of the two classes
 * @param genderProbability the probability of {@code gender}, 0.5..1
 * @param expression        the most probable expression
 * @param expressionScores  softmax probabilities indexed by {@link Expression#ordinal()}, summing to 1
 */
public record FaceAttributes(float age, Gender gender, float genderProbability, Expression expression, float[] expressionScores) {

    public FaceAttributes {
        if (expressionScores == null || expressionScores.length != Expression.values().length) {
            throw new IllegalArgumentException("expected " + Expression.values().length + " expression scores, got "
                    + (expressionScores == null ? "none" : expressionScores.length));
        }
    }

    /** The probability of {@code e}. */
    public float score(Expression e) {
        return expressionScores[e.ordinal()];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceAttributes f && Float.compare(age, f.age) == 0 && gender == f.gender
                && Float.compare(genderProbability, f.genderProbability) == 0 && expression == f.expression
                && Arrays.equals(expressionScores, f.expressionScores);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(age, gender, genderProbability, expression) + Arrays.hashCode(expressionScores);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "FaceAttributes[age=%.1f, gender=%s (%.3f), expression=%s (%.3f)]",
                age, gender.label(), genderProbability, expression.label(), score(expression));
    }
}
