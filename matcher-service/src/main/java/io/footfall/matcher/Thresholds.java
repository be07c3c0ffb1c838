package io.footfall.matcher;

/**
 * The open-set decision of one face: known when its best similarity reaches {@code known}, unknown
 * below {@code unknown}, and not yet decided in between, where more evidence (more faces of the
 * track) is needed. Both come from the model's calibration (docs/ACCURACY.md).
 */
public record Thresholds(float known, float unknown) {

    public enum Outcome { KNOWN, UNKNOWN, UNDECIDED }

    public Thresholds {
        if (!(unknown <= known)) {
            throw new IllegalArgumentException("the unknown threshold (" + unknown + ") must not exceed the known threshold (" + known + ")");
        }
    }

    public Outcome decide(float similarity) {
        if (similarity >= known) {
            return Outcome.KNOWN;
        }
        return similarity < unknown ? Outcome.UNKNOWN : Outcome.UNDECIDED;
    }
}
