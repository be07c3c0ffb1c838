package io.footfall.runtime.ops;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives on its own (a malformed request line or URI, headers over the limit, an unhandled
 * exception) as the same short JSON the routes answer with, {@code {"error": "..."}}, instead of Jetty's HTML page: the
 * standard reason phrase only, never the request's own text, a stack or the server's version.
 */
final class JsonErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        Replies.error(response, callback, code, reason(code));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Replies.JSON_TYPE);
        return ByteBuffer.wrap(Replies.toJson(Map.of("error", reason(status))));
    }

    /** The status's standard phrase in lower case ("bad request"), which says what went wrong without echoing input. */
    static String reason(int code) {
        String phrase = HttpStatus.getMessage(code);
        return phrase == null ? "error " + code : phrase.toLowerCase(java.util.Locale.ROOT);
    }
}
