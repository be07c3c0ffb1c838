package io.footfall.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** The ops port's own connection limits, with short limits so that each shows in about a second. */
class ConnectionLimitsTest {

    static final OpsServer.Limits SHORT = new OpsServer.Limits(Duration.ofMillis(1_000), 64, 4);

    @Test
    void a_client_over_its_connection_cap_is_closed_and_others_still_answer() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (OpsServer ops = start()) {
            for (int i = 0; i < 4; i++) {
                held.add(partial(ops.port()));
            }
            try (Socket fifth = partial(ops.port())) {
                assertThat(closedWithin(fifth, Duration.ofSeconds(2))).as("the fifth connection from one address").isTrue();
            }
            // a slot is free once the server has seen one of the four close
            held.remove(0).close();
            String health = "";
            for (int i = 0; i < 20 && !health.startsWith("HTTP/1.1 200"); i++) {
                Thread.sleep(100);
                health = get(ops.port(), "/health");
            }
            assertThat(health).startsWith("HTTP/1.1 200");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void headers_sent_a_byte_at_a_time_are_cut_off_but_a_kept_alive_connection_is_not() throws Exception {
        try (OpsServer ops = start(); Socket slow = partial(ops.port()); Socket kept = connect(ops.port())) {
            kept.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(answer(kept)).startsWith("HTTP/1.1 200");
            long started = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 30 && !closed; i++) {
                try {
                    slow.getOutputStream().write('a');
                    slow.getOutputStream().flush();
                    closed = closedWithin(slow, Duration.ofMillis(100));
                } catch (IOException reset) {
                    closed = true;
                }
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(closed).as("closed after %d ms", millis).isTrue();
            assertThat(millis).isBetween(700L, 2_500L);
            kept.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(answer(kept)).as("a second request on the kept-alive connection").startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void a_body_sent_slower_than_the_minimum_rate_fails_the_request() throws Exception {
        try (OpsServer ops = start(); Socket s = connect(ops.port())) {
            ops.route("/upload", new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    try {
                        new BodyReader(Duration.ofMillis(500), 1024).read(request, 1 << 20);
                        Replies.json(response, callback, 200, java.util.Map.of("read", true));
                    } catch (BodyReader.TooSlowException e) {
                        response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONNECTION, "close");
                        Replies.error(response, callback, 408, e.getMessage());
                    } catch (IOException e) {
                        callback.failed(e);
                    }
                    return true;
                }
            });
            s.getOutputStream().write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            String answer = "";
            for (int i = 0; i < 60 && answer.isEmpty(); i++) {
                try {
                    s.getOutputStream().write(new byte[10]);
                } catch (IOException closed) {
                    answer = "closed";
                    break;
                }
                answer = answer(s, Duration.ofMillis(100));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("[footfall-test] a body at about 100 bytes a second: %s after %d ms%n", answer.lines().findFirst().orElse(""), millis);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("too slowly");
            assertThat(millis).isBetween(400L, 3_000L);
        }
    }

    private static OpsServer start() {
        OpsServer ops = OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), SHORT);
        ops.register("service", () -> Health.up("RUNNING"));
        return ops;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        return s;
    }

    /** A connection that has sent the start of a request's headers and stops there. */
    private static Socket partial(int port) throws IOException {
        Socket s = connect(port);
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    private static boolean closedWithin(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String get(int port, String path) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return answer(s);
        }
    }

    private static String answer(Socket s) throws IOException {
        return answer(s, Duration.ofSeconds(2));
    }

    /** What the server has sent within {@code wait} (the status line and headers at least), or "" if nothing. */
    private static String answer(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        InputStream in = s.getInputStream();
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            while (got.indexOf("\r\n\r\n") < 0) {
                int n = in.read(buf);
                if (n < 0) {
                    return got.length() == 0 ? "closed" : got.toString();
                }
                got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            // the rest of a short body, if it came with the headers
            if (in.available() > 0) {
                int n = in.read(buf);
                got.append(new String(buf, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException quiet) {
            // what came so far
        } catch (IOException reset) {
            return got.length() == 0 ? "closed" : got.toString();
        }
        return got.toString();
    }
}
