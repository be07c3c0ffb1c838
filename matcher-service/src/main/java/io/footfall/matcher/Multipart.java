package io.footfall.matcher;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parser of {@code multipart/form-data} request bodies (RFC 7578) held in memory, for the identity API's photo
 * uploads. The caller limits the body's size before it is read; this class limits the number of parts and the size
 * of each part's header section, and refuses anything malformed (no boundary, a missing closing delimiter, a part
 * without a {@code Content-Disposition: form-data} name) with a {@link MalformedException} whose message says what
 * is wrong.
 */
public final class Multipart {

    /** One part: its form field name, the file name if it is a file, its declared content type, and its bytes. */
    public record Part(String name, String filename, String contentType, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** The body is not well-formed multipart/form-data. */
    public static final class MalformedException extends Exception {
        public MalformedException(String message) {
            super(message);
        }
    }

    static final int MAX_PARTS = 100;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private Multipart() {}

    /** Whether a Content-Type header value is multipart/form-data. */
    public static boolean isFormData(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The boundary parameter of a multipart/form-data Content-Type. */
    public static String boundary(String contentType) throws MalformedException {
        Map<String, String> params = parameters(contentType.substring(contentType.indexOf(';') < 0 ? contentType.length() : contentType.indexOf(';')));
        String boundary = params.get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new MalformedException("the Content-Type multipart/form-data has no boundary parameter");
        }
        if (boundary.length() > 70) {
            throw new MalformedException("the multipart boundary is longer than 70 characters");
        }
        return boundary;
    }

    /** The parts of a body, in order. */
    public static List<Part> parse(byte[] body, String contentType) throws MalformedException {
        byte[] dashBoundary = ("--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] delimiter = concat(CRLF, dashBoundary);
        // the first boundary: at the very start, or after a preamble ending in CRLF
        int at;
        if (startsWith(body, 0, dashBoundary)) {
            at = dashBoundary.length;
        } else {
            int found = indexOf(body, delimiter, 0);
            if (found < 0) {
                throw new MalformedException("the body does not contain the boundary given in its Content-Type");
            }
            at = found + delimiter.length;
        }
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (startsWith(body, at, new byte[] {'-', '-'})) {
                return parts; // close delimiter; an epilogue after it is ignored
            }
            at = skipTransportPadding(body, at);
            if (!startsWith(body, at, CRLF)) {
                throw new MalformedException("a multipart boundary is not followed by a line break");
            }
            at += 2;
            int headersEnd = indexOf(body, HEADER_END, at);
            boolean noHeaders = startsWith(body, at, CRLF);
            if (!noHeaders && (headersEnd < 0 || headersEnd - at > MAX_HEADER_BYTES)) {
                throw new MalformedException(headersEnd < 0 ? "a part's headers are not terminated (the body is truncated)"
                        : "a part's headers are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            Map<String, String> headers = noHeaders ? Map.of() : headers(new String(body, at, headersEnd - at, StandardCharsets.UTF_8));
            int dataStart = noHeaders ? at + 2 : headersEnd + HEADER_END.length;
            int dataEnd = indexOf(body, delimiter, dataStart);
            if (dataEnd < 0) {
                throw new MalformedException("the body ends before the closing boundary (it is truncated)");
            }
            if (parts.size() == MAX_PARTS) {
                throw new MalformedException("more than " + MAX_PARTS + " parts");
            }
            String disposition = headers.get("content-disposition");
            if (disposition == null || !disposition.strip().toLowerCase(Locale.ROOT).startsWith("form-data")) {
                throw new MalformedException("part " + (parts.size() + 1) + " has no 'Content-Disposition: form-data' header");
            }
            Map<String, String> params = parameters(disposition.substring(disposition.indexOf(';') < 0 ? disposition.length() : disposition.indexOf(';')));
            String name = params.get("name");
            if (name == null) {
                throw new MalformedException("part " + (parts.size() + 1) + " has no field name");
            }
            String filename = params.containsKey("filename*") ? params.get("filename*") : params.get("filename");
            byte[] data = java.util.Arrays.copyOfRange(body, dataStart, dataEnd);
            parts.add(new Part(name, filename, headers.get("content-type"), data));
            at = dataEnd + delimiter.length;
        }
    }

    private static int skipTransportPadding(byte[] body, int at) {
        while (at < body.length && (body[at] == ' ' || body[at] == '\t')) {
            at++;
        }
        return at;
    }

    private static Map<String, String> headers(String block) throws MalformedException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedException("a part has a malformed header line: '" + abbreviate(line) + "'");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return headers;
    }

    /** Parameters {@code ; key=value; key="quoted \" value"; key*=UTF-8''percent%20encoded} of a header value. */
    static Map<String, String> parameters(String s) throws MalformedException {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ';' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int eq = s.indexOf('=', i);
            int semi = s.indexOf(';', i);
            if (eq < 0 || (semi >= 0 && semi < eq)) {
                i = semi < 0 ? n : semi + 1; // a flag without a value: ignored
                continue;
            }
            String key = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder v = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = s.charAt(i++);
                    if (d == '\\' && i < n) {
                        v.append(s.charAt(i++));
                    } else if (d == '"') {
                        closed = true;
                        break;
                    } else {
                        v.append(d);
                    }
                }
                if (!closed) {
                    throw new MalformedException("an unterminated quoted value for '" + key + "'");
                }
                value = v.toString();
            } else {
                int end = s.indexOf(';', i);
                value = s.substring(i, end < 0 ? n : end).strip();
                i = end < 0 ? n : end;
            }
            if (key.endsWith("*")) {
                value = extended(value);
            }
            params.put(key, value);
        }
        return params;
    }

    /** RFC 8187 {@code charset'lang'percent-encoded}. */
    private static String extended(String value) throws MalformedException {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return value;
        }
        String charset = value.substring(0, first);
        try {
            return URLDecoder.decode(value.substring(second + 1).replace("+", "%2B"),
                    charset.isEmpty() ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(charset));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("a malformed encoded parameter value: " + abbreviate(value));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] body, byte[] pattern, int from) {
        byte first = pattern[0];
        int last = body.length - pattern.length;
        for (int i = Math.max(0, from); i <= last; i++) {
            if (body[i] == first && startsWith(body, i, pattern)) {
                return i;
            }
        }
        return -1;
    }
}
