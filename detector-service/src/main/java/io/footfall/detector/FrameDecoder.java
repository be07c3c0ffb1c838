package io.footfall.detector;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * JPEG bytes to a BGR image, refusing what can never be a frame before any pixel is decoded: empty or oversized
 * records, data that is not a JPEG, a header claiming more pixels than allowed (a decompression bomb), a stream cut
 * off before its end marker, and data the decoder rejects. Each refusal is a {@link BadFrameException} with the reason.
 */
public final class FrameDecoder {

    /** @param maxBytes largest JPEG accepted; @param maxPixels largest width × height its header may claim */
    public record Limits(int maxBytes, long maxPixels) {}

    /** A frame that can never be decoded; the message says why. */
    public static final class BadFrameException extends Exception {
        public BadFrameException(String message) {
            super(message);
        }
    }

    private final Limits limits;

    public FrameDecoder(Limits limits) {
        OpenCvThreads.single();
        this.limits = limits;
    }

    public Mat decode(byte[] jpeg) throws BadFrameException {
        return decode(jpeg, opencv_imgcodecs.IMREAD_COLOR);
    }

    /**
     * The frame in grey at an eighth of its size, after the same checks as {@link #decode(byte[])}: the JPEG decoder
     * then reads little more than each 8×8 block's average, so this costs a fraction of a full decode.
     */
    public Mat decodeGreyEighth(byte[] jpeg) throws BadFrameException {
        return decode(jpeg, opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8);
    }

    private Mat decode(byte[] jpeg, int mode) throws BadFrameException {
        if (jpeg.length == 0) {
            throw new BadFrameException("the frame is empty (0 bytes)");
        }
        if (jpeg.length > limits.maxBytes()) {
            throw new BadFrameException("the frame is " + jpeg.length + " bytes, over the limit of " + limits.maxBytes()
                    + " (detector.max-frame-bytes)");
        }
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
            throw new BadFrameException("the frame is not a JPEG (no start-of-image marker)");
        }
        int[] size = headerSize(jpeg);
        if (size == null) {
            throw new BadFrameException("the JPEG has no frame header (SOF marker) before its data: truncated or corrupt");
        }
        if (size[0] == 0 || size[1] == 0 || (long) size[0] * size[1] > limits.maxPixels()) {
            throw new BadFrameException("the JPEG header claims " + size[0] + "×" + size[1] + " pixels, over the limit of "
                    + limits.maxPixels() + " (detector.max-frame-pixels)");
        }
        if ((jpeg[jpeg.length - 2] & 0xff) != 0xFF || (jpeg[jpeg.length - 1] & 0xff) != 0xD9) {
            throw new BadFrameException("the JPEG is truncated (no end-of-image marker after " + jpeg.length + " bytes)");
        }
        Mat bgr;
        try (BytePointer data = new BytePointer(jpeg); Mat buf = new Mat(1, jpeg.length, opencv_core.CV_8UC1, data)) {
            bgr = opencv_imgcodecs.imdecode(buf, mode);
        }
        if (bgr == null || bgr.empty()) {
            throw new BadFrameException("the JPEG cannot be decoded (" + size[0] + "×" + size[1] + " claimed, " + jpeg.length + " bytes)");
        }
        return bgr;
    }

    /** Width and height from the first SOFn segment, or null when there is none before the scan data. */
    static int[] headerSize(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                return null;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                i += 2;
                continue;
            }
            int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (i + 9 > b.length) {
                    return null;
                }
                int h = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int w = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return new int[] {w, h};
            }
            if (marker == 0xDA || marker == 0xD9 || len < 2) {
                return null;
            }
            i += 2 + len;
        }
        return null;
    }
}
