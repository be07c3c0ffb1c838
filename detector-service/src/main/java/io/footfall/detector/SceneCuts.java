package io.footfall.detector;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds shot cuts in each camera's frames: a frame whose picture differs from the camera's previous
 * frame both in layout (mean grey-level difference of a 32×24 grid, 0–255) and in content (half the
 * L1 distance of 32-bin grey histograms, 0–1) starts a new shot. Motion moves pixels but keeps the
 * histogram, a change of light shifts the histogram a little; a cut changes both. Thresholds from
 * measured frames (5 fps; docs/ACCURACY.md, "Shot cuts"): within one shot of the development clips and
 * the sample video at most 14.6 and 0.10 (a crowd walking at 1080p, a head turning); across two clips
 * at least 24.3 and 0.30 (two people of one collection, same room style). The tracker ends every open
 * track at a cut rather than carrying a face across it. Only frames of a continuous stream are
 * compared: after more than {@link #MAX_GAP_MILLIS} of capture time without a frame (the camera or
 * ingest was away) the picture may well have changed, and the tracker's outage rule decides whether a
 * face continues its track; and for {@link #SETTLE_MILLIS} after such a gap, while a reconnected
 * stream's first frames may still be grey or smeared until its next key frame, no cut is found either. One camera's frames come from one thread at a time; state is per instance,
 * so the first frame after a rebalance is never a cut.
 */
public final class SceneCuts {

    static final int GRID_WIDTH = 32;
    static final int GRID_HEIGHT = 24;
    static final int BINS = 32;
    /** Smallest mean grid difference of a cut (grey levels). */
    static final double MIN_LAYOUT_CHANGE = 20;
    /** Smallest histogram distance of a cut. */
    static final double MIN_CONTENT_CHANGE = 0.2;

    /** Longest capture-time gap between two frames still compared as one stream. */
    static final long MAX_GAP_MILLIS = 2_000;

    /** How long a stream runs after a gap (or its start) before a change of picture counts as a cut. */
    static final long SETTLE_MILLIS = 1_000;

    /** The picture of one frame, as compared, when it was captured, and when its continuous run of frames began. */
    record Signature(int[] grid, double[] histogram, long capturedAtMillis, long runStartMillis) {

        Signature from(long runStart) {
            return new Signature(grid, histogram, capturedAtMillis, runStart);
        }
    }

    /** How much two frames differ. */
    public record Change(double layout, double content) {
        public boolean cut() {
            return layout >= MIN_LAYOUT_CHANGE && content >= MIN_CONTENT_CHANGE;
        }
    }

    private final boolean enabled;
    private final Map<String, Signature> previous = new ConcurrentHashMap<>();

    public SceneCuts(boolean enabled) {
        this.enabled = enabled;
    }

    public static SceneCuts off() {
        return new SceneCuts(false);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Whether {@code greyThumbnail} (any size, one channel), captured at {@code capturedAtMillis}, starts a new shot on
     * {@code camera}; remembers it as the camera's latest.
     */
    public boolean cut(String camera, Mat greyThumbnail, long capturedAtMillis) {
        if (!enabled) {
            return false;
        }
        Signature now = signature(greyThumbnail, capturedAtMillis);
        Signature before = previous.get(camera);
        long gap = before == null ? Long.MAX_VALUE : capturedAtMillis - before.capturedAtMillis();
        boolean continuous = gap >= 0 && gap <= MAX_GAP_MILLIS;
        now = now.from(continuous ? before.runStartMillis() : capturedAtMillis);
        previous.put(camera, now);
        return continuous && capturedAtMillis - now.runStartMillis() >= SETTLE_MILLIS && change(before, now).cut();
    }

    static Signature signature(Mat grey, long capturedAtMillis) {
        int[] grid = new int[GRID_WIDTH * GRID_HEIGHT];
        try (Mat small = new Mat()) {
            resize(grey, small, new Size(GRID_WIDTH, GRID_HEIGHT), 0, 0, INTER_AREA);
            try (UByteIndexer index = small.createIndexer()) {
                int k = 0;
                for (int y = 0; y < GRID_HEIGHT; y++) {
                    for (int x = 0; x < GRID_WIDTH; x++) {
                        grid[k++] = index.get(y, x);
                    }
                }
            }
        }
        double[] histogram = new double[BINS];
        double weight = 1.0 / ((long) grey.rows() * grey.cols());
        try (UByteIndexer index = grey.createIndexer()) {
            for (int y = 0; y < grey.rows(); y++) {
                for (int x = 0; x < grey.cols(); x++) {
                    histogram[index.get(y, x) * BINS / 256] += weight;
                }
            }
        }
        return new Signature(grid, histogram, capturedAtMillis, capturedAtMillis);
    }

    static Change change(Signature a, Signature b) {
        double layout = 0;
        for (int i = 0; i < a.grid().length; i++) {
            layout += Math.abs(a.grid()[i] - b.grid()[i]);
        }
        double content = 0;
        for (int i = 0; i < BINS; i++) {
            content += Math.abs(a.histogram()[i] - b.histogram()[i]);
        }
        return new Change(layout / a.grid().length, content / 2);
    }

    /** How much two grey thumbnails differ (for measurement and tests). */
    public static Change change(Mat greyA, Mat greyB) {
        return change(signature(greyA, 0), signature(greyB, 0));
    }
}
