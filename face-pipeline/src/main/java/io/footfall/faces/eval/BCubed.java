package io.footfall.faces.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * B-cubed precision and recall of a clustering against true labels (Bagga and Baldwin 1998; Amigó et al. 2009), the
 * measure of online face clustering: per item, precision is the share of its cluster that is the same person, recall
 * the share of its person that is in its cluster; both are averaged over items. Precision 1 means different people never
 * share a cluster (a visitor id), recall 1 that each person keeps one.
 */
public final class BCubed {

    /**
     * @param items      items scored
     * @param identities distinct true labels
     * @param clusters   distinct clusters
     * @param largest    items in the largest cluster
     * @param mixed      clusters holding more than one true label
     */
    public record Score(double precision, double recall, int items, int identities, int clusters, int largest, int mixed) {
        public double f1() {
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
    }

    private BCubed() {}

    /** {@code truth.get(i)} is item i's person, {@code clusters.get(i)} the cluster it was put in. */
    public static Score score(List<String> truth, List<String> clusters) {
        if (truth.size() != clusters.size()) {
            throw new IllegalArgumentException(truth.size() + " labels for " + clusters.size() + " clustered items");
        }
        Map<String, Integer> perCluster = new HashMap<>();
        Map<String, Integer> perLabel = new HashMap<>();
        Map<String, Integer> perBoth = new HashMap<>();
        Map<String, String> firstLabel = new HashMap<>();
        Map<String, Boolean> mixed = new HashMap<>();
        for (int i = 0; i < truth.size(); i++) {
            String label = truth.get(i), cluster = clusters.get(i);
            perCluster.merge(cluster, 1, Integer::sum);
            perLabel.merge(label, 1, Integer::sum);
            perBoth.merge(cluster + '\u0000' + label, 1, Integer::sum);
            String first = firstLabel.putIfAbsent(cluster, label);
            if (first != null && !first.equals(label)) {
                mixed.put(cluster, true);
            }
        }
        double precision = 0, recall = 0;
        for (int i = 0; i < truth.size(); i++) {
            int both = perBoth.get(clusters.get(i) + '\u0000' + truth.get(i));
            precision += (double) both / perCluster.get(clusters.get(i));
            recall += (double) both / perLabel.get(truth.get(i));
        }
        int n = truth.size();
        int largest = perCluster.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Score(n == 0 ? 1 : precision / n, n == 0 ? 1 : recall / n, n, perLabel.size(), perCluster.size(), largest, mixed.size());
    }
}
