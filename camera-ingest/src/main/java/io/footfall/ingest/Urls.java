package io.footfall.ingest;

import java.util.regex.Pattern;

/** Removes credentials from camera URLs, wherever they appear in a string (URLs, FFmpeg error messages). */
public final class Urls {

    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/\\s\"']*@");

    private Urls() {}

    /** {@code rtsp://admin:secret@10.0.0.7/s1} becomes {@code rtsp://***@10.0.0.7/s1}. */
    public static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
    }
}
