package io.footfall.ingest;

/**
 * Keeps frames at a target rate by capture time, not by frame count, so a camera that delivers 25,
 * 30 or a wobbly 12 fps yields the same analysed rate. After a gap (a reconnect, a stall) it
 * resynchronises instead of bursting to catch up.
 */
public final class FrameSampler {

    private final long intervalMicros;
    private long nextDueMicros = Long.MIN_VALUE;

    public FrameSampler(double fps) {
        this.intervalMicros = Math.round(1_000_000 / fps);
    }

    /** Whether the frame captured at {@code timestampMicros} (stream time) should be kept. */
    public boolean keep(long timestampMicros) {
        if (nextDueMicros == Long.MIN_VALUE || timestampMicros < nextDueMicros - intervalMicros) {
            // first frame, or the stream's clock restarted (reconnect): start over
            nextDueMicros = timestampMicros + intervalMicros;
            return true;
        }
        if (timestampMicros < nextDueMicros) {
            return false;
        }
        nextDueMicros += intervalMicros;
        if (nextDueMicros <= timestampMicros) {
            nextDueMicros = timestampMicros + intervalMicros;
        }
        return true;
    }

    /** Forgets the stream clock; the next frame is kept. */
    public void reset() {
        nextDueMicros = Long.MIN_VALUE;
    }
}
