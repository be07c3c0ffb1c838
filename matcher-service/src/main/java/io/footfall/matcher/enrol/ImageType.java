package io.footfall.matcher.enrol;

import java.nio.charset.StandardCharsets;

/** What kind of file a photo really is, from its first bytes (never from its name or declared type). */
public enum ImageType {
    JPEG("a JPEG image", true),
    PNG("a PNG image", true),
    GIF("a GIF image", false),
    WEBP("a WebP image", true),
    HEIF("a HEIC/HEIF image (as iPhones save them)", false),
    BMP("a BMP image", true),
    TIFF("a TIFF image", false),
    PDF("a PDF document", false),
    TEXT("a text file", false),
    UNKNOWN("not an image format Footfall knows", false);

    private final String description;
    private final boolean supported;

    ImageType(String description, boolean supported) {
        this.description = description;
        this.supported = supported;
    }

    /** Whether the photo pipeline can decode it (JPEG, PNG, WebP, BMP). */
    public boolean supported() {
        return supported;
    }

    public String description() {
        return description;
    }

    public static ImageType sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return JPEG;
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0D && b[5] == 0x0A) {
            return PNG;
        }
        if (starts(b, 0, "GIF8")) {
            return GIF;
        }
        if (starts(b, 0, "RIFF") && starts(b, 8, "WEBP")) {
            return WEBP;
        }
        if (starts(b, 4, "ftyp") && (starts(b, 8, "heic") || starts(b, 8, "heix") || starts(b, 8, "mif1") || starts(b, 8, "msf1")
                || starts(b, 8, "hevc") || starts(b, 8, "avif"))) {
            return HEIF;
        }
        if (starts(b, 0, "BM") && b.length > 14) {
            return BMP;
        }
        if (starts(b, 0, "II*\0") || starts(b, 0, "MM\0*")) {
            return TIFF;
        }
        if (starts(b, 0, "%PDF")) {
            return PDF;
        }
        return looksLikeText(b) ? TEXT : UNKNOWN;
    }

    private static boolean starts(byte[] b, int at, String ascii) {
        byte[] s = ascii.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length < at + s.length) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (b[at + i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeText(byte[] b) {
        if (b.length == 0) {
            return false;
        }
        int n = Math.min(b.length, 512);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B)) {
                return false;
            }
        }
        return true;
    }
}
