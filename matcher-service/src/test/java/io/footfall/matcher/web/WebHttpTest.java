package io.footfall.matcher.web;

import static io.footfall.matcher.web.WebFixtures.count;
import static io.footfall.matcher.web.WebFixtures.entered;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.runtime.ops.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's HTTP surface on a real ops server, as in the matcher. */
class WebHttpTest {

    final Instant now = Instant.parse("2026-11-23T15:30:00Z");
    final RecentEvents events = new RecentEvents(50);
    final FootfallCounts counts = new FootfallCounts(Duration.ofDays(8), 1000, Clock.fixed(now, ZoneOffset.UTC));
    final HttpClient http = HttpClient.newHttpClient();
    OpsServer server;
    String base;

    @BeforeEach
    void start() throws Exception {
        server = OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        server.route("/", new StaticFiles("web"));
        server.route("/api/events", new EventStream(events, 2, Duration.ofMillis(200)));
        server.route("/api/counts", new CountsApi(counts, Clock.fixed(now, ZoneOffset.UTC)));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        events.closeAll();
        server.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serves_the_page_and_its_files_with_their_types() throws Exception {
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'", "script-src 'self'");
        assertThat(index.body()).contains("<title>Footfall</title>", "app.js", "style.css");
        assertThat(get("/index.html").body()).isEqualTo(index.body());
        assertThat(get("/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/style.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/favicon.svg").headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(get("/nothing-here.js").statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void no_path_leaves_the_page_folder() throws Exception {
        // raw request lines: an HTTP client would normalise some of these before sending
        for (String path : List.of("/../web/index.html", "/%2e%2e/web/index.html", "/..%2fweb%2findex.html", "/io/footfall/matcher/web/StaticFiles.class",
                "/../io/footfall/matcher/MatcherService.class", "/.hidden.txt", "/web/", "/%00index.html", "//etc/passwd", "/..\\index.html",
                "/app.js/", "/META-INF/MANIFEST.MF")) {
            // 404 from the handler, or 400 where the HTTP server itself refuses the request line
            assertThat(raw("GET " + path + " HTTP/1.1")).as(path).matches("HTTP/1\\.1 40[04] .*");
        }
        assertThat(raw("GET /./index.html HTTP/1.1")).startsWith("HTTP/1.1 404");
    }

    @Test
    void counts_of_a_day_default_to_today_in_utc() throws Exception {
        counts.put(count("door", Instant.parse("2026-11-23T09:00:00Z"), 3, 2, 1));
        counts.put(count("door", Instant.parse("2026-11-22T09:00:00Z"), 9, 2, 1));

        HttpResponse<String> today = get("/api/counts");
        assertThat(today.statusCode()).isEqualTo(200);
        assertThat(today.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(today.body()).contains("\"day\":\"2026-11-23\"", "\"entries\":3").doesNotContain("\"entries\":9");
        assertThat(get("/api/counts?day=2026-11-22").body()).contains("\"entries\":9");
        assertThat(get("/api/counts?day=2026-11-30").body()).contains("\"cameras\":[]");
        HttpResponse<String> bad = get("/api/counts?day=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("day must be a date like 2026-01-31 (UTC)");
        assertThat(raw("GET /api/counts?day=%zz HTTP/1.1")).startsWith("HTTP/1.1 400");
    }

    @Test
    void events_stream_the_backlog_then_live_events_without_blocking_other_requests() throws Exception {
        events.add(entered("door", "t1", "ada", "Ada", now));

        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/api/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        var lines = stream.body().iterator();
        List<String> got = new ArrayList<>();
        while (got.stream().noneMatch(l -> l.startsWith("data:"))) {
            got.add(lines.next());
        }
        assertThat(got).contains("retry: 2000", "id: door:t1:ENTERED", "event: recognition");
        assertThat(got.get(got.size() - 1)).contains("\"name\":\"Ada\"");

        // the open stream does not hold the server's only handler thread
        assertThat(get("/api/counts").statusCode()).isEqualTo(200);

        events.add(entered("door", "t2", null, null, now.plusSeconds(5)));
        String next;
        do {
            next = lines.next();
        } while (!next.startsWith("data:"));
        assertThat(next).contains("\"subject\":\"UNKNOWN\"", "\"visitorId\":\"visitor-t2\"");

        // a notice that counts changed is pushed live, without an id (it is not replayed)
        events.notice("counts", "{\"day\":\"2026-11-23\",\"cameras\":[\"door\"]}");
        List<String> notice = new ArrayList<>();
        do {
            notice.add(lines.next());
        } while (!notice.get(notice.size() - 1).startsWith("data:"));
        assertThat(notice.subList(notice.size() - 2, notice.size()))
                .containsExactly("event: counts", "data: {\"day\":\"2026-11-23\",\"cameras\":[\"door\"]}");

        // a reconnect names the last event it saw and gets only what followed
        HttpResponse<Stream<String>> again = http.send(HttpRequest.newBuilder(URI.create(base + "/api/events"))
                .header("Last-Event-ID", "door:t1:ENTERED").build(), HttpResponse.BodyHandlers.ofLines());
        var resumed = again.body().iterator();
        String first;
        do {
            first = resumed.next();
        } while (!first.startsWith("id:"));
        assertThat(first).isEqualTo("id: door:t2:ENTERED");

        // at most two streams here: a third is refused
        HttpResponse<String> third = get("/api/events");
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
    }

    private String raw(String requestLine) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
        }
    }
}
