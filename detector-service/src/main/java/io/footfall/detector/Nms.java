package io.footfall.detector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy non-maximum suppression as face-api.js does it ({@code ops/nonMaxSuppression.js}): highest score first (of
 * equal scores, the later box), drop every box overlapping the kept one by more than the threshold; areas are
 * {@code w·h}, overlap is IoU or, for the last stage, intersection over the smaller area.
 */
final class Nms {

    private Nms() {}

    /** Boxes as {left, top, right, bottom}; returns the kept indices, best first. */
    static List<Integer> suppress(List<double[]> boxes, double[] scores, double threshold, boolean iou) {
        Integer[] order = new Integer[boxes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b])); // stable, ascending, like JS sort
        List<Integer> remaining = new ArrayList<>(Arrays.asList(order));
        List<Integer> pick = new ArrayList<>();
        while (!remaining.isEmpty()) {
            int curr = remaining.remove(remaining.size() - 1);
            pick.add(curr);
            double[] c = boxes.get(curr);
            remaining.removeIf(idx -> overlap(c, boxes.get(idx), iou) > threshold);
        }
        return pick;
    }

    static double overlap(double[] a, double[] b, boolean iou) {
        double w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = w * h;
        double areaA = (a[2] - a[0]) * (a[3] - a[1]);
        double areaB = (b[2] - b[0]) * (b[3] - b[1]);
        return iou ? inter / (areaA + areaB - inter) : inter / Math.min(areaA, areaB);
    }
}
