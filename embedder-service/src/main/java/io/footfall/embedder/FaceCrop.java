package io.footfall.embedder;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * A face crop as packed 8-bit RGB, row by row ({@code width × height × 3} bytes, R then G then B).
 * Any size: the embedder pads it to the model's aspect and resizes it, as face-api.js does.
 */
public record FaceCrop(int width, int height, byte[] rgb) {

    public FaceCrop {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a crop needs a positive size, got " + width + "×" + height);
        }
        if (rgb == null || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("a " + width + "×" + height + " RGB24 crop has " + width * height * 3 + " bytes, got "
                    + (rgb == null ? "none" : rgb.length));
        }
    }

    public static FaceCrop of(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new FaceCrop(w, h, rgb);
    }

    /** Decodes a PNG or JPEG; an undecodable image is an {@link IOException} that says so. */
    public static FaceCrop decode(byte[] encoded) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        if (image == null) {
            throw new IOException("the " + encoded.length + " bytes are not an image ImageIO can decode");
        }
        return of(image);
    }
}
