package io.footfall.matcher;

import java.util.ArrayList;
import java.util.List;

/** Small vector operations on embeddings; embeddings are L2-normalised so cosine is a dot product. */
public final class Vectors {

    private Vectors() {}

    /** A float array from an Avro list, refusing NaN and infinities. */
    public static float[] of(List<Float> values) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            float x = values.get(i);
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("embedding has a non-finite value at index " + i);
            }
            v[i] = x;
        }
        return v;
    }

    /** An Avro list of a float array. */
    public static List<Float> boxed(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float x : v) {
            out.add(x);
        }
        return out;
    }

    /** The normalised mean of unit vectors (e.g. one person's faces). */
    public static float[] mean(List<float[]> vectors) {
        float[] sum = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        return normalize(sum);
    }

    public static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Scales {@code v} to unit length in place; a zero vector cannot be normalised. */
    public static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm == 0 || !Double.isFinite(norm)) {
            throw new IllegalArgumentException("embedding has zero or non-finite length");
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }
}
