package io.footfall.models;

import io.footfall.models.ModelDescriptor.Input;

/** Turns packed RGB pixels into a model's normalised N×3×H×W float input, as its descriptor says. */
public final class ImageTensors {

    private ImageTensors() {}

    /**
     * @param rgb    {@code 0xRRGGBB} per pixel, row by row (as {@code BufferedImage.getRGB} returns; alpha ignored)
     * @return {@code 3 × height × width} floats: the planes in the descriptor's channel order, each
     *         {@code (x − mean) / std}
     */
    public static float[] chw(int[] rgb, int width, int height, Input input) {
        if (rgb.length != width * height) {
            throw new IllegalArgumentException(rgb.length + " pixels is not " + width + "×" + height);
        }
        boolean bgr = "BGR".equals(input.channels());
        int plane = width * height;
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * (bgr ? 2 - c : c);
            float mean = (float) input.mean()[c];
            float std = (float) input.std()[c];
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = (((rgb[i] >> shift) & 0xff) - mean) / std;
            }
        }
        return out;
    }
}
