package io.footfall.matcher;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.ops.Replies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Who may do what on the matcher's HTTP port. Writes and verification need {@code matcher.api-token}; reading the
 * people enrolled and the live events needs that token or {@code matcher.api-read-token}, a read-only one for
 * dashboards and viewers. A token not configured turns what it guards off (403); a missing or wrong one is 401. The
 * scheme is case-insensitive (RFC 7235), tokens are compared in constant time, and a refused request is answered
 * before its body is read.
 */
public final class ApiAccess {

    /** How long what a refused client still sends is read and dropped after the answer. */
    static final Duration REFUSED_LINGER = Duration.ofSeconds(5);

    private final byte[] writeToken;
    private final byte[] readToken;
    private final long lingerBytes;

    public ApiAccess(String writeToken, String readToken, long lingerBytes) {
        this.writeToken = bytes(writeToken);
        this.readToken = bytes(readToken);
        this.lingerBytes = lingerBytes;
    }

    public static ApiAccess from(Config config) {
        return new ApiAccess(config.get(MatcherSettings.API_TOKEN), config.get(MatcherSettings.API_READ_TOKEN),
                2L * config.get(MatcherSettings.MAX_UPLOAD_BYTES));
    }

    private static byte[] bytes(String token) {
        return token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the request carries the write token. */
    public boolean canWrite(Request request) {
        return matches(request, writeToken);
    }

    /** Whether the request carries the write token or the read token. */
    public boolean canRead(Request request) {
        return matches(request, writeToken) || matches(request, readToken);
    }

    private static boolean matches(Request request, byte[] token) {
        if (token == null) {
            return false;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
        byte[] given = bearer ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(given, token);
    }

    /** 403 when writes are off (no write token), else 401; audited. */
    public void refuseWrite(Request request, Response response, Callback callback) {
        if (writeToken == null) {
            Replies.errorThenLinger(request, response, callback, 403, "writes and verification are disabled: set matcher.api-token to enable them",
                    lingerBytes, REFUSED_LINGER);
            return;
        }
        refuse(request, response, callback, "missing or wrong bearer token (Authorization: Bearer <matcher.api-token>)");
    }

    /** 403 when no token is configured at all, else 401; audited. */
    public void refuseRead(Request request, Response response, Callback callback) {
        if (writeToken == null && readToken == null) {
            Replies.errorThenLinger(request, response, callback, 403, "reading people and events is disabled: set matcher.api-read-token "
                    + "(read-only) or matcher.api-token", lingerBytes, REFUSED_LINGER);
            return;
        }
        refuse(request, response, callback, "missing or wrong bearer token (Authorization: Bearer <matcher.api-read-token or matcher.api-token>)");
    }

    private void refuse(Request request, Response response, Callback callback, String message) {
        IdentityAudit.refused(request);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        Replies.errorThenLinger(request, response, callback, 401, message, lingerBytes, REFUSED_LINGER);
    }

    /** {@code handler} behind the read check. */
    public Handler readers(Handler handler) {
        return new Handler.Wrapper(handler) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!canRead(request)) {
                    refuseRead(request, response, callback);
                    return true;
                }
                return super.handle(request, response, callback);
            }
        };
    }
}
