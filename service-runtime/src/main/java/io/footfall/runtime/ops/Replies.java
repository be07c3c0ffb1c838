package io.footfall.runtime.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one way the ops port answers: JSON written by Jackson ({@code {"error": message}} for errors), plain text, or
 * bytes of a given type. Each method completes the request's callback once the body is sent.
 */
public final class Replies {

    /** The mapper every JSON body of the ops port is written with. */
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String JSON_TYPE = "application/json; charset=utf-8";
    public static final String TEXT_TYPE = "text/plain; charset=utf-8";

    private Replies() {}

    /** {@code body} as JSON, not to be cached. */
    public static void json(Response response, Callback callback, int status, Object body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        bytes(response, callback, status, JSON_TYPE, toJson(body));
    }

    /** {@code {"error": message}}. */
    public static void error(Response response, Callback callback, int status, String message) {
        json(response, callback, status, Map.of("error", message));
    }

    public static void text(Response response, Callback callback, int status, String type, String body) {
        bytes(response, callback, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void bytes(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    public static byte[] toJson(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and drops up to {@code limit} bytes of the request body at {@link BodyReader#DEFAULT}'s pace, so that a
     * client still sending gets the answer rather than a reset connection, and a stalled one holds no thread for long.
     */
    public static void drain(Request request, long limit) {
        BodyReader.DEFAULT.discard(request, limit);
    }
}
