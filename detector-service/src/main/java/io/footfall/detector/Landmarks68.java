package io.footfall.detector;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * 68 face landmarks (iBUG 300-W order, as dlib's shape predictor gives them) from face-api.js's landmark net (the
 * built-in model {@code face-api-landmark68}), prepared as face-api.js prepares it: the detector's box (floored, clipped
 * to the image) padded with black to a centred square, resized to 112×112, RGB, {@code (x − [122.782, 117.001,
 * 104.298]) / 255}; the net's fractions of that square are mapped back to the image. Thread-safe.
 */
public final class Landmarks68 {

    public static final int SIZE = 112;
    private static final float[] MEAN = {122.782f, 117.001f, 104.298f};

    private final OrtSession session;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();

    public Landmarks68(OrtSession session) {
        this.session = session;
    }

    /** The 68 landmarks (x, y in the image's pixels) of the face in {@code box} (x, y, width, height) of a BGR image. */
    public double[][] detect(Mat bgr, double[] box) {
        int x0 = Math.max(0, (int) Math.floor(box[0])), y0 = Math.max(0, (int) Math.floor(box[1]));
        int x1 = Math.min(bgr.cols(), (int) Math.floor(box[0]) + (int) Math.floor(box[2]));
        int y1 = Math.min(bgr.rows(), (int) Math.floor(box[1]) + (int) Math.floor(box[3]));
        int w = x1 - x0, h = y1 - y0;
        if (w < 2 || h < 2) {
            throw new IllegalArgumentException("the face box " + java.util.Arrays.toString(box) + " is outside the image");
        }
        int side = Math.max(w, h);
        int padX = (side - w) / 2, padY = (side - h) / 2;
        float[] input = new float[3 * SIZE * SIZE];
        try (Mat roi = new Mat(bgr, new Rect(x0, y0, w, h)); Mat square = new Mat(); Mat small = new Mat(); Mat rgb = new Mat()) {
            opencv_core.copyMakeBorder(roi, square, padY, side - h - padY, padX, side - w - padX, opencv_core.BORDER_CONSTANT,
                    new Scalar(0, 0, 0, 0));
            opencv_imgproc.resize(square, small, new Size(SIZE, SIZE), 0, 0, side > SIZE ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
            opencv_imgproc.cvtColor(small, rgb, opencv_imgproc.COLOR_BGR2RGB);
            byte[] px = new byte[SIZE * SIZE * 3];
            rgb.data().get(px);
            int plane = SIZE * SIZE;
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    input[c * plane + i] = ((px[i * 3 + c] & 0xff) - MEAN[c]) / 255f;
                }
            }
        }
        float[] out = run(input);
        double[][] points = new double[68][];
        for (int i = 0; i < 68; i++) {
            // the net's fractions are of the padded square; face-api.js removes half the padding in the square's units
            points[i] = new double[] {x0 + out[2 * i] * side - (side - w) / 2.0, y0 + out[2 * i + 1] * side - (side - h) / 2.0};
        }
        return points;
    }

    /** The net's raw output (136 fractions of the 112×112 input) for one normalised N=1 input. */
    public float[] run(float[] chw) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, SIZE, SIZE});
             OrtSession.Result r = session.run(Map.of("input", t))) {
            FloatBuffer b = ((OnnxTensor) r.get("landmarks").orElseThrow()).getFloatBuffer();
            float[] out = new float[136];
            b.get(out);
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("the landmark net failed: " + e.getMessage(), e);
        }
    }
}
