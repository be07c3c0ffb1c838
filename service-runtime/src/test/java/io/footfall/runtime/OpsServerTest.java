package io.footfall.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.footfall.runtime.ops.Health;
import io.footfall.runtime.ops.OpsServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void metrics_are_served_in_prometheus_text_and_health_follows_components() throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("footfall_frames_published").tag("camera", "door").register(meters).increment(3);
        AtomicBoolean up = new AtomicBoolean(false);
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, meters)) {
            HttpResponse<String> starting = get(ops, "/health");
            assertThat(starting.statusCode()).as("nothing registered yet").isEqualTo(503);
            assertThat(starting.body()).contains("\"status\":\"DOWN\"", "starting");
            ops.register("detector", () -> up.get() ? Health.up("RUNNING") : Health.down("REBALANCING"));

            HttpResponse<String> metrics = get(ops, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("footfall_frames_published_total{camera=\"door\"} 3.0");

            HttpResponse<String> down = get(ops, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"detector\":{\"status\":\"DOWN\",\"detail\":\"REBALANCING\"}");

            up.set(true);
            assertThat(get(ops, "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_slow_request_does_not_hold_up_metrics_or_health() throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, meters)) {
            ops.register("service", () -> Health.up("RUNNING"));
            // given a route whose handler is stuck (a slow client, a slow lookup)
            ops.route("/slow", new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    release.await();
                    response.setStatus(204);
                    callback.succeeded();
                    return true;
                }
            });
            var slow = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/slow")).build(),
                    HttpResponse.BodyHandlers.discarding());
            try {
                // when Prometheus scrapes and a probe checks health meanwhile
                var metrics = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());

                // then both are answered while the slow request still waits
                assertThat(metrics.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(get(ops, "/health").statusCode()).isEqualTo(200);
                assertThat(slow).isNotDone();
            } finally {
                release.countDown();
            }
            assertThat(slow.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void health_is_json_whatever_a_detail_holds() throws Exception {
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            ops.register("feed", () -> Health.down("broker \"b1\"\n\u0001 unreachable\\"));
            ops.register("none", () -> Health.up(null));

            HttpResponse<String> health = get(ops, "/health");

            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode json = new ObjectMapper().readTree(health.body());
            assertThat(json.get("status").asText()).isEqualTo("DOWN");
            assertThat(json.at("/components/feed/detail").asText()).isEqualTo("broker \"b1\"\n\u0001 unreachable\\");
            assertThat(json.at("/components/none/status").asText()).isEqualTo("UP");
            assertThat(json.at("/components/none/detail").asText()).isEmpty();
        }
    }

    @Test
    void errors_the_server_answers_itself_are_short_json_and_head_is_quiet() throws Exception {
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            for (String request : new String[] {
                    "GET /%zz HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n",
                    "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n",
                    "GET /nothing-here HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n"}) {
                String answer = raw(ops.port(), request);
                assertThat(answer).as(answer).startsWith("HTTP/1.1 4");
                assertThat(answer).as(answer).containsIgnoringCase("Content-Type: application/json");
                String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                assertThat(body).as(body).startsWith("{\"error\":").doesNotContain("<html").hasSizeLessThan(300);
            }
            String head = raw(ops.port(), "HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 ");
            assertThat(head.substring(head.indexOf("\r\n\r\n") + 4)).isEmpty();
        }
    }

    /** One raw HTTP/1.1 exchange; the answer as text, up to the server closing or 2 s of silence. */
    private static String raw(int port, String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = s.getInputStream().read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                    String text = got.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
                    if (end >= 0 && length.find() && text.length() >= end + 4 + Integer.parseInt(length.group(1))) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException quiet) {
                // the answer so far
            }
            return got.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void a_taken_port_says_which_setting_to_change() throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (OpsServer first = OpsServer.start("127.0.0.1", 0, meters)) {
            assertThatThrownBy(() -> OpsServer.start("127.0.0.1", first.port(), meters))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cannot serve /metrics on 127.0.0.1:" + first.port())
                    .hasMessageContaining("metrics.port");
            assertThat(get(first, "/metrics").statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(OpsServer ops, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
