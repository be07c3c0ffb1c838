package io.footfall.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageTypeTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    @Test
    void the_image_type_is_read_from_the_bytes() {
        assertThat(ImageType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).isEqualTo(ImageType.JPEG);
        assertThat(ImageType.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})).isEqualTo(ImageType.PNG);
        assertThat(ImageType.sniff("GIF89a....".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(ImageType.GIF);
        assertThat(ImageType.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(ImageType.WEBP);
        assertThat(ImageType.sniff("\0\0\0\u0018ftypheic\0\0".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(ImageType.HEIF);
        assertThat(ImageType.sniff("%PDF-1.7".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(ImageType.PDF);
        assertThat(ImageType.sniff("name,photo\nada,ada.jpg\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(ImageType.TEXT);
        assertThat(ImageType.sniff(new byte[] {0, 1, 2, 3})).isEqualTo(ImageType.UNKNOWN);
        assertThat(ImageType.sniff(new byte[0])).isEqualTo(ImageType.UNKNOWN);
        assertThat(ImageType.JPEG.supported()).isTrue();
        assertThat(ImageType.TEXT.supported()).isFalse();
        assertThat(ImageType.WEBP.supported()).as("PhotoFaces decodes WebP and BMP").isTrue();
        assertThat(ImageType.HEIF.supported()).isFalse();
    }

    @Test
    void a_png_needs_its_whole_eight_byte_signature() {
        for (int i = 4; i < PNG_SIGNATURE.length; i++) {
            byte[] wrong = png(100, 80);
            wrong[i] ^= 0x20;
            assertThat(ImageType.sniff(wrong)).as("byte %d changed", i).isNotEqualTo(ImageType.PNG);
        }
        assertThat(ImageType.sniff(Arrays.copyOf(PNG_SIGNATURE, 7))).isNotEqualTo(ImageType.PNG);
    }

    @Test
    void tiff_and_bmp_are_told_apart_from_text_that_starts_alike() {
        assertThat(ImageType.sniff("II*\0....".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(ImageType.TIFF);
        assertThat(ImageType.sniff("MM\0*....".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(ImageType.TIFF);
        assertThat(ImageType.sniff(bmp(64, -48))).isEqualTo(ImageType.BMP);
        assertThat(ImageType.sniff("BMW 320d".getBytes(StandardCharsets.ISO_8859_1))).as("no room for a BMP header").isEqualTo(ImageType.TEXT);
        assertThat(ImageType.sniff("BM".getBytes(StandardCharsets.ISO_8859_1))).isNotEqualTo(ImageType.BMP);
    }

    @Test
    void the_header_size_of_each_supported_format_is_read_before_decoding() {
        assertThat(ImageType.PNG.headerSize(png(100, 80))).containsExactly(100, 80);
        assertThat(ImageType.BMP.headerSize(bmp(64, -48))).as("a top-down bitmap").containsExactly(64, 48);
        assertThat(ImageType.WEBP.headerSize(webp("VP8 ", 320, 240))).containsExactly(320, 240);
        assertThat(ImageType.WEBP.headerSize(webp("VP8X", 30000, 20000))).containsExactly(30000, 20000);
        assertThat(ImageType.WEBP.headerSize(webp("VP8L", 17, 9))).containsExactly(17, 9);
        assertThat(ImageType.WEBP.headerSize(webp("ALPH", 17, 9))).as("an unknown first chunk").containsExactly(0, 0);
    }

    @Test
    void a_header_cut_off_before_the_size_says_so() {
        assertThat(ImageType.PNG.headerSize(Arrays.copyOf(png(100, 80), 20))).containsExactly(-1, -1);
        assertThat(ImageType.BMP.headerSize(Arrays.copyOf(bmp(64, 48), 20))).containsExactly(-1, -1);
        assertThat(ImageType.WEBP.headerSize(Arrays.copyOf(webp("VP8 ", 320, 240), 16))).containsExactly(-1, -1);
        assertThat(ImageType.sniff(Arrays.copyOf(png(100, 80), 20))).as("still a PNG, only cut off").isEqualTo(ImageType.PNG);
    }

    @Test
    void garbage_is_unknown_and_has_no_header_size() {
        byte[] garbage = new byte[256];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 11);
        }
        assertThat(ImageType.sniff(garbage)).isEqualTo(ImageType.UNKNOWN);
        assertThat(ImageType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).as("a cut JPEG marker").isNotEqualTo(ImageType.JPEG);
        assertThatThrownBy(() -> ImageType.JPEG.headerSize(garbage)).isInstanceOf(IllegalStateException.class);
        assertThat(ImageType.PNG.format()).isEqualTo("PNG");
        assertThat(ImageType.WEBP.format()).isEqualTo("WebP");
    }

    private static byte[] png(int width, int height) {
        byte[] b = Arrays.copyOf(PNG_SIGNATURE, 33);
        System.arraycopy("\0\0\0\rIHDR".getBytes(StandardCharsets.ISO_8859_1), 0, b, 8, 8);
        putInt(b, 16, width, true);
        putInt(b, 20, height, true);
        return b;
    }

    private static byte[] bmp(int width, int height) {
        byte[] b = new byte[54];
        b[0] = 'B';
        b[1] = 'M';
        b[14] = 40;
        putInt(b, 18, width, false);
        putInt(b, 22, height, false);
        return b;
    }

    private static byte[] webp(String chunk, int width, int height) {
        byte[] b = new byte[30];
        System.arraycopy(("RIFF\0\0\0\0WEBP" + chunk).getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, 16);
        switch (chunk) {
            case "VP8 " -> {
                b[26] = (byte) width;
                b[27] = (byte) (width >> 8);
                b[28] = (byte) height;
                b[29] = (byte) (height >> 8);
            }
            case "VP8L" -> putInt(b, 21, (width - 1) | (height - 1) << 14, false);
            case "VP8X" -> {
                for (int[] at : new int[][] {{24, width - 1}, {27, height - 1}}) {
                    b[at[0]] = (byte) at[1];
                    b[at[0] + 1] = (byte) (at[1] >> 8);
                    b[at[0] + 2] = (byte) (at[1] >> 16);
                }
            }
            default -> { }
        }
        return b;
    }

    private static void putInt(byte[] b, int at, int v, boolean bigEndian) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >> (bigEndian ? 24 - 8 * i : 8 * i));
        }
    }
}
