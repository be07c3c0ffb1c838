package io.footfall.cli;

import io.footfall.matcher.ExactIndex;
import io.footfall.matcher.GalleryIndex;
import io.footfall.matcher.HnswIndex;
import io.footfall.matcher.Vectors;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Match latency of the exact and the approximate (HNSW) gallery index at several gallery sizes,
 * and the approximate index's recall@1 against the exact one.
 */
@Command(name = "matcher", mixinStandardHelpOptions = true,
        description = {"Match latency, exact vs approximate gallery index, and recall@1 of the approximate one",
                "",
                "Galleries of synthetic clustered embeddings (one template per person; queries are noisy copies of "
                        + "enrolled people). Needs about 1.5 GB of heap per million 128-d templates."})
final class BenchMatcherCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "1000,100000,1000000", description = "Gallery sizes (default: ${DEFAULT-VALUE})")
    int[] sizes;

    @Option(names = "--dimension", defaultValue = "128", description = "Embedding dimension (default: ${DEFAULT-VALUE})")
    int dimension;

    @Option(names = "--queries", defaultValue = "500", description = "Timed queries per size and index (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--candidates", split = ",", defaultValue = "64",
            description = "HNSW candidates per query; several (e.g. 64,128,256) are measured on the same graph (default: ${DEFAULT-VALUE})")
    int[] candidates;

    @Option(names = "--approximate-up-to", defaultValue = "2147483647",
            description = "Measure the HNSW index only for galleries up to this size (its build is slow: 100k took minutes on 2 cores)")
    int approximateUpTo;

    @Option(names = "--noise", defaultValue = "0.05", description = "Per-coordinate noise of queries (default: ${DEFAULT-VALUE})")
    double noise;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-9s %10s %12s %12s %12s %12s %12s %10s %11s%n", "gallery", "candidates", "exact p50", "exact p99", "hnsw p50",
                "hnsw p99", "hnsw build", "recall@1", "exact/hnsw");
        for (int size : sizes) {
            Random random = new Random(size);
            float[][] people = new float[size][];
            ExactIndex exact = new ExactIndex(dimension);
            long buildStart = System.nanoTime();
            boolean approximate = size <= approximateUpTo;
            try (HnswIndex hnsw = new HnswIndex(dimension, candidates[0])) {
                for (int i = 0; i < size; i++) {
                    people[i] = randomUnit(random);
                    exact.put("p" + i, List.of(people[i]));
                    if (approximate) {
                        hnsw.put("p" + i, List.of(people[i]));
                    }
                    if (size >= 100_000 && i % 100_000 == 99_999) {
                        out.printf("  (%d: %d of %d templates indexed)%n", size, i + 1, size);
                        out.flush();
                    }
                }
                float[][] qs = new float[queries][];
                for (int q = 0; q < queries; q++) {
                    qs[q] = noisy(random, people[random.nextInt(size)]);
                }
                if (!approximate) {
                    warm(exact::search, qs);
                    double[] exactMs = time(exact::search, qs);
                    out.printf("%-9d %10s %9.3f ms %9.3f ms %12s %12s %12s %10s %11s%n", size, "-", pct(exactMs, 50), pct(exactMs, 99),
                            "-", "-", "-", "-", "-");
                    out.flush();
                    continue;
                }
                hnsw.search(people[0], 1); // makes the graph searchable
                double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
                warm(exact::search, qs);
                double[] exactMs = time(exact::search, qs);
                for (int c : candidates) {
                    Search withCandidates = (query, k) -> hnsw.search(query, k, c);
                    warm(withCandidates, qs);
                    double[] hnswMs = time(withCandidates, qs);
                    int agree = 0;
                    for (float[] q : qs) {
                        if (exact.search(q, 1).get(0).owner().equals(withCandidates.search(q, 1).get(0).owner())) {
                            agree++;
                        }
                    }
                    out.printf("%-9d %10d %9.3f ms %9.3f ms %9.3f ms %9.3f ms %10.1f s %9.1f %% %10.1fx%n", size, c, pct(exactMs, 50),
                            pct(exactMs, 99), pct(hnswMs, 50), pct(hnswMs, 99), buildSeconds, 100.0 * agree / queries,
                            pct(exactMs, 50) / pct(hnswMs, 50));
                    out.flush();
                }
            }
        }
        return 0;
    }

    /** One index's search, as timed: the best {@code k} owners for a query. */
    private interface Search {
        List<GalleryIndex.Hit> search(float[] query, int k);
    }

    private static void warm(Search index, float[][] qs) {
        for (int r = 0; r < 3; r++) {
            for (float[] q : qs) {
                index.search(q, 2);
            }
        }
    }

    private static double[] time(Search index, float[][] qs) {
        double[] ms = new double[qs.length];
        for (int i = 0; i < qs.length; i++) {
            long t = System.nanoTime();
            index.search(qs[i], 2);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private float[] randomUnit(Random random) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalize(v);
    }

    private float[] noisy(Random random, float[] v) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (random.nextGaussian() * noise);
        }
        return Vectors.normalize(out);
    }
}
