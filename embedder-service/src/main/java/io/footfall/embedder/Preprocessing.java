package io.footfall.embedder;

import io.footfall.models.ModelDescriptor.Input;

/**
 * Crop → model input, the way face-api.js prepares a face for its recognition net
 * ({@code NetInput.toBatchTensor(size, true)}): zero-pad the shorter side to the model's aspect with
 * {@code round(diff / 2)} after the image and the rest before it ({@code ops/padToSquare.js}), resize with
 * TensorFlow's legacy bilinear ({@code align_corners=false, half_pixel_centers=false}, float output), then
 * {@code (x − mean) / std} per channel in the descriptor's channel order. A crop already at the model's size goes in
 * untouched.
 */
public final class Preprocessing {

    private final int width;
    private final int height;
    private final boolean bgr;
    private final float[] mean = new float[3];
    private final float[] std = new float[3];

    public Preprocessing(Input input) {
        this.width = input.width();
        this.height = input.height();
        this.bgr = "BGR".equals(input.channels());
        for (int c = 0; c < 3; c++) {
            mean[c] = (float) input.mean()[c];
            std[c] = (float) input.std()[c];
        }
    }

    /** Writes the crop's {@code 3 × height × width} planes into {@code out} from {@code offset}. */
    public void write(FaceCrop crop, float[] out, int offset) {
        int plane = width * height;
        if (crop.width() == width && crop.height() == height) {
            byte[] rgb = crop.rgb();
            for (int c = 0; c < 3; c++) {
                int src = bgr ? 2 - c : c;
                int base = offset + c * plane;
                float m = mean[c], s = std[c];
                for (int i = 0; i < plane; i++) {
                    out[base + i] = ((rgb[3 * i + src] & 0xff) - m) / s;
                }
            }
            return;
        }
        // padded canvas: the crop sits at (padX, padY) inside paddedW × paddedH, zeros elsewhere
        int paddedW = crop.width(), paddedH = crop.height();
        long lhs = (long) crop.width() * height, rhs = (long) crop.height() * width;
        if (lhs < rhs) {
            paddedW = (int) Math.round((double) crop.height() * width / height);
        } else if (lhs > rhs) {
            paddedH = (int) Math.round((double) crop.width() * height / width);
        }
        int padX = (paddedW - crop.width()) - (int) Math.round((paddedW - crop.width()) / 2.0);
        int padY = (paddedH - crop.height()) - (int) Math.round((paddedH - crop.height()) / 2.0);
        double ratioY = (double) paddedH / height, ratioX = (double) paddedW / width;
        // source byte offsets of each output column's two neighbours in the crop, -1 where they fall in the padding
        int[] left = new int[width], right = new int[width];
        double[] fx = new double[width];
        for (int x = 0; x < width; x++) {
            double srcX = x * ratioX;
            int x0 = (int) Math.floor(srcX);
            int x1 = Math.min(paddedW - 1, (int) Math.ceil(srcX));
            fx[x] = srcX - x0;
            left[x] = column(x0 - padX, crop.width());
            right[x] = column(x1 - padX, crop.width());
        }
        byte[] rgb = crop.rgb();
        int[] channel = bgr ? new int[] {2, 1, 0} : new int[] {0, 1, 2};
        for (int y = 0; y < height; y++) {
            double srcY = y * ratioY;
            int y0 = (int) Math.floor(srcY);
            int y1 = Math.min(paddedH - 1, (int) Math.ceil(srcY));
            double fy = srcY - y0;
            int top = row(y0 - padY, crop.width(), crop.height());
            int bottom = row(y1 - padY, crop.width(), crop.height());
            for (int c = 0; c < 3; c++) {
                int ch = channel[c];
                float m = mean[c], s = std[c];
                int base = offset + c * plane + y * width;
                for (int x = 0; x < width; x++) {
                    double tl = sample(rgb, top, left[x], ch), tr = sample(rgb, top, right[x], ch);
                    double bl = sample(rgb, bottom, left[x], ch), br = sample(rgb, bottom, right[x], ch);
                    double t = tl + (tr - tl) * fx[x];
                    double b = bl + (br - bl) * fx[x];
                    out[base + x] = ((float) (t + (b - t) * fy) - m) / s;
                }
            }
        }
    }

    private static int column(int x, int cropWidth) {
        return x < 0 || x >= cropWidth ? -1 : 3 * x;
    }

    private static int row(int y, int cropWidth, int cropHeight) {
        return y < 0 || y >= cropHeight ? -1 : 3 * y * cropWidth;
    }

    private static int sample(byte[] rgb, int row, int column, int channel) {
        return row < 0 || column < 0 ? 0 : rgb[row + column + channel] & 0xff;
    }
}
