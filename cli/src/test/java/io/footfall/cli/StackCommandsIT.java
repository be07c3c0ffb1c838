package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.schema.EventType;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.SubjectKind;
import io.footfall.schemas.registry.ConfluentRegistryClient;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.testing.ChildJvm;
import io.footfall.topics.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code footfall broker} and {@code footfall registry}, the local container stack's broker and registry, keep what they
 * were given across a restart: the records in the broker's data directory, and the schema ids those records carry in the
 * registry's, so that a subscriber ({@code footfall events}) still decodes them.
 */
class StackCommandsIT {

    static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void an_event_written_before_both_restart_is_read_and_decoded_after() throws Exception {
        int kafkaPort = freePort();
        int brokerOps = freePort();
        int registryPort = freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        String registryUrl = "http://127.0.0.1:" + registryPort + RegistryCommand.CCOMPAT_PATH;
        List<String> broker = List.of("broker", "--set", "broker.data-dir=" + dir.resolve("kafka"),
                "--set", "broker.listeners=PLAINTEXT://127.0.0.1:" + kafkaPort,
                "--set", "broker.advertised-listeners=PLAINTEXT://127.0.0.1:" + kafkaPort,
                "--set", "broker.controller-port=" + freePort(), "--set", "metrics.host=127.0.0.1", "--set", "metrics.port=" + brokerOps);
        List<String> registry = List.of("registry", "--set", "registry.data-dir=" + dir.resolve("registry"),
                "--set", "metrics.host=127.0.0.1", "--set", "metrics.port=" + registryPort);
        RecognitionEvent event = RecognitionEvent.newBuilder().setEventId("door:t1:ENTERED").setType(EventType.ENTERED).setCameraId("door")
                .setTrackId("t1").setSubject(SubjectKind.UNKNOWN).setVisitorId("v-1").setModelId("m").setFirstSeenAt(Instant.EPOCH)
                .setLastSeenAt(Instant.EPOCH).setDwellMillis(0).setFaceCount(3).setEmittedAt(Instant.EPOCH).build();

        // given an event written through the registry to the broker, both then stopped
        List<ChildJvm> first = start(broker, registry);
        try {
            assertThat(health(brokerOps)).contains("\"broker\"").contains("UP");
            assertThat(health(registryPort)).contains("\"registry\"").contains("UP");
            // a subscriber started before the topic exists gives up after its timeout, saying why ...
            FootfallCliTest.Result tooSoon = FootfallCliTest.run("events", "--bootstrap", bootstrap, "--registry", registryUrl,
                    "--from-beginning", "--count", "1", "--timeout", "2s");
            assertThat(tooSoon.code()).isEqualTo(1);
            assertThat(tooSoon.err()).contains("no topic recognition-events within 2s");
            // ... and one that is still waiting when the topic is created reads the event
            CompletableFuture<FootfallCliTest.Result> waiting = CompletableFuture.supplyAsync(() -> FootfallCliTest.run("events",
                    "--bootstrap", bootstrap, "--registry", registryUrl, "--from-beginning", "--count", "1", "--timeout", "60s"));
            Thread.sleep(1500);
            assertThat(FootfallCliTest.run("topics", "--bootstrap", bootstrap).code()).isZero();
            try (ConfluentRegistryClient client = new ConfluentRegistryClient(registryUrl);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                         new StringSerializer(), new ByteArraySerializer())) {
                byte[] value = new AvroSerdes(client, true).valueSerde(Topics.RECOGNITION_EVENTS).serializer()
                        .serialize(Topics.RECOGNITION_EVENTS.name(), event);
                producer.send(new ProducerRecord<>(Topics.RECOGNITION_EVENTS.name(), "door", value)).get();
            }
            FootfallCliTest.Result waited = waiting.get(90, TimeUnit.SECONDS);
            assertThat(waited.code()).as(waited.err()).isZero();
            assertThat(waited.err()).contains("waiting up to 60s for topic recognition-events");
            assertThat(waited.out()).contains("door");
        } finally {
            for (ChildJvm child : first) {
                child.stop(Duration.ofSeconds(30));
            }
        }

        // when both start again on the same directories
        List<ChildJvm> second = start(broker, registry);
        try {
            // then a plain subscriber reads the event and decodes it with the schema id it was written with
            FootfallCliTest.Result read = FootfallCliTest.run("events", "--bootstrap", bootstrap, "--registry", registryUrl,
                    "--from-beginning", "--to-end", "--json", "--timeout", "60s");
            assertThat(read.code()).as(read.err()).isZero();
            assertThat(read.out().strip().lines()).singleElement().asString()
                    .contains("\"eventId\":\"door:t1:ENTERED\"", "\"type\":\"ENTERED\"", "\"cameraId\":\"door\"");
            assertThat(second.get(1).log()).content().contains("1 registrations replayed");
        } finally {
            for (ChildJvm child : second) {
                child.kill();
            }
        }
    }

    private static List<ChildJvm> start(List<String> broker, List<String> registry) throws IOException, InterruptedException {
        List<ChildJvm> started = new ArrayList<>();
        try {
            started.add(ChildJvm.start(CommandProcessMain.class, List.of("-Xmx512m"), broker, START));
            started.add(ChildJvm.start(CommandProcessMain.class, List.of("-Xmx128m"), registry, START));
            return started;
        } catch (AssertionError | IOException | InterruptedException e) {
            for (ChildJvm child : started) {
                child.kill();
            }
            throw e;
        }
    }

    private static String health(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
