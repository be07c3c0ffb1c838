package io.footfall.ingest;

import org.bytedeco.opencv.opencv_core.Mat;

/** A decoder of one camera: open, grab frames until the stream ends or fails, close. */
public interface FrameSource extends AutoCloseable {

    /** A decoded picture, valid until the next {@link #grab()}. */
    record Decoded(Mat bgr, long timestampMicros) {}

    /** Connects and starts decoding; throws {@link SourceException} with a readable reason. */
    void open() throws SourceException;

    /** The next picture, or {@code null} when the stream has ended or the connection dropped. */
    Decoded grab() throws SourceException;

    @Override
    void close();

    /** A failure of the camera, its reason free of credentials. */
    final class SourceException extends Exception {
        public SourceException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
