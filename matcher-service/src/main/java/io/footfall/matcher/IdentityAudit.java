package io.footfall.matcher;

import io.footfall.matcher.enrol.Enroller;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity API's audit trail: one line per enrolment, photos added, deletion, verification and refused token on the
 * {@code io.footfall.audit} logger (INFO; WARN for a refused token), as {@code key=value} fields: the action, the
 * outcome (HTTP status), the identity id when there is one, and the client's address. Never the token, a name, a photo
 * or an embedding. Each line is counted in {@code footfall_matcher_api_audit_total{action,status}}.
 */
final class IdentityAudit {

    private static final Logger log = LoggerFactory.getLogger("io.footfall.audit");
    private static final int MAX_ID = 64;

    private static volatile MeterRegistry meters;

    private IdentityAudit() {}

    static void meters(MeterRegistry registry) {
        meters = registry;
    }

    /**
     * A write or a verification that was answered {@code status}; the identity is the answer's id, else the one the
     * request named ({@code requested}, may be null), so that a refused or failed request is traced too.
     */
    static void answered(String action, Request request, int status, Object body, String requested) {
        String identity = body instanceof Map<?, ?> m && m.get("id") instanceof String id ? id : requested;
        log.info("audit action={} status={} identity={} client={}", action, status, identity == null ? "-" : clip(identity), client(request));
        count(action, status);
    }

    /** A write or verification refused for a missing or wrong token. */
    static void refused(Request request) {
        log.warn("audit action=refused-token status=401 method={} client={}", request.getMethod(), client(request));
        count("refused-token", 401);
    }

    private static void count(String action, int status) {
        MeterRegistry m = meters;
        if (m != null) {
            m.counter("footfall_matcher_api_audit", "action", action, "status", Integer.toString(status)).increment();
        }
    }

    private static String client(Request request) {
        return Request.getRemoteAddr(request);
    }

    /** Input as echoed in an answer or a log line: cut to a readable length, control characters replaced. */
    static String clip(String id) {
        String printable = id.codePoints().map(c -> Enroller.unprintable(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= MAX_ID ? printable : printable.substring(0, MAX_ID) + "…";
    }
}
