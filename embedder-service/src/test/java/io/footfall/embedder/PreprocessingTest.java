package io.footfall.embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.models.ModelDescriptor.Input;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

    static Input input(int size, String channels) {
        return new Input("input", "NCHW", size, size, channels, new double[] {10, 20, 30}, new double[] {2, 4, 8});
    }

    static FaceCrop grey(int width, int height, int... values) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < values.length; i++) {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) values[i];
        }
        return new FaceCrop(width, height, rgb);
    }

    @Test
    void a_crop_at_the_model_size_is_only_normalised_per_channel_in_the_descriptors_order() {
        FaceCrop crop = new FaceCrop(1, 1, new byte[] {(byte) 200, 100, 50});
        float[] rgb = new float[3];
        new Preprocessing(input(1, "RGB")).write(crop, rgb, 0);
        assertThat(rgb).containsExactly((200 - 10) / 2f, (100 - 20) / 4f, (50 - 30) / 8f);

        float[] bgr = new float[4];
        new Preprocessing(input(1, "BGR")).write(crop, bgr, 1);
        assertThat(bgr).containsExactly(0, (50 - 10) / 2f, (100 - 20) / 4f, (200 - 30) / 8f);
    }

    @Test
    void a_wide_crop_is_padded_with_zeros_like_face_api_js_the_extra_row_after_the_image() {
        // 4×1 → 4×4: diff 3, round(1.5) = 2 rows after the image, 1 before
        float[] out = new float[3 * 16];
        new Preprocessing(input(4, "RGB")).write(grey(4, 1, 12, 14, 16, 18), out, 0);
        float zero = (0 - 10) / 2f;
        assertThat(java.util.Arrays.copyOfRange(out, 0, 16)).containsExactly(
                zero, zero, zero, zero,
                1, 2, 3, 4,
                zero, zero, zero, zero,
                zero, zero, zero, zero);
    }

    @Test
    void a_tall_crop_is_padded_left_and_right() {
        // 1×2 → 2×2: diff 1, round(0.5) = 1 column after, none before
        float[] out = new float[3 * 4];
        new Preprocessing(input(2, "RGB")).write(grey(1, 2, 12, 14), out, 0);
        float zero = (0 - 10) / 2f;
        assertThat(java.util.Arrays.copyOfRange(out, 0, 4)).containsExactly(1, zero, 2, zero);
    }

    @Test
    void resizing_is_tensorflows_legacy_bilinear_without_half_pixel_centres() {
        // 4×4 → 2×2 samples source pixels 0 and 2 exactly (src = dst · in/out), no averaging
        int[] values = new int[16];
        for (int i = 0; i < 16; i++) {
            values[i] = 10 + i * 10;
        }
        float[] out = new float[3 * 4];
        new Preprocessing(input(2, "RGB")).write(grey(4, 4, values), out, 0);
        assertThat(java.util.Arrays.copyOfRange(out, 0, 4)).containsExactly(
                (10 - 10) / 2f, (30 - 10) / 2f, (90 - 10) / 2f, (110 - 10) / 2f);

        // 2×2 → 3×3: the middle column lies 2/3 of the way to the last, and the last clamps to the edge
        float[] up = new float[3 * 9];
        new Preprocessing(input(3, "RGB")).write(grey(2, 2, 10, 40, 10, 40), up, 0);
        assertThat(up[1]).isCloseTo((10 + 30 * 2 / 3f - 10) / 2f, within(1e-5f));
        assertThat(up[2]).isEqualTo((40 - 10) / 2f);
    }
}
