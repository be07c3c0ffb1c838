package io.footfall.matcher;

import io.footfall.runtime.ops.BodyReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Attributes;

/**
 * The identity API's uploads: a {@code multipart/form-data} body (RFC 7578) of at most a given size, read into
 * memory and parsed by Jetty's {@link MultiPartFormData} with at most {@link #MAX_PARTS} parts of headers up to
 * {@link #MAX_HEADER_BYTES}; every part must name its form field. A body that is not well-formed is refused with a
 * {@link MalformedException} whose message says what is wrong.
 */
final class MultipartForm {

    /** One part: its form field name, the file name if it is a file, its declared content type, and its bytes. */
    record Part(String name, String filename, String contentType, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** The body is not well-formed multipart/form-data. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    static final int MAX_PARTS = 100;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_BOUNDARY = 70;

    private MultipartForm() {}

    /** Whether a Content-Type header value is multipart/form-data. */
    static boolean isFormData(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * The request body, or null when it is larger than {@code maxBytes}; it must arrive at {@link BodyReader#DEFAULT}'s
     * pace (10 s of grace, then 8 KiB a second).
     *
     * @throws BodyReader.TooSlowException when it comes slower
     */
    static byte[] read(Request request, int maxBytes) throws IOException {
        long length = request.getLength();
        if (length > maxBytes) {
            return null;
        }
        return BodyReader.DEFAULT.read(request, maxBytes);
    }

    /** The parts of a body, in order. */
    static List<Part> parse(byte[] body, String contentType, int maxBytes) throws MalformedException {
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary != null && boundary.length() > MAX_BOUNDARY) {
            throw new MalformedException("the multipart boundary is longer than " + MAX_BOUNDARY + " characters");
        }
        MultiPartConfig config = new MultiPartConfig.Builder().maxParts(MAX_PARTS).maxHeadersSize(MAX_HEADER_BYTES)
                .maxSize(maxBytes).maxPartSize(maxBytes).maxMemoryPartSize(maxBytes).useFilesForPartsWithoutFileName(false).build();
        try (MultiPartFormData.Parts parts = MultiPartFormData.getParts(Content.Source.from(ByteBuffer.wrap(body)), new Attributes.Mapped(),
                contentType, config)) {
            List<Part> out = new ArrayList<>();
            for (MultiPart.Part p : parts) {
                if (p.getName() == null) {
                    throw new MalformedException("part " + (out.size() + 1) + " has no field name (a 'Content-Disposition: form-data; name=...' header)");
                }
                out.add(new Part(p.getName(), p.getFileName(), p.getHeaders().get(HttpHeader.CONTENT_TYPE), bytes(p)));
            }
            return out;
        } catch (CompletionException | IllegalStateException | IllegalArgumentException e) {
            throw new MalformedException(reason(e));
        }
    }

    private static byte[] bytes(MultiPart.Part part) throws MalformedException {
        try {
            ByteBuffer buffer = Content.Source.asByteBuffer(part.getContentSource());
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            return data;
        } catch (IOException e) {
            throw new MalformedException("a part could not be read: " + e.getMessage());
        }
    }

    /** What the parser found wrong, in the API's words. */
    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof EOFException) {
            return message.contains("PREAMBLE") ? "the body does not contain the boundary given in its Content-Type"
                    : "the body ends before the closing boundary (it is truncated)";
        }
        if (message.startsWith("headers max length exceeded")) {
            return "a part's headers are longer than " + MAX_HEADER_BYTES + " bytes";
        }
        if (message.startsWith("Form with too many keys")) {
            return "more than " + MAX_PARTS + " parts";
        }
        if (message.startsWith("No multipart boundary")) {
            return "the Content-Type multipart/form-data has no boundary parameter";
        }
        return message.replaceFirst("^\\d{3}: ", "");
    }
}
