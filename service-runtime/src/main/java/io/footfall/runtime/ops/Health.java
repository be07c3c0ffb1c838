package io.footfall.runtime.ops;

/** A component's readiness: up or not, with a short detail for operators. */
public record Health(boolean up, String detail) {
    public static Health up(String detail) {
        return new Health(true, detail);
    }

    public static Health down(String detail) {
        return new Health(false, detail);
    }
}
