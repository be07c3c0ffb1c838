package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.SubjectKind;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erasure on request: deleting a person through the matcher's API removes them from matching within 5 s. */
class IdentityErasureIT {

    static final int DIM = 128;

    @TempDir
    Path stateDir;

    final Random random = new Random(5);
    final float[] ada = ExactIndexTest.randomUnit(random, DIM);

    @Test
    void a_deleted_identity_stops_matching_within_five_seconds() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String camera = "erase-" + run;
        String adaId = "ada-" + run;
        List<io.footfall.runtime.config.Setting<?>> declared = new ArrayList<>(CoreSettings.all());
        declared.addAll(MatcherSettings.all());
        Config config = Config.of(declared, Map.of("kafka.bootstrap-servers", TestKafka.bootstrapServers(), "registry.url", "in-process",
                "metrics.host", "127.0.0.1", "metrics.port", "0", "streams.state-dir", stateDir.toString(),
                "streams.application-id-prefix", camera + "-", "topics.partitions", "2", "matcher.track-gap", "500ms", "matcher.silence-timeout", "0s",
                "matcher.api-token", "s3cret-of-the-erasure-test"));
        try (ServiceContext context = ServiceContext.create(config);
             var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            MatcherService matcher = new MatcherService(context);
            matcher.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> matcher.streams().state() == KafkaStreams.State.RUNNING);
                var identities = context.serdes().valueSerde(Topics.IDENTITIES).serializer();
                producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), adaId, identities.serialize(Topics.IDENTITIES.name(),
                        io.footfall.schema.Identity.newBuilder(CameraTrackerTest.identity(adaId, "Ada", ada)).setModelId("dlib-resnet29-128").build()))).get();
                await().atMost(Duration.ofSeconds(10)).until(() -> matcher.gallery().size() >= 1);

                List<RecognitionEvent> events = new CopyOnWriteArrayList<>();
                Thread reader = LiveEmbeddings.read(context.serdes(), camera, events, null);
                play(producer, context, camera, 0);
                await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.getSubject() == SubjectKind.KNOWN));

                // the identity API lists her to a holder of the token, and refuses to list or delete without it
                HttpClient http = HttpClient.newHttpClient();
                String api = "http://127.0.0.1:" + context.ops().port() + "/api/identities";
                assertThat(http.send(HttpRequest.newBuilder(URI.create(api)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
                HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(api)).header("Authorization", "Bearer s3cret-of-the-erasure-test")
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(list.body()).contains("\"identityId\":\"" + adaId + "\"", "\"displayName\":\"Ada\"").doesNotContain("vector");
                assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/" + adaId)).DELETE().build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(401);
                assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/nobody")).header("Authorization", "Bearer s3cret-of-the-erasure-test")
                        .build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(404);

                // when Ada asks to be erased, through the API
                long erasedAt = System.currentTimeMillis();
                HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(api + "/" + adaId))
                        .header("Authorization", "Bearer s3cret-of-the-erasure-test").DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                        .until(() -> matcher.gallery().best(ada).map(c -> !c.identityId().equals(adaId)).orElse(true));
                long tookMillis = System.currentTimeMillis() - erasedAt;

                // then her next visit is an unknown visitor's (counted from here: on a loaded machine the silence timeout may
                // have cut her first visit in two, both known)
                long enteredBefore = events.stream().filter(e -> e.getType().name().equals("ENTERED")).count();
                play(producer, context, camera, 100);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> events.stream().filter(e -> e.getType().name().equals("ENTERED")).count() > enteredBefore);
                RecognitionEvent second = events.stream().filter(e -> e.getType().name().equals("ENTERED")).skip(enteredBefore).findFirst()
                        .orElseThrow();
                assertThat(second.getSubject()).isEqualTo(SubjectKind.UNKNOWN);
                assertThat(tookMillis).isLessThan(5_000);
                System.out.println("[footfall-test] identity erased from the gallery in " + tookMillis + " ms");
                reader.interrupt();
            } finally {
                matcher.close();
            }
        }
    }

    private void play(KafkaProducer<String, byte[]> producer, ServiceContext context, String camera, long from) throws Exception {
        var serializer = context.serdes().valueSerde(Topics.EMBEDDINGS).serializer();
        // six frames of her, then frames with nobody for longer than the track gap: she has left
        for (int i = 0; i < 14; i++) {
            FrameEmbeddings frame = LiveEmbeddings.frameNow(camera, from + i, i < 6 ? ada : null, random);
            producer.send(new ProducerRecord<>(Topics.EMBEDDINGS.name(), camera, serializer.serialize(Topics.EMBEDDINGS.name(), frame))).get();
            Thread.sleep(100);
        }
    }
}
