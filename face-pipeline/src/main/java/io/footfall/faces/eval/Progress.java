package io.footfall.faces.eval;

import java.io.PrintWriter;

/**
 * A progress bar on stderr: redrawn in place on a terminal, a line at every quarter otherwise (logs, pipes), silent when
 * off. Thread-safe.
 */
public final class Progress {

    /** How the bar is drawn. */
    public enum Mode { BAR, LINES, OFF }

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String unit;
    private final int total;
    private final Mode mode;
    private final long started = System.nanoTime();
    private int done;
    private int lastQuarter;
    private long lastDrawn;

    public Progress(PrintWriter err, String unit, int total, Mode mode) {
        this.err = err;
        this.unit = unit;
        this.total = total;
        this.mode = total == 0 ? Mode.OFF : mode;
    }

    /** A bar when stderr is likely a terminal (the JVM has a console), lines otherwise. */
    public static Mode auto() {
        return System.console() != null ? Mode.BAR : Mode.LINES;
    }

    public synchronized void step() {
        done++;
        long now = System.nanoTime();
        switch (mode) {
            case BAR -> {
                if (done == total || now - lastDrawn > 100_000_000L) {
                    lastDrawn = now;
                    err.print("\r" + line(now));
                    if (done == total) {
                        err.println();
                    }
                    err.flush();
                }
            }
            case LINES -> {
                int quarter = done * 4 / total;
                if (quarter > lastQuarter) {
                    lastQuarter = quarter;
                    err.println(line(now));
                    err.flush();
                }
            }
            case OFF -> { }
        }
    }

    String line(long now) {
        int filled = (int) ((long) WIDTH * done / total);
        double seconds = (now - started) / 1e9;
        String left = done < total && done > 0 ? String.format(", about %s left", clock(seconds / done * (total - done))) : "";
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit + ", " + clock(seconds) + left;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
