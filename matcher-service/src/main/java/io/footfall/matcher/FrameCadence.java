package io.footfall.matcher;

/**
 * How often one camera's frames arrive, to tell a camera that saw nobody from a camera that sent
 * nothing. A track ends after the track gap without a face, but only time that frames covered
 * counts: when no frame arrived at all (ingest restarting, a camera reconnecting), nobody could be
 * seen, and a person standing there through the outage is still one visit.
 *
 * <p>An interval counts as an outage when it is longer than three usual intervals and at least
 * one second more than one; the usual interval is a moving average of the intervals that were not
 * outages, so a camera sampled once every five seconds is not in a permanent outage.
 */
public final class FrameCadence {

    private static final double WEIGHT = 0.2;
    private static final long MIN_EXTRA_MILLIS = 1_000;

    private long lastCaptureMillis = Long.MIN_VALUE;
    private double usualMillis;

    /**
     * Records a frame captured at {@code captureMillis} and returns how much of the time since the
     * camera's previous frame no frame covered: 0 for an ordinary interval, the excess over the
     * usual interval for an outage.
     */
    public long unobserved(long captureMillis) {
        if (lastCaptureMillis == Long.MIN_VALUE) {
            lastCaptureMillis = captureMillis;
            return 0;
        }
        long interval = captureMillis - lastCaptureMillis;
        if (interval <= 0) {
            return 0; // the same or an older frame: nothing to learn
        }
        lastCaptureMillis = captureMillis;
        if (usualMillis > 0 && interval > Math.max(3 * usualMillis, usualMillis + MIN_EXTRA_MILLIS)) {
            return Math.round(interval - usualMillis);
        }
        usualMillis = usualMillis == 0 ? interval : (1 - WEIGHT) * usualMillis + WEIGHT * interval;
        return 0;
    }

    /** The usual interval between frames so far, 0 before two frames. */
    long usualMillis() {
        return Math.round(usualMillis);
    }
}
