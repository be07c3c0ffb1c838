package io.footfall.matcher;

import io.footfall.faces.PhotoFaces;
import io.footfall.matcher.enrol.Enroller;
import io.footfall.matcher.enrol.FaceReader;
import io.footfall.matcher.enrol.Verifier;
import io.footfall.runtime.config.Config;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity API's photo work: an enroller and a verifier on the live pipeline's detector and embedder, loaded when
 * the matcher starts, or why there are none; and the threads that work runs on, so that the ops port's own threads
 * stay free for {@code /metrics} and {@code /health}.
 */
public final class PhotoModels implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PhotoModels.class);
    /** Photo requests at once, and waiting; more are refused with 503. */
    static final int THREADS = 2;
    static final int QUEUED = 32;

    private final Enroller enroller;
    private final Verifier verifier;
    private final AutoCloseable resources;
    private final String unavailable;
    private final ThreadPoolExecutor work;

    private PhotoModels(Enroller enroller, Verifier verifier, AutoCloseable resources, String unavailable) {
        this.enroller = enroller;
        this.verifier = verifier;
        this.resources = resources;
        this.unavailable = unavailable;
        this.work = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), r -> {
            Thread t = new Thread(null, r, "footfall-matcher-photos", 4L << 20); // ONNX Runtime needs a deep native stack
            t.setDaemon(true);
            return t;
        });
        this.work.allowCoreThreadTimeOut(true);
    }

    /** No photo work: requests that need it answer 503 with {@code why}. */
    public static PhotoModels unavailable(String why) {
        return new PhotoModels(null, null, null, why);
    }

    /** Photo work on {@code reader}; {@code resources} (may be null) are closed with this. */
    public static PhotoModels of(FaceReader reader, double knownThreshold, AutoCloseable resources) {
        return new PhotoModels(new Enroller(reader, Clock.systemUTC()), new Verifier(reader, knownThreshold), resources, null);
    }

    /**
     * The models of this configuration (the detector and embedder settings), checked to make the matcher's model's
     * embeddings, and warmed up on the photo threads; unavailable, saying how to fix it, when they cannot be loaded.
     */
    public static PhotoModels load(Config config) {
        PhotoFaces photos;
        try {
            photos = PhotoFaces.open(config);
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage();
            return unavailableLogged("enrolment and verification are unavailable: the face models could not be loaded (" + detail + ")"
                    + (detail.contains("models fetch") ? "" : "; run 'footfall models fetch' (or set the detector and embedder model settings)")
                    + "; restart the matcher once they are there");
        }
        String matcherModel = ModelSettings.modelId(config);
        if (!photos.modelId().equals(matcherModel)) {
            photos.close();
            return unavailableLogged("enrolment and verification are unavailable: the embedder makes " + photos.modelId()
                    + " embeddings but this matcher compares " + matcherModel + " (matcher.model-id); make the two settings agree and restart the matcher");
        }
        PhotoModels models = of(FaceReader.of(photos), ModelSettings.known(config), photos);
        models.warmUp(photos);
        return models;
    }

    private static PhotoModels unavailableLogged(String why) {
        log.warn("{}", why);
        return unavailable(why);
    }

    /** On the photo threads, so that close() waits for it; the first enrolment then runs on warm models (about 0.07 s). */
    private void warmUp(PhotoFaces photos) {
        work.execute(() -> {
            try {
                log.info("Photo models warmed up in {} ms", photos.warmUp());
            } catch (RuntimeException e) {
                log.warn("Warming up the photo models failed ({}); the first enrolment or verification will be slower", e.toString());
            }
        });
    }

    public boolean available() {
        return unavailable == null;
    }

    /** Why there is no photo work (null when there is). */
    public String unavailable() {
        return unavailable;
    }

    public Enroller enroller() {
        return enroller;
    }

    public Verifier verifier() {
        return verifier;
    }

    /**
     * Runs {@code task} on a photo thread.
     *
     * @throws RejectedExecutionException when {@link #THREADS} are busy and {@link #QUEUED} tasks wait
     */
    public void execute(Runnable task) {
        work.execute(task);
    }

    @Override
    public void close() {
        work.shutdown();
        try {
            work.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                log.warn("closing the photo pipeline failed", e);
            }
        }
    }
}
