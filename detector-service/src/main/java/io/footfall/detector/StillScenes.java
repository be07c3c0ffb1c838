package io.footfall.detector;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Remembers, per camera, the last frame in which detection found no face at all, as a small grey
 * thumbnail (an eighth of the frame, about the average of each 8×8 block), so that a frame of the
 * same empty scene can skip detection: every thumbnail pixel within {@code threshold} grey levels
 * of the remembered one. Anyone entering changes many blocks by far more than camera noise does;
 * a face is still looked for at least every {@code maxSkip} of capture time, whatever the
 * thumbnails say. Cameras are independent; one camera's frames come from one thread at a time.
 */
public final class StillScenes {

    private record Empty(byte[] thumbnail, int width, int height, int frameWidth, int frameHeight, long detectedAtMillis) {}

    /** What a skipped frame is known to be: its full size. */
    public record Still(int frameWidth, int frameHeight) {}

    private final int threshold;
    private final long maxSkipMillis;
    private final Map<String, Empty> cameras = new ConcurrentHashMap<>();

    /** @param threshold largest grey-level difference of a thumbnail pixel still counted as unchanged; 0 turns skipping off */
    public StillScenes(int threshold, Duration maxSkip) {
        this.threshold = threshold;
        this.maxSkipMillis = maxSkip.toMillis();
    }

    public static StillScenes off() {
        return new StillScenes(0, Duration.ZERO);
    }

    public boolean enabled() {
        return threshold > 0;
    }

    /** The frame's size when {@code thumbnail} shows the camera's empty scene unchanged, else null (detect). */
    public Still unchanged(String camera, Mat thumbnail, long capturedAtMillis) {
        Empty last = cameras.get(camera);
        if (last == null || capturedAtMillis - last.detectedAtMillis() >= maxSkipMillis || capturedAtMillis < last.detectedAtMillis()
                || thumbnail.cols() != last.width() || thumbnail.rows() != last.height()) {
            return null;
        }
        byte[] now = pixels(thumbnail);
        byte[] then = last.thumbnail();
        for (int i = 0; i < now.length; i++) {
            if (Math.abs((now[i] & 0xff) - (then[i] & 0xff)) > threshold) {
                return null;
            }
        }
        return new Still(last.frameWidth(), last.frameHeight());
    }

    /** After a full detection: remembers the scene when no face was found, forgets it otherwise. */
    public void detected(String camera, Mat thumbnail, int frameWidth, int frameHeight, long capturedAtMillis, boolean noFace) {
        if (noFace) {
            cameras.put(camera, new Empty(pixels(thumbnail), thumbnail.cols(), thumbnail.rows(), frameWidth, frameHeight, capturedAtMillis));
        } else {
            cameras.remove(camera);
        }
    }

    private static byte[] pixels(Mat grey) {
        byte[] out = new byte[grey.cols() * grey.rows()];
        try (UByteIndexer index = grey.createIndexer()) {
            int k = 0;
            for (int y = 0; y < grey.rows(); y++) {
                for (int x = 0; x < grey.cols(); x++) {
                    out[k++] = (byte) index.get(y, x);
                }
            }
        }
        return out;
    }
}
