package io.footfall.matcher.web;

import io.footfall.runtime.ops.Replies;
import io.footfall.schema.FootfallCount;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /api/counts?day=YYYY-MM-DD} (default: today, UTC): the footfall of that day per camera, each camera
 * with its windows (entries, unique known people, unique unknown visitors) and the day's total entries.
 */
public final class CountsApi extends Handler.Abstract {

    private final FootfallCounts counts;
    private final Clock clock;

    public CountsApi(FootfallCounts counts, Clock clock) {
        this.counts = counts;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Replies.error(response, callback, 405, "use GET /api/counts?day=YYYY-MM-DD");
            return true;
        }
        if (!request.getHttpURI().getDecodedPath().equals("/api/counts")) {
            Replies.error(response, callback, 404, "no such resource; use GET /api/counts?day=YYYY-MM-DD");
            return true;
        }
        String param = null;
        LocalDate day;
        try {
            param = query(request.getHttpURI().getQuery()).get("day");
            day = param == null || param.isEmpty() ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : LocalDate.parse(param);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            Replies.error(response, callback, 400, "day must be a date like 2026-01-31 (UTC), not '" + shown(param) + "'");
            return true;
        }
        if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
            Replies.error(response, callback, 400, "day must be between " + FIRST_DAY + " and " + LAST_DAY + " (UTC)");
            return true;
        }
        Replies.json(response, callback, 200, view(day, counts.day(day)));
        return true;
    }

    /** The days a count can be asked for: from the epoch to the last day of the year 9999. */
    static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

    /** A parameter as echoed in an error: at most 40 characters. */
    private static String shown(String param) {
        return param == null || param.length() <= 40 ? param : param.substring(0, 40) + "…";
    }

    static Map<String, Object> view(LocalDate day, List<FootfallCount> windows) {
        Map<String, Map<String, Object>> cameras = new LinkedHashMap<>();
        Map<String, Long> byAgeBand = new java.util.TreeMap<>();
        Map<String, Long> byGender = new java.util.TreeMap<>();
        for (FootfallCount c : windows) {
            c.getByAgeBand().forEach((band, n) -> byAgeBand.merge(band, n, Long::sum));
            c.getByGender().forEach((gender, n) -> byGender.merge(gender, n, Long::sum));
            Map<String, Object> camera = cameras.computeIfAbsent(c.getCameraId(), id -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("cameraId", id);
                v.put("entries", 0L);
                v.put("windows", new ArrayList<Map<String, Object>>());
                return v;
            });
            camera.put("entries", (Long) camera.get("entries") + c.getEntries());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) camera.get("windows");
            list.add(Json.window(c));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", day.toString());
        out.put("timeZone", "UTC");
        out.put("from", day.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        out.put("to", day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        out.put("entries", windows.stream().mapToLong(FootfallCount::getEntries).sum());
        out.put("byAgeBand", byAgeBand);
        out.put("byGender", byGender);
        out.put("cameras", List.copyOf(cameras.values()));
        return out;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.putIfAbsent(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
