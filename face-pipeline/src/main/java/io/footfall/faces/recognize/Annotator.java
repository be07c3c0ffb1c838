package io.footfall.faces.recognize;

import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws recognised faces onto a BGR image: a box per face, green for a known person, orange when uncertain, red for
 * unknown and grey for a face too poor to recognise, with the name (or "unknown") and the similarity above it.
 */
public final class Annotator {

    private Annotator() {}

    public static void draw(Mat bgr, List<Recognizer.Face> faces) {
        double unit = Math.max(1.0, Math.max(bgr.cols(), bgr.rows()) / 800.0);
        int thickness = (int) Math.max(2, Math.round(2 * unit));
        double fontScale = 0.6 * unit;
        for (Recognizer.Face f : faces) {
            Scalar colour = switch (f.verdict()) {
                case KNOWN -> new Scalar(60, 180, 60, 0);
                case UNCERTAIN -> new Scalar(0, 150, 255, 0);
                case UNKNOWN -> new Scalar(50, 50, 220, 0);
                case NOT_USABLE -> new Scalar(160, 160, 160, 0);
            };
            int x = clamp((int) Math.round(f.box().x()), 0, bgr.cols() - 1), y = clamp((int) Math.round(f.box().y()), 0, bgr.rows() - 1);
            int w = clamp((int) Math.round(f.box().width()), 1, bgr.cols() - x), h = clamp((int) Math.round(f.box().height()), 1, bgr.rows() - y);
            opencv_imgproc.rectangle(bgr, new Rect(x, y, w, h), colour, thickness, opencv_imgproc.LINE_AA, 0);
            String text = Double.isNaN(f.similarity()) ? f.label() : f.label() + String.format(Locale.ROOT, " %.2f", f.similarity());
            int[] baseline = new int[1];
            Size size = opencv_imgproc.getTextSize(text, opencv_imgproc.FONT_HERSHEY_SIMPLEX, fontScale, thickness / 2 + 1, baseline);
            int ty = y - 6 > size.height() + 4 ? y - 6 : Math.min(bgr.rows() - 4, y + h + size.height() + 6);
            opencv_imgproc.rectangle(bgr, new Rect(x, Math.max(0, ty - size.height() - 4), Math.min(size.width() + 6, bgr.cols() - x),
                    size.height() + baseline[0] + 6), colour, opencv_imgproc.FILLED, opencv_imgproc.LINE_8, 0);
            opencv_imgproc.putText(bgr, text, new Point(x + 3, ty), opencv_imgproc.FONT_HERSHEY_SIMPLEX, fontScale,
                    new Scalar(255, 255, 255, 0), thickness / 2 + 1, opencv_imgproc.LINE_AA, false);
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
