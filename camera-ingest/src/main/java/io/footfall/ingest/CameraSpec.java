package io.footfall.ingest;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One camera as configured: where to read it and how to sample it.
 *
 * @param id camera id, the key of every record it produces (letters, digits, {@code - _ .})
 * @param url {@code rtsp://}, {@code rtsps://}, {@code http(s)://}, a file path or {@code file:} URL, or a
 *     local device such as {@code /dev/video0}
 * @param fps frames per second to analyse, sampled by capture time
 * @param maxWidth frames wider than this are scaled down before JPEG encoding
 * @param jpegQuality JPEG quality 1..100
 * @param enabled a disabled camera is kept in the file but not read
 * @param loop for files: start again at the end (a file camera then behaves like a live one); when false the file
 *     is played once and the camera reports {@code ENDED} at its end
 */
public record CameraSpec(String id, String url, double fps, int maxWidth, int jpegQuality, boolean enabled, boolean loop) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern URL_SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*://");

    public CameraSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("camera id '" + id + "' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (url.isBlank()) {
            throw new IllegalArgumentException("camera '" + id + "' has no url");
        }
        if (!(fps > 0 && fps <= 60)) {
            throw new IllegalArgumentException("camera '" + id + "': fps must be above 0 and at most 60, got " + fps);
        }
        if (maxWidth < 64 || maxWidth > 7680) {
            throw new IllegalArgumentException("camera '" + id + "': max-width must be between 64 and 7680, got " + maxWidth);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("camera '" + id + "': jpeg-quality must be between 1 and 100, got " + jpegQuality);
        }
    }

    /** Whether the source is a network stream (as opposed to a file or local device). */
    public boolean isNetworkStream() {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("rtsp://") || u.startsWith("rtsps://") || u.startsWith("http://") || u.startsWith("https://")
                || u.startsWith("rtmp://") || u.startsWith("udp://") || u.startsWith("srt://");
    }

    /**
     * Whether the source is a video file: a {@code file:} URL or a path, not a device under {@code /dev/} and not
     * any other {@code scheme://} URL. Only a file can come to an end for good (see {@link #loop()}).
     */
    public boolean isFile() {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("file:")) {
            return true;
        }
        return !u.startsWith("/dev/") && !URL_SCHEME.matcher(u).lookingAt();
    }

    /** The URL safe to show in logs, metrics and events. */
    public String redactedUrl() {
        return Urls.redact(url);
    }

    @Override
    public String toString() {
        return "CameraSpec[" + id + " " + redactedUrl() + " fps=" + fps + " maxWidth=" + maxWidth + " q=" + jpegQuality
                + (enabled ? "" : " disabled") + "]";
    }
}
