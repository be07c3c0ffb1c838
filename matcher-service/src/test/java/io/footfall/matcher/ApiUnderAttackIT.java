package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import io.footfall.testing.TestKafka;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matcher's HTTP port as an attacker or a careless client would use it, on loopback: slow request headers and
 * stalled token-less uploads do not starve /health or the API, the auth scheme's case does not matter, bad parameters get
 * a short 400, long input is not echoed, and refused tokens are counted. Every loop is bounded in count and time.
 */
class ApiUnderAttackIT {

    static final int SLOW_HEADERS = 50;
    static final int STALLED_UPLOADS = 50;
    static final String TOKEN = "s3cret-token-of-the-test";

    @TempDir
    Path stateDir;

    @Test
    void slow_and_stalled_clients_do_not_starve_the_port_and_bad_input_gets_short_answers() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Setting<?>> declared = new ArrayList<>(CoreSettings.all());
        declared.addAll(MatcherSettings.all());
        Config config = Config.of(declared, Map.of("kafka.bootstrap-servers", TestKafka.bootstrapServers(), "registry.url", "in-process",
                "metrics.host", "127.0.0.1", "metrics.port", "0", "streams.state-dir", stateDir.toString(),
                "streams.application-id-prefix", "attack-" + run + "-", "topics.partitions", "1", "matcher.api-token", TOKEN));
        List<Socket> sockets = new ArrayList<>();
        ch.qos.logback.classic.Logger auditLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.footfall.audit");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> audit = new ch.qos.logback.core.read.ListAppender<>();
        audit.start();
        auditLog.addAppender(audit);
        ExecutorService tricklers = Executors.newFixedThreadPool(2);
        try (ServiceContext context = ServiceContext.create(config)) {
            MatcherService matcher = new MatcherService(context);
            matcher.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> matcher.streams().state() == KafkaStreams.State.RUNNING);
                int port = context.ops().port();
                String base = "http://127.0.0.1:" + port;
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

                // given 50 connections sending their request headers one byte at a time, and 50 token-less uploads that
                // announce 100 000 bytes and send 8
                for (int i = 0; i < SLOW_HEADERS; i++) {
                    Socket s = connect(port);
                    s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    sockets.add(s);
                }
                List<Socket> slow = List.copyOf(sockets);
                tricklers.submit(() -> {
                    for (int second = 0; second < 20; second++) {
                        for (Socket s : slow) {
                            try {
                                s.getOutputStream().write('a');
                            } catch (Exception gone) {
                                // the server may close it: that is allowed
                            }
                        }
                        TimeUnit.SECONDS.sleep(1);
                    }
                    return null;
                });
                for (int i = 0; i < STALLED_UPLOADS; i++) {
                    Socket s = connect(port);
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /api/verify HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                            + "Content-Length: 100000\r\n\r\n--b\r\nxx").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    sockets.add(s);
                }

                // and one upload with the token that stalls after 8 bytes of its body
                Socket tokened = connect(port);
                long tokenedSince = System.nanoTime();
                tokened.getOutputStream().write(("POST /api/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n"
                        + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\nxx").getBytes(StandardCharsets.US_ASCII));
                sockets.add(tokened);

                // then /health, /metrics and a valid API request still answer within 1 s
                for (String path : List.of("/health", "/metrics", "/api/identities")) {
                    long started = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                                    .header("Authorization", "Bearer " + TOKEN).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    System.out.printf("[footfall-test] %s with %d slow and %d stalled clients open: %d in %d ms%n", path, SLOW_HEADERS,
                            STALLED_UPLOADS, r.statusCode(), millis);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(millis).as(path).isLessThan(1_000);
                }

                // the scheme's case does not matter (RFC 7235): a lower-case bearer with the token is let in
                HttpResponse<String> lower = http.send(HttpRequest.newBuilder(URI.create(base + "/api/identities/nobody-" + run))
                        .header("Authorization", "bearer " + TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(lower.statusCode()).isNotEqualTo(401);

                // bad parameters: a short 400, and long input is not echoed back
                HttpResponse<String> farDay = http.send(HttpRequest.newBuilder(URI.create(base + "/api/counts?day=%2B999999999-12-31")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(farDay.statusCode()).isEqualTo(400);
                assertThat(farDay.body()).contains("day must be between");
                String longId = "x".repeat(6_000);
                HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + "/api/identities/" + longId))
                                .header("Authorization", "Bearer " + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(unknown.body().length()).as(unknown.body()).isLessThan(400);
                // a request line over the server's header limit is refused or cut off, never echoed
                try {
                    HttpResponse<String> huge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/identities/" + "x".repeat(20_000)))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(huge.statusCode()).isGreaterThanOrEqualTo(400);
                    assertThat(huge.body().length()).isLessThan(2_000);
                } catch (java.io.IOException closed) {
                    // the server closed the connection: nothing echoed
                }

                // refused tokens are counted for the audit (fresh clients: the server closes a connection after a refusal or an
                // oversized request line, and a client must not send on a connection it is closing)
                HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/identities/ada"))
                        .header("Authorization", "Bearer wrong").DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().firstValue("Connection")).hasValue("close");
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("footfall_matcher_api_audit_total{action=\"refused-token\",status=\"401\"}");

                // the stalled upload with the token holds its photo thread no longer than the body's pace allows (10 s of
                // grace): here the answer is 503 (this matcher has no photo models) once the drain gives up, and 408 where
                // the body is read (IdentityApiIT)
                tokened.setSoTimeout(20_000);
                String cutOff = new String(tokened.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                long cutOffMillis = (System.nanoTime() - tokenedSince) / 1_000_000;
                System.out.printf("[footfall-test] a stalled upload with the token: %s after %d ms%n", cutOff, cutOffMillis);
                assertThat(cutOff).isIn("HTTP/1.1 408", "HTTP/1.1 503");
                assertThat(cutOffMillis).isLessThan(15_000);

                // one audit line each: who (the client's address) and what, never the token
                List<String> lines = List.copyOf(audit.list).stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
                System.out.println("[footfall-test] " + lines.size() + " audit lines, the last: " + lines.subList(Math.max(0, lines.size() - 2), lines.size()));
                assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("audit action=refused-token status=401 method=DELETE client=127.0.0.1"));
                assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("audit action=delete status=").contains("identity=nobody-" + run)
                        .contains("client=127.0.0.1"));
                assertThat(lines).noneMatch(l -> l.contains(TOKEN) || l.contains("wrong"));
            } finally {
                auditLog.detachAppender(audit);
                tricklers.shutdownNow();
                for (Socket s : sockets) {
                    s.close();
                }
                matcher.close();
            }
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        s.setSoTimeout(1_000);
        return s;
    }
}
