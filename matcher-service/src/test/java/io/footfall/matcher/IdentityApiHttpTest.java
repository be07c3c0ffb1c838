package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.matcher.enrol.FaceReader;
import io.footfall.runtime.ops.OpsServer;
import io.footfall.schema.Identity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The identity API's HTTP surface without Kafka or face models: the token, the size and type of uploads, and how a
 * multipart/form-data body that is not well-formed is refused (400 and what is wrong).
 */
class IdentityApiHttpTest {

    static final String TOKEN = "t0ken-for-writes-and-reads";
    static final String READ_TOKEN = "t0ken-for-reading-only";
    static final int MAX_UPLOAD = 64 * 1024;
    static final String TYPE = "multipart/form-data; boundary=XyZ";

    final HttpClient http = HttpClient.newHttpClient();
    OpsServer ops;
    IdentityApi api;

    @BeforeEach
    void start() {
        start(PhotoModels.of(new UnusedReader(), 0.5, null), TOKEN);
    }

    void start(PhotoModels models, String token) {
        start(models, token, READ_TOKEN);
    }

    void start(PhotoModels models, String token, String readToken) {
        stop();
        ops = OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        IdentityWriter people = new IdentityWriter(EmptyStore::new, new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()), null);
        api = new IdentityApi(people, models, new ApiAccess(token, readToken, 2L * MAX_UPLOAD), MAX_UPLOAD, null);
        ops.route(IdentityApi.IDENTITIES, api);
        ops.route(IdentityApi.VERIFY, api);
    }

    @AfterEach
    void stop() {
        if (ops != null) {
            ops.close();
            api.close();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    HttpResponse<String> post(String path, String type, byte[] body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path) throws Exception {
        return send(method, path, TOKEN);
    }

    HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String error(HttpResponse<String> r) throws Exception {
        return new ObjectMapper().readTree(r.body()).get("error").asText();
    }

    @Test
    void a_well_formed_body_as_browsers_and_curl_send_it_reaches_the_form_checks() throws Exception {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i; // contains CR, LF and dashes
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes("preamble to ignore\r\n--XyZ\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n"));
        body.writeBytes("Zoë".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a \\\"b\\\".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"));
        body.writeBytes(binary);
        body.writeBytes(bytes("\r\n--XyZ--\r\nepilogue"));

        HttpResponse<String> verify = post("/api/verify", TYPE, body.toByteArray(), TOKEN);
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(404);
        assertThat(error(verify)).isEqualTo("no identity 'Zoë'");

        String webkit = "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n"
                + "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\ncontent-disposition: form-data; name=photo; filename*=UTF-8''%E7%85%A7%E7%89%87.png\r\n\r\n"
                + "\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n";
        HttpResponse<String> noName = post("/api/verify", "multipart/form-data; boundary=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\"", bytes(webkit), TOKEN);
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(error(noName)).contains("the form field 'id'");
        assertThat(error(post("/api/identities", TYPE, bytes("--XyZ--"), TOKEN))).contains("the form field 'name'");
    }

    @Test
    void malformed_bodies_are_refused_with_what_is_wrong() throws Exception {
        Map<String, String> refused = new TreeMap<>();
        refused.put("--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\nabc", "truncated");
        refused.put("no boundary here", "does not contain the boundary");
        refused.put("", "does not contain the boundary");
        refused.put("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nabc", "truncated");
        refused.put("--XyZ\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XyZ--", "no field name");
        refused.put("--XyZ\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nabc\r\n--XyZ--", "no field name");
        refused.put("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nabc\r\n--XyZ--", "no field name");
        refused.put("--XyZ\r\nbroken header\r\n\r\nabc\r\n--XyZ--", "header");
        refused.put("--XyZjunk", "boundary");
        refused.put("--XyZ\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\nabc\r\n--XyZ--", "headers are longer than " + MultipartForm.MAX_HEADER_BYTES);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= MultipartForm.MAX_PARTS; i++) {
            many.append("--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n");
        }
        refused.put(many.append("--XyZ--").toString(), "more than " + MultipartForm.MAX_PARTS + " parts");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            HttpResponse<String> r = post("/api/identities", TYPE, bytes(e.getKey()), TOKEN);
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(error(r)).as(e.getKey()).startsWith("malformed multipart/form-data: ").contains(e.getValue());
        }
        assertThat(error(post("/api/identities", "multipart/form-data", bytes("--x--"), TOKEN))).contains("no boundary");
        assertThat(error(post("/api/identities", "multipart/form-data; boundary=" + "x".repeat(71), bytes("--x--"), TOKEN)))
                .contains("longer than 70");
    }

    @Test
    void uploads_must_be_form_data_within_the_size_limit() throws Exception {
        HttpResponse<String> json = post("/api/identities", "application/json", bytes("{}"), TOKEN);
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(error(json)).contains("multipart/form-data", "'application/json'");
        assertThat(error(post("/api/identities", null, bytes("x"), TOKEN))).contains("no Content-Type");

        byte[] big = new byte[MAX_UPLOAD + 1];
        HttpResponse<String> tooLarge = post("/api/identities", TYPE, big, TOKEN);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(error(tooLarge)).contains("larger than " + MAX_UPLOAD, "matcher.max-upload-bytes");
        // without a Content-Length (chunked), the limit holds as the body is read
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/api/identities"))
                .header("Content-Type", TYPE).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
    }

    @Test
    void writes_need_the_token_and_paths_and_methods_are_checked() throws Exception {
        HttpResponse<String> wrong = post("/api/identities", TYPE, bytes("--XyZ--"), "wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(error(wrong)).contains("missing or wrong bearer token");
        assertThat(post("/api/verify", TYPE, bytes("--XyZ--"), null).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/api/identities/x")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        HttpResponse<String> list = send("GET", "/api/identities");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(list.body()).get("count").asInt()).isZero();
        assertThat(error(send("GET", "/api/identities/nobody"))).isEqualTo("no identity 'nobody'");
        assertThat(send("DELETE", "/api/identities/nobody").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/verify").statusCode()).isEqualTo(405);
        assertThat(send("PUT", "/api/identities").statusCode()).isEqualTo(405);
        assertThat(send("PUT", "/api/identities/x").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/api/identities/x/photos").statusCode()).isEqualTo(405);
        assertThat(send("POST", "/api/identities/x").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/api/identities/a/b/c").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/identities/a/b/c").statusCode()).isEqualTo(404);

        start(PhotoModels.of(new UnusedReader(), 0.5, null), "");
        HttpResponse<String> disabled = post("/api/identities", TYPE, bytes("--XyZ--"), TOKEN);
        assertThat(disabled.statusCode()).isEqualTo(403);
        assertThat(error(disabled)).contains("matcher.api-token");
    }

    @Test
    void a_client_without_the_token_that_sends_its_whole_body_reads_the_401() throws Exception {
        // the answer comes before the body is read; closing with unread bytes would reset the connection, and the
        // reset can overtake the answer: what the client sends is read and dropped first
        byte[] body = new byte[100 * 1024];
        for (int i = 0; i < 6; i++) {
            try (Socket socket = new Socket("127.0.0.1", ops.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(bytes("POST /api/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\nContent-Type: " + TYPE
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n"));
                out.flush();
                Thread.sleep(i % 2 == 0 ? 0 : 200); // a client on a slow link: the answer is out before the body arrives
                out.write(body);
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).as("attempt %d", i).startsWith("HTTP/1.1 401").contains("Connection: close", "missing or wrong bearer token");
            }
        }
        // one that stalls is answered at once (the server's side of the connection is closed after the answer; what the
        // client still sends is dropped for a few seconds, holding no thread)
        try (Socket socket = new Socket("127.0.0.1", ops.port())) {
            socket.setSoTimeout(5_000);
            long since = System.nanoTime();
            socket.getOutputStream().write(bytes("POST /api/verify HTTP/1.1\r\nHost: x\r\nContent-Type: " + TYPE
                    + "\r\nContent-Length: 100000\r\n\r\n--XyZ"));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 401");
            assertThat((System.nanoTime() - since) / 1_000_000).isLessThan(2_000L);
        }
    }

    @Test
    void reading_people_needs_the_read_token_or_the_write_token_and_the_read_token_writes_nothing() throws Exception {
        HttpResponse<String> anonymous = send("GET", "/api/identities", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(error(anonymous)).contains("matcher.api-read-token");
        assertThat(send("GET", "/api/identities/nobody", "wrong-token-of-some-length").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/identities", READ_TOKEN).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/identities", TOKEN).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/identities/nobody", READ_TOKEN).statusCode()).isEqualTo(404);
        // the read token writes nothing and verifies no one
        assertThat(send("DELETE", "/api/identities/nobody", READ_TOKEN).statusCode()).isEqualTo(401);
        assertThat(post("/api/identities", TYPE, bytes("--XyZ--"), READ_TOKEN).statusCode()).isEqualTo(401);
        assertThat(post("/api/verify", TYPE, bytes("--XyZ--"), READ_TOKEN).statusCode()).isEqualTo(401);

        // a read-only matcher: no write token, reads with the read token
        start(PhotoModels.of(new UnusedReader(), 0.5, null), "", READ_TOKEN);
        assertThat(send("GET", "/api/identities", READ_TOKEN).statusCode()).isEqualTo(200);
        assertThat(post("/api/identities", TYPE, bytes("--XyZ--"), READ_TOKEN).statusCode()).isEqualTo(403);
        // no token at all: nobody reads
        start(PhotoModels.of(new UnusedReader(), 0.5, null), "", "");
        HttpResponse<String> closed = send("GET", "/api/identities", null);
        assertThat(closed.statusCode()).isEqualTo(403);
        assertThat(error(closed)).contains("matcher.api-read-token", "matcher.api-token");
    }

    @Test
    void without_models_photo_requests_say_why() throws Exception {
        start(PhotoModels.unavailable("the face models could not be loaded; run 'footfall models fetch'"), TOKEN);
        HttpResponse<String> r = post("/api/identities", TYPE, bytes("--XyZ--"), TOKEN);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(error(r)).contains("footfall models fetch");
        assertThat(send("GET", "/api/identities").statusCode()).isEqualTo(200);
    }

    /** Photo work is never reached by these requests. */
    static final class UnusedReader implements FaceReader {
        @Override
        public String modelId() {
            return "test-model";
        }

        @Override
        public io.footfall.faces.PhotoResult embed(byte[] photo, io.footfall.faces.FacePolicy policy) {
            throw new UnsupportedOperationException("no photo work in this test");
        }
    }

    /** A global identity store with nobody in it. */
    static final class EmptyStore implements ReadOnlyKeyValueStore<String, Identity> {
        @Override
        public Identity get(String key) {
            return null;
        }

        @Override
        public KeyValueIterator<String, Identity> range(String from, String to) {
            return all();
        }

        @Override
        public KeyValueIterator<String, Identity> all() {
            return new KeyValueIterator<>() {
                @Override
                public void close() {
                }

                @Override
                public String peekNextKey() {
                    throw new java.util.NoSuchElementException();
                }

                @Override
                public boolean hasNext() {
                    return false;
                }

                @Override
                public KeyValue<String, Identity> next() {
                    throw new java.util.NoSuchElementException();
                }
            };
        }

        @Override
        public long approximateNumEntries() {
            return 0;
        }
    }
}
