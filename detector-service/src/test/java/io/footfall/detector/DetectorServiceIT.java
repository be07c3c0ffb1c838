package io.footfall.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import io.footfall.schema.DeadLetter;
import io.footfall.schema.FrameFaces;
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
import io.footfall.schema.Frame;

/** On a real broker: every good frame gives a faces record, and a bad frame is dead-lettered without stopping the service. */
class DetectorServiceIT {

    @TempDir
    Path stateDir;

    @Test
    void detects_frames_end_to_end_and_dead_letters_a_truncated_frame_without_stopping() throws Exception {
        // given the detector service (MTCNN stood in for by a fake finder) on a real broker
        String camera = "detect-" + UUID.randomUUID().toString().substring(0, 8);
        List<Setting<?>> declared = new ArrayList<>(CoreSettings.all());
        declared.addAll(DetectorSettings.all());
        Config config = Config.of(declared, Map.of("kafka.bootstrap-servers", TestKafka.bootstrapServers(), "registry.url", "in-process",
                "metrics.host", "127.0.0.1", "metrics.port", "0", "streams.state-dir", stateDir.toString(),
                "streams.application-id-prefix", camera + "-"));
        try (ServiceContext context = ServiceContext.create(config);
             var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            DetectorService service = new DetectorService(context, DetectorTopologyTest::fake, () -> { });
            service.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> service.streams().state() == KafkaStreams.State.RUNNING);
                var serializer = context.serdes().valueSerde(Topics.FRAMES).serializer();
                byte[] good = DetectorTopologyTest.jpeg(640, 360);

                // when a good frame, a truncated one and another good one arrive
                List<Frame> frames = List.of(DetectorTopologyTest.frame(camera, 1, good),
                        DetectorTopologyTest.frame(camera, 2, java.util.Arrays.copyOf(good, 100)),
                        DetectorTopologyTest.frame(camera, 3, good));
                for (Frame frame : frames) {
                    producer.send(new ProducerRecord<>(Topics.FRAMES.name(), camera, serializer.serialize(Topics.FRAMES.name(), frame))).get();
                }

                // then frames 1 and 3 come out with their faces, and frame 2 is in the dead-letter topic with its reason
                List<FrameFaces> out = read(context, Topics.FACES, camera, 2);
                assertThat(out).extracting(FrameFaces::getFrameSequence).containsExactly(1L, 3L);
                assertThat(out.get(0).getFaces()).hasSize(2);
                List<DeadLetter> letters = read(context, Topics.DEAD_LETTERS, camera, 1);
                assertThat(letters.get(0).getReason()).contains("camera '" + camera + "' frame 2", "truncated");

                // and the metrics endpoint shows the work
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + context.ops().port() + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("footfall_detector_frames_processed_total 2.0", "footfall_detector_detection_seconds_bucket",
                        "footfall_detector_faces_rejected_total{reason=\"BLURRED\"} 2.0", "footfall_detector_faces_per_frame_count");
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
