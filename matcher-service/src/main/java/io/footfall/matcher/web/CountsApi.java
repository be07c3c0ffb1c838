package io.footfall.matcher.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.footfall.schema.FootfallCount;
import java.io.IOException;
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

/**
 * {@code GET /api/counts?day=YYYY-MM-DD} (default: today, UTC): the footfall of that day per camera, each camera
 * with its windows (entries, unique known people, unique unknown visitors) and the day's total entries.
 */
public final class CountsApi implements HttpHandler {

    private final FootfallCounts counts;
    private final Clock clock;

    public CountsApi(FootfallCounts counts, Clock clock) {
        this.counts = counts;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                Json.error(exchange, 405, "use GET /api/counts?day=YYYY-MM-DD");
                return;
            }
            if (!exchange.getRequestURI().getPath().equals("/api/counts")) {
                Json.error(exchange, 404, "no such resource; use GET /api/counts?day=YYYY-MM-DD");
                return;
            }
            String param = null;
            LocalDate day;
            try {
                param = query(exchange.getRequestURI().getRawQuery()).get("day");
                day = param == null || param.isEmpty() ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : LocalDate.parse(param);
            } catch (DateTimeParseException | IllegalArgumentException e) {
                Json.error(exchange, 400, "day must be a date like 2026-01-31 (UTC), not '" + param + "'");
                return;
            }
            Json.respond(exchange, 200, view(day, counts.day(day)));
        }
    }

    static Map<String, Object> view(LocalDate day, List<FootfallCount> windows) {
        Map<String, Map<String, Object>> cameras = new LinkedHashMap<>();
        for (FootfallCount c : windows) {
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
