package io.footfall.ingest;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Scales a frame down to a maximum width and encodes it as JPEG with OpenCV (3× faster than ImageIO). */
public final class JpegEncoder implements AutoCloseable {

    /** An encoded frame and its size after scaling. */
    public record Encoded(byte[] jpeg, int width, int height) {}

    private final int maxWidth;
    private final IntPointer params;
    private final Mat scaled = new Mat();
    private final BytePointer buffer = new BytePointer();

    static {
        // scaling and encoding on the calling thread: ingest parallelises by camera, and a JVM whose OpenCV pool had run
        // sometimes exited non-zero after its work was done (as the detector's OpenCvThreads says)
        opencv_core.setNumThreads(1);
    }

    public JpegEncoder(int maxWidth, int quality) {
        this.maxWidth = maxWidth;
        this.params = new IntPointer(IMWRITE_JPEG_QUALITY, quality);
    }

    public Encoded encode(Mat bgr) {
        Mat source = bgr;
        if (bgr.cols() > maxWidth) {
            int height = Math.max(1, (int) Math.round((double) bgr.rows() * maxWidth / bgr.cols()));
            resize(bgr, scaled, new Size(maxWidth, height), 0, 0, INTER_AREA);
            source = scaled;
        }
        if (!imencode(".jpg", source, buffer, params)) {
            throw new IllegalStateException("OpenCV could not encode a " + source.cols() + "x" + source.rows() + " frame as JPEG");
        }
        byte[] jpeg = new byte[(int) buffer.limit()];
        buffer.get(jpeg);
        return new Encoded(jpeg, source.cols(), source.rows());
    }

    @Override
    public void close() {
        scaled.close();
        buffer.close();
        params.close();
    }
}
