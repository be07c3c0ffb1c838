package io.footfall.ingest;

/**
 * Maps a stream's timestamps (which restart at 0 after a reconnect or a file loop) to wall-clock
 * capture times: anchored at the first frame, re-anchored when the stream clock jumps back or
 * drifts more than a few seconds from the wall clock. Capture times strictly increase, across
 * reconnects too: two frames delivered in one millisecond of a burst are a millisecond apart.
 */
final class CaptureClock {

    private static final long MAX_DRIFT_MILLIS = 5_000;

    private long anchorWallMillis;
    private long anchorStreamMicros = Long.MIN_VALUE;
    private long lastMillis = Long.MIN_VALUE;

    long capturedAtMillis(long streamMicros, long nowMillis) {
        long t = mapped(streamMicros, nowMillis);
        if (lastMillis != Long.MIN_VALUE && t <= lastMillis) {
            t = lastMillis + 1;
        }
        lastMillis = t;
        return t;
    }

    private long mapped(long streamMicros, long nowMillis) {
        if (anchorStreamMicros != Long.MIN_VALUE) {
            long t = anchorWallMillis + (streamMicros - anchorStreamMicros) / 1000;
            if (streamMicros >= anchorStreamMicros && Math.abs(t - nowMillis) <= MAX_DRIFT_MILLIS) {
                if (t > nowMillis) {
                    // Frames arrived faster than real time (a burst after connecting): nothing is
                    // captured in the future, so the anchor moves back and times stay monotonic.
                    anchorWallMillis -= t - nowMillis;
                    return nowMillis;
                }
                return t;
            }
        }
        anchorWallMillis = nowMillis;
        anchorStreamMicros = streamMicros;
        return nowMillis;
    }

    void reset() {
        anchorStreamMicros = Long.MIN_VALUE;
    }
}
