package io.footfall.faces;

import java.nio.charset.StandardCharsets;

/**
 * What kind of file a photo really is, from its first bytes (never from its name or declared type), and for PNG, WebP and
 * BMP the size their header claims, so an oversized photo is refused before any pixel is decoded.
 */
public enum ImageType {
    JPEG("JPEG", "a JPEG image", true),
    PNG("PNG", "a PNG image", true),
    GIF("GIF", "a GIF image", false),
    WEBP("WebP", "a WebP image", true),
    HEIF("HEIF", "a HEIC/HEIF image (as iPhones save them)", false),
    BMP("BMP", "a BMP image", true),
    TIFF("TIFF", "a TIFF image", false),
    PDF("PDF", "a PDF document", false),
    TEXT("text", "a text file", false),
    UNKNOWN("unknown", "not an image format Footfall knows", false);

    /** The eight bytes every PNG file starts with. */
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    /** A BMP's file header; its info header, with the size, follows. */
    private static final int BMP_FILE_HEADER = 14;

    private final String format;
    private final String description;
    private final boolean supported;

    ImageType(String format, String description, boolean supported) {
        this.format = format;
        this.description = description;
        this.supported = supported;
    }

    /** Whether the photo pipeline can decode it (JPEG, PNG, WebP, BMP). */
    public boolean supported() {
        return supported;
    }

    /** The format's short name, as in "the PNG is truncated". */
    public String format() {
        return format;
    }

    /** What the file is, as in "the file is a PDF document". */
    public String description() {
        return description;
    }

    /** The type of the encoded bytes; {@link #UNKNOWN} for empty or unrecognised bytes. */
    public static ImageType sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return JPEG;
        }
        if (starts(b, 0, PNG_SIGNATURE)) {
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
        if (starts(b, 0, "BM") && b.length > BMP_FILE_HEADER) {
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

    /**
     * Width and height as the header of a PNG, WebP or BMP claims them; {-1, -1} when the bytes end before the size.
     *
     * @throws IllegalStateException for the other types, whose size is not read from a header here
     */
    public long[] headerSize(byte[] b) {
        return switch (this) {
            case PNG -> pngSize(b);
            case WEBP -> webpSize(b);
            case BMP -> bmpSize(b);
            default -> throw new IllegalStateException("the size of " + description + " is not read from its header");
        };
    }

    /** Width and height from the IHDR chunk. */
    private static long[] pngSize(byte[] b) {
        return b.length < 24 ? new long[] {-1, -1} : new long[] {be32(b, 16), be32(b, 20)};
    }

    /** Width and height from the first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X); {0, 0} for another chunk. */
    private static long[] webpSize(byte[] b) {
        if (b.length < 30) {
            return new long[] {-1, -1};
        }
        String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> new long[] {le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff};
            case "VP8L" -> {
                long bits = (b[21] & 0xffL) | (b[22] & 0xffL) << 8 | (b[23] & 0xffL) << 16 | (b[24] & 0xffL) << 24;
                yield new long[] {(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1};
            }
            case "VP8X" -> new long[] {(le16(b, 24) | (b[26] & 0xffL) << 16) + 1, (le16(b, 27) | (b[29] & 0xffL) << 16) + 1};
            default -> new long[] {0, 0};
        };
    }

    /** Width and height from a BMP's info header (the height is negative for top-down bitmaps). */
    private static long[] bmpSize(byte[] b) {
        if (b.length < 26) {
            return new long[] {-1, -1};
        }
        long w = (b[18] & 0xffL) | (b[19] & 0xffL) << 8 | (b[20] & 0xffL) << 16 | (long) b[21] << 24;
        long h = (b[22] & 0xffL) | (b[23] & 0xffL) << 8 | (b[24] & 0xffL) << 16 | (long) b[25] << 24;
        return new long[] {Math.abs(w), Math.abs(h)};
    }

    private static long le16(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8;
    }

    private static long be32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }

    private static boolean starts(byte[] b, int at, String ascii) {
        return starts(b, at, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean starts(byte[] b, int at, byte[] s) {
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
