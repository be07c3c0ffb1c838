package io.footfall.detector;

import org.bytedeco.opencv.global.opencv_core;

/**
 * Runs OpenCV's functions on the calling thread, once per process. Footfall parallelises by Kafka Streams threads and
 * cameras; OpenCV's own pool only adds hand-offs on the small images the detector works on (warping a 150×150 crop:
 * 216 µs with the pool of two threads, 175 µs without), and a test JVM whose OpenCV pool had run sometimes exited
 * non-zero after all its tests had passed.
 */
public final class OpenCvThreads {

    private static final boolean SINGLE = apply();

    private OpenCvThreads() {}

    private static boolean apply() {
        opencv_core.setNumThreads(1);
        return true;
    }

    /** Switches OpenCV's pool off if this process has not done so yet. */
    public static boolean single() {
        return SINGLE;
    }
}
