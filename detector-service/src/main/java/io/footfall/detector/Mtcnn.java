package io.footfall.detector;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * MTCNN (Zhang et al. 2016) on the ONNX P-, R- and O-Nets, computing what face-api.js's {@code Mtcnn.forward} computes
 * on the same pixels: pyramid from the minimum face size, P-Net cells with NMS per scale (0.5) and across scales
 * (0.7), box regression, squaring and rounding, R-Net and O-Net each in one batched run on patches clipped at the image
 * border (1-based coordinates, as face-api.js inherited them from the MATLAB original), then landmarks and a last NMS
 * over the smaller area. Thread-safe: sessions are, and each call keeps its state on the stack.
 */
public final class Mtcnn {

    private static final int CELL = 12;
    private static final float MEAN = 127.5f;
    private static final float SCALE = 0.0078125f;

    /**
     * Per thread, where the nets' inputs are written: an array (the fastest to fill) copied in one go into a direct
     * buffer, which ONNX Runtime uses as it is. Given a heap array, it copies it into a fresh direct buffer on every
     * run (0.1-1 ms for a 640×360 frame's largest pyramid level, and direct-memory pressure that can stall the
     * thread in a System.gc()).
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        float[] array = new float[0];
        FloatBuffer direct;

        /** The array, at least {@code floats} long. */
        float[] array(int floats) {
            if (array.length < floats) {
                array = new float[Math.max(floats, 3 * 320 * 180)];
                direct = ByteBuffer.allocateDirect(array.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
            return array;
        }

        /** The first {@code floats} of the array, in the direct buffer (position 0, limit {@code floats}). */
        FloatBuffer direct(int floats) {
            direct.clear();
            direct.put(array, 0, floats);
            return direct.flip();
        }
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession pnet;
    private final OrtSession rnet;
    private final OrtSession onet;
    private final MtcnnOptions options;
    private final boolean faceApiLandmarks;

    public Mtcnn(OrtSession pnet, OrtSession rnet, OrtSession onet, MtcnnOptions options) {
        this(pnet, rnet, onet, options, false);
    }

    private Mtcnn(OrtSession pnet, OrtSession rnet, OrtSession onet, MtcnnOptions options, boolean faceApiLandmarks) {
        this.pnet = pnet;
        this.rnet = rnet;
        this.onet = onet;
        this.options = options;
        this.faceApiLandmarks = faceApiLandmarks;
    }

    /**
     * The same detector, reproducing face-api.js's stage-3 slip ({@code stage3.js} reads a kept face's landmarks from
     * O-Net output number {@code k} of the whole batch, where {@code k} indexes the faces that passed the threshold):
     * its landmarks then belong to another candidate whenever an earlier candidate failed. Only for comparing with
     * face-api.js; the default reads each face's own landmarks.
     */
    public Mtcnn withFaceApiLandmarkQuirk() {
        return new Mtcnn(pnet, rnet, onet, options, true);
    }

    public MtcnnOptions options() {
        return options;
    }

    /** The same networks with other options (e.g. looser thresholds for a photo known to show a face); sessions are shared. */
    public Mtcnn withOptions(MtcnnOptions other) {
        return new Mtcnn(pnet, rnet, onet, other, faceApiLandmarks);
    }

    /** Pyramid scales for a {@code width × height} image: {@code pyramidDown.js}, then levels whose short side is > 12 px. */
    public static List<Double> scales(int width, int height, MtcnnOptions o) {
        double m = (double) CELL / o.minFaceSize();
        List<Double> scales = new ArrayList<>();
        double minLayer = Math.min(width, height) * m;
        int exp = 0;
        while (minLayer >= CELL) {
            double s = m * Math.pow(o.scaleFactor(), exp);
            if (Math.min(Math.floor(height * s), Math.floor(width * s)) > CELL && scales.size() < o.maxScales()) {
                scales.add(s);
            }
            minLayer *= o.scaleFactor();
            exp++;
        }
        return scales;
    }

    /** Faces in an 8-bit BGR image, best first. */
    public List<MtcnnFace> detect(Mat bgr) {
        if (bgr.type() != opencv_core.CV_8UC3) {
            throw new IllegalArgumentException("MTCNN needs an 8-bit 3-channel BGR image, got Mat type " + bgr.type());
        }
        Mat img = bgr.isContinuous() ? bgr : bgr.clone();
        int w = img.cols(), h = img.rows();
        byte[] pixels = new byte[w * h * 3];
        img.data().get(pixels);
        try {
            List<double[]> boxes = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            stage1(pixels, w, h, boxes, scores);
            if (boxes.isEmpty()) {
                return List.of();
            }
            refine(pixels, w, h, boxes, scores, false);
            if (boxes.isEmpty()) {
                return List.of();
            }
            return refine(pixels, w, h, boxes, scores, true);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on MTCNN: " + e.getMessage(), e);
        }
    }

    private void stage1(byte[] pixels, int w, int h, List<double[]> outBoxes, List<Double> outScores) throws OrtException {
        List<double[]> all = new ArrayList<>();
        List<double[]> allRegions = new ArrayList<>();
        List<Double> allScores = new ArrayList<>();
        Scratch scratch = SCRATCH.get();
        for (double s : scales(w, h, options)) {
            int sh = (int) Math.floor(h * s), sw = (int) Math.floor(w * s);
            resizeNormalise(pixels, w, h, sw, sh, scratch.array(3 * sw * sh));
            try (OnnxTensor t = OnnxTensor.createTensor(env, scratch.direct(3 * sw * sh), new long[] {1, 3, sh, sw});
                 OrtSession.Result r = pnet.run(Map.of("input", t))) {
                OnnxTensor prob = (OnnxTensor) r.get("prob").orElseThrow();
                long[] shape = prob.getInfo().getShape();
                int oh = (int) shape[2], ow = (int) shape[3];
                FloatBuffer p = prob.getFloatBuffer();
                FloatBuffer reg = ((OnnxTensor) r.get("regions").orElseThrow()).getFloatBuffer();
                int plane = oh * ow;
                List<double[]> cells = new ArrayList<>();
                List<double[]> regions = new ArrayList<>();
                List<Double> cellScores = new ArrayList<>();
                // face-api.js walks its transposed map: image x outside, image y inside; the order decides NMS ties
                for (int x = 0; x < ow; x++) {
                    for (int y = 0; y < oh; y++) {
                        float score = p.get(plane + y * ow + x);
                        if (score >= options.pnetThreshold()) {
                            cells.add(new double[] {Math.round((2 * x + 1) / s), Math.round((2 * y + 1) / s),
                                Math.round((2 * x + CELL) / s), Math.round((2 * y + CELL) / s)});
                            int i = y * ow + x;
                            regions.add(new double[] {reg.get(i), reg.get(plane + i), reg.get(2 * plane + i), reg.get(3 * plane + i)});
                            cellScores.add((double) score);
                        }
                    }
                }
                if (cells.isEmpty()) {
                    continue;
                }
                for (int k : Nms.suppress(cells, unbox(cellScores), 0.5, true)) {
                    all.add(cells.get(k));
                    allRegions.add(regions.get(k));
                    allScores.add(cellScores.get(k));
                }
            }
        }
        if (all.isEmpty()) {
            return;
        }
        for (int k : Nms.suppress(all, unbox(allScores), 0.7, true)) {
            outBoxes.add(calibrate(all.get(k), allRegions.get(k)));
            outScores.add(allScores.get(k));
        }
    }

    /** Stage 2 (R-Net, 24 px) or 3 (O-Net, 48 px, with landmarks): replaces {@code boxes}/{@code scores} in place. */
    private List<MtcnnFace> refine(byte[] pixels, int imgW, int imgH, List<double[]> boxes, List<Double> scores, boolean last) throws OrtException {
        int size = last ? 48 : 24;
        int n = boxes.size();
        Scratch scratch = SCRATCH.get();
        float[] input = scratch.array(n * 3 * size * size);
        boolean[] valid = new boolean[n];
        int plane = size * size;
        for (int i = 0; i < n; i++) {
            double[] b = boxes.get(i);
            // Box.padAtBorders + extractImagePatches: clip to [1, W] × [1, H], crop 1-based, stretch to size × size
            int x = (int) Math.max(b[0], 1), y = (int) Math.max(b[1], 1);
            int ex = (int) Math.min(b[2], imgW), ey = (int) Math.min(b[3], imgH);
            if (ex - x + 1 <= 0 || ey - y + 1 <= 0) {
                Arrays.fill(input, i * 3 * plane, (i + 1) * 3 * plane, 0f); // outside the image: ignored
                continue;
            }
            valid[i] = true;
            patch(pixels, imgW, x - 1, y - 1, ex - x + 1, ey - y + 1, size, input, i * 3 * plane);
        }
        OrtSession net = last ? onet : rnet;
        double threshold = last ? options.onetThreshold() : options.rnetThreshold();
        try (OnnxTensor t = OnnxTensor.createTensor(env, scratch.direct(n * 3 * size * size), new long[] {n, 3, size, size});
             OrtSession.Result r = net.run(Map.of("input", t))) {
            FloatBuffer prob = ((OnnxTensor) r.get("prob").orElseThrow()).getFloatBuffer();
            FloatBuffer reg = ((OnnxTensor) r.get("regions").orElseThrow()).getFloatBuffer();
            FloatBuffer points = last ? ((OnnxTensor) r.get("points").orElseThrow()).getFloatBuffer() : null;
            List<Integer> kept = new ArrayList<>();
            List<double[]> keptBoxes = new ArrayList<>();
            List<Double> keptScores = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double score = prob.get(2 * i + 1);
                if (valid[i] && score > threshold) {
                    kept.add(i);
                    double[] region = {reg.get(4 * i), reg.get(4 * i + 1), reg.get(4 * i + 2), reg.get(4 * i + 3)};
                    // stage 2 suppresses on its input boxes and calibrates after; stage 3 calibrates first
                    keptBoxes.add(last ? calibrate(boxes.get(i), region) : boxes.get(i));
                    keptScores.add(score);
                }
            }
            boxes.clear();
            scores.clear();
            if (kept.isEmpty()) {
                return List.of();
            }
            List<MtcnnFace> faces = new ArrayList<>();
            for (int k : Nms.suppress(keptBoxes, unbox(keptScores), 0.7, !last)) {
                int i = kept.get(k);
                if (!last) {
                    boxes.add(calibrate(keptBoxes.get(k), new double[] {reg.get(4 * i), reg.get(4 * i + 1), reg.get(4 * i + 2), reg.get(4 * i + 3)}));
                    scores.add(keptScores.get(k));
                    continue;
                }
                double[] b = keptBoxes.get(k);
                double bw = b[2] - b[0], bh = b[3] - b[1];
                double[][] landmarks = new double[5][2];
                int from = faceApiLandmarks ? k : i;
                for (int p = 0; p < 5; p++) {
                    landmarks[p][0] = points.get(10 * from + p) * (bw + 1) + b[0];
                    landmarks[p][1] = points.get(10 * from + p + 5) * (bh + 1) + b[1];
                }
                faces.add(new MtcnnFace(b[0], b[1], bw, bh, keptScores.get(k), landmarks));
            }
            return faces;
        }
    }

    /** Box regression, then {@code toSquare()} and {@code round()} on x, y, width, height ({@code Box.calibrate}). */
    static double[] calibrate(double[] b, double[] region) {
        double w = b[2] - b[0], h = b[3] - b[1];
        double left = b[0] + region[0] * w, top = b[1] + region[1] * h;
        double right = b[2] + region[2] * w, bottom = b[3] + region[3] * h;
        double x = left, y = top, bw = right - left, bh = bottom - top;
        double diff = Math.abs(bw - bh);
        if (bw < bh) {
            x -= diff / 2;
            bw += diff;
        } else if (bh < bw) {
            y -= diff / 2;
            bh += diff;
        }
        double rx = jsRound(x), ry = jsRound(y), rw = jsRound(bw), rh = jsRound(bh);
        return new double[] {rx, ry, rx + rw, ry + rh};
    }

    /** JavaScript's {@code Math.round}: halves go up, also for negatives. */
    static double jsRound(double v) {
        return Math.floor(v + 0.5);
    }

    /**
     * TensorFlow 1's legacy bilinear resize ({@code tf.image.resizeBilinear}, no corner alignment, no half-pixel
     * centres: source = destination · in/out, neighbours clamped), straight into a normalised 1×3×H×W BGR tensor.
     */
    static void resizeNormalise(byte[] bgr, int w, int h, int ow, int oh, float[] out) {
        int plane = ow * oh;
        float sx = (float) w / ow, sy = (float) h / oh;
        int[] x0 = new int[ow], x1 = new int[ow];
        float[] fx = new float[ow];
        for (int x = 0; x < ow; x++) {
            float in = x * sx;
            int lo = (int) Math.floor(in);
            x0[x] = lo * 3;
            x1[x] = Math.min(lo + 1, w - 1) * 3;
            fx[x] = in - lo;
        }
        for (int y = 0; y < oh; y++) {
            float in = y * sy;
            int lo = (int) Math.floor(in);
            float fy = in - lo;
            int r0 = lo * w * 3, r1 = Math.min(lo + 1, h - 1) * w * 3;
            int o = y * ow;
            for (int x = 0; x < ow; x++) {
                int tl = r0 + x0[x], tr = r0 + x1[x], bl = r1 + x0[x], br = r1 + x1[x];
                float f = fx[x];
                for (int c = 0, at = o + x; c < 3; c++, at += plane) {
                    float top = lerp(bgr[tl + c] & 0xff, bgr[tr + c] & 0xff, f);
                    float bottom = lerp(bgr[bl + c] & 0xff, bgr[br + c] & 0xff, f);
                    out[at] = (lerp(top, bottom, fy) - MEAN) * SCALE;
                }
            }
        }
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    /**
     * Crops {@code cw × ch} at ({@code cx, cy}) and stretches it to {@code size × size} as a canvas {@code drawImage}
     * does: bilinear with half-pixel centres and edge clamp (OpenCV's INTER_LINEAR, without its fixed-point rounding),
     * stored as 8-bit (round half to even), then normalised into {@code out} as 3 BGR planes.
     */
    static void patch(byte[] bgr, int w, int cx, int cy, int cw, int ch, int size, float[] out, int offset) {
        double fx = (double) cw / size, fy = (double) ch / size;
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            double syf = Math.min(Math.max((y + 0.5) * fy - 0.5, 0), ch - 1);
            int y0 = (int) Math.floor(syf), y1 = Math.min(y0 + 1, ch - 1);
            double wy = syf - y0;
            int r0 = ((cy + y0) * w + cx) * 3, r1 = ((cy + y1) * w + cx) * 3;
            for (int x = 0; x < size; x++) {
                double sxf = Math.min(Math.max((x + 0.5) * fx - 0.5, 0), cw - 1);
                int x0 = (int) Math.floor(sxf), x1 = Math.min(x0 + 1, cw - 1);
                double wx = sxf - x0;
                for (int c = 0; c < 3; c++) {
                    int a = bgr[r0 + x0 * 3 + c] & 0xff, bb = bgr[r0 + x1 * 3 + c] & 0xff;
                    int e = bgr[r1 + x0 * 3 + c] & 0xff, f = bgr[r1 + x1 * 3 + c] & 0xff;
                    double top = a + (bb - a) * wx, bot = e + (f - e) * wx;
                    double v = Math.min(255, Math.max(0, Math.rint(top + (bot - top) * wy)));
                    out[offset + c * plane + y * size + x] = ((float) v - MEAN) * SCALE;
                }
            }
        }
    }

    private static double[] unbox(List<Double> xs) {
        double[] a = new double[xs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = xs.get(i);
        }
        return a;
    }
}
