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
