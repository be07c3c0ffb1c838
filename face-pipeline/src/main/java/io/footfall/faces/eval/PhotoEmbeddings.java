package io.footfall.faces.eval;

import io.footfall.faces.FacePolicy;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.PhotoResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Each distinct photo read once through {@link PhotoFaces}, on a few threads, with progress. */
public final class PhotoEmbeddings {

    /** The photos' results in the order given, and the wall time it took. */
    public record Results(Map<Path, PhotoResult> byPhoto, double seconds) {
        public long found() {
            return byPhoto.values().stream().filter(PhotoResult::accepted).count();
        }

        /** The embedding of a photo whose face was found, else null. */
        public float[] vector(Path photo) {
            return byPhoto.get(photo) instanceof PhotoResult.Accepted a ? a.vector() : null;
        }
    }

    private PhotoEmbeddings() {}

    /** The largest face of each photo. */
    public static Results of(PhotoFaces faces, List<Path> photos, int jobs, Progress progress) {
        return of(faces, photos, FacePolicy.LARGEST_FACE, jobs, progress);
    }

    /** The face {@code policy} chooses in each photo. */
    public static Results of(PhotoFaces faces, List<Path> photos, FacePolicy policy, int jobs, Progress progress) {
        List<Path> distinct = new ArrayList<>(new LinkedHashSet<>(photos));
        long started = System.nanoTime();
        Map<Path, PhotoResult> results = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            // ONNX Runtime needs more native stack than a default thread has
            Thread t = new Thread(null, r, "footfall-eval", 16L << 20);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PhotoResult>> futures = new ArrayList<>();
            for (Path photo : distinct) {
                futures.add(pool.submit(() -> {
                    PhotoResult r = faces.embed(photo, policy);
                    progress.step();
                    return r;
                }));
            }
            for (int i = 0; i < distinct.size(); i++) {
                results.put(distinct.get(i), futures.get(i).get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading photos", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Results(results, (System.nanoTime() - started) / 1e9);
    }
}
