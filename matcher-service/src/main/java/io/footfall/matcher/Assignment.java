package io.footfall.matcher;

import java.util.Arrays;

/**
 * The best one-to-one assignment of rows to columns (the Hungarian method, Kuhn 1955 / Munkres 1957, in the O(n³)
 * shortest-augmenting-path form): the assignment that maximises the total score, where a NaN score forbids a pair.
 * The tracker uses it to link a frame's faces to the open tracks all at once, as SORT, DeepSORT and ByteTrack do, so
 * that two people crossing are not linked greedily to each other's tracks.
 */
public final class Assignment {

    private Assignment() {}

    /** For each row, the column it is assigned, or -1 when it is assigned none (every allowed column went to a better row). */
    public static int[] maximise(double[][] score) {
        int rows = score.length;
        int cols = rows == 0 ? 0 : score[0].length;
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        if (rows == 0 || cols == 0) {
            return result;
        }
        // square cost matrix: forbidden pairs and padding cost more than any allowed pair, so they are taken last
        int n = Math.max(rows, cols);
        double max = 0;
        for (double[] r : score) {
            for (double v : r) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        double forbidden = 2 * max * n + 1;
        double[][] cost = new double[n + 1][n + 1];
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= n; j++) {
                boolean real = i <= rows && j <= cols;
                cost[i][j] = real && !Double.isNaN(score[i - 1][j - 1]) ? -score[i - 1][j - 1] : forbidden;
            }
        }
        double[] u = new double[n + 1], v = new double[n + 1];
        int[] p = new int[n + 1], way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = cost[i0][j] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        for (int j = 1; j <= n; j++) {
            int i = p[j];
            if (i >= 1 && i <= rows && j <= cols && !Double.isNaN(score[i - 1][j - 1])) {
                result[i - 1] = j - 1;
            }
        }
        return result;
    }
}
