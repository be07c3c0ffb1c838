package io.footfall.matcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Exact cosine top-k over templates kept in one contiguous row-major float array, so a search is a
 * single linear pass the JIT can vectorise. Written by the gallery's updater, read by stream
 * threads, under a read-write lock.
 */
public final class ExactIndex implements GalleryIndex {

    private final int dimension;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private float[] rows = new float[0];
    private String[] owners = new String[0];
    private int size;
    /** Templates per owner, so adding a new owner does not scan the index. */
    private final Map<String, Integer> counts = new HashMap<>();

    public ExactIndex(int dimension) {
        this.dimension = dimension;
    }

    public int dimension() {
        return dimension;
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Replaces every template of {@code owner} with {@code templates} (each L2-normalised, of this dimension). */
    @Override
    public void put(String owner, List<float[]> templates) {
        for (float[] t : templates) {
            if (t.length != dimension) {
                throw new IllegalArgumentException("template of " + owner + " has dimension " + t.length + ", index has " + dimension);
            }
        }
        lock.writeLock().lock();
        try {
            removeLocked(owner);
            ensureCapacity(size + templates.size());
            for (float[] t : templates) {
                System.arraycopy(t, 0, rows, size * dimension, dimension);
                owners[size++] = owner;
            }
            if (!templates.isEmpty()) {
                counts.put(owner, templates.size());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void remove(String owner) {
        lock.writeLock().lock();
        try {
            removeLocked(owner);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removeLocked(String owner) {
        if (counts.remove(owner) == null) {
            return;
        }
        int i = 0;
        while (i < size) {
            if (owners[i].equals(owner)) {
                // move the last row into the hole: order does not matter for search
                int last = size - 1;
                System.arraycopy(rows, last * dimension, rows, i * dimension, dimension);
                owners[i] = owners[last];
                owners[last] = null;
                size--;
            } else {
                i++;
            }
        }
    }

    private void ensureCapacity(int n) {
        if (owners.length < n) {
            int capacity = Math.max(n, owners.length * 2 + 16);
            rows = Arrays.copyOf(rows, capacity * dimension);
            owners = Arrays.copyOf(owners, capacity);
        }
    }

    /** The best {@code k} owners by their best template's similarity, highest first; one hit per owner. */
    @Override
    public List<Hit> search(float[] query, int k) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has dimension " + query.length + ", index has " + dimension);
        }
        lock.readLock().lock();
        try {
            // keep the best similarity per owner among the top candidates
            List<Hit> best = new ArrayList<>(k + 1);
            float floor = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < size; r++) {
                float s = dot(rows, r * dimension, query);
                if (s > floor) {
                    offer(best, new Hit(owners[r], s), k);
                    if (best.size() == k) {
                        floor = best.get(k - 1).similarity();
                    }
                }
            }
            return best;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Four independent sums let the CPU pipeline the multiply-adds (a single sum is one long dependency chain). */
    private static float dot(float[] rows, int base, float[] query) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int d = 0;
        int n = query.length;
        for (; d + 3 < n; d += 4) {
            s0 += rows[base + d] * query[d];
            s1 += rows[base + d + 1] * query[d + 1];
            s2 += rows[base + d + 2] * query[d + 2];
            s3 += rows[base + d + 3] * query[d + 3];
        }
        for (; d < n; d++) {
            s0 += rows[base + d] * query[d];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Adds {@code hit} to a best-first list of at most {@code k} hits with one hit per owner. */
    static void offer(List<Hit> best, Hit hit, int k) {
        for (int i = 0; i < best.size(); i++) {
            if (best.get(i).owner().equals(hit.owner())) {
                if (hit.similarity() <= best.get(i).similarity()) {
                    return;
                }
                best.remove(i);
                break;
            }
        }
        if (best.size() == k && hit.similarity() <= best.get(k - 1).similarity()) {
            return;
        }
        int at = 0;
        while (at < best.size() && best.get(at).similarity() >= hit.similarity()) {
            at++;
        }
        best.add(at, hit);
        if (best.size() > k) {
            best.remove(k);
        }
    }
}
