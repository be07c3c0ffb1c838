package io.footfall.runtime.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.schema.DeadLetter;
import io.footfall.schema.FailureStage;
import io.footfall.schema.Frame;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison records (garbage bytes, a wrong magic byte, an unknown schema id, a record the service's
 * logic rejects) go to the dead-letter topic with their source and reason, are counted, and the
 * service keeps processing good records, exactly once, on a real broker.
 */
class DeadLetterIT {

    @TempDir
    Path stateDir;

    @Test
    void poison_records_are_dead_lettered_and_the_service_keeps_going() throws Exception {
        // given a service that copies frames and rejects frames without pixels
        String run = UUID.randomUUID().toString().substring(0, 8);
        String input = "frames-in-" + run;
        String output = "frames-out-" + run;
        Config config = Config.of(CoreSettings.all(), Map.of(
                "kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "registry.url", "in-process",
                "metrics.host", "127.0.0.1",
                "metrics.port", "0",
                "streams.state-dir", stateDir.toString(),
                "streams.application-id-prefix", "dlq-it-" + run + "-",
                "topics.partitions", "1"));
        try (ServiceContext context = ServiceContext.create(config);
             Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(input, 1, (short) 1), new NewTopic(output, 1, (short) 1))).all().get();
            context.ensureTopics(List.of(Topics.DEAD_LETTERS));
            var frames = context.serdes().valueSerde(Topics.FRAMES);

            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(input, Consumed.with(Serdes.String(), frames))
                    .peek((k, frame) -> {
                        if (frame.getWidth() <= 0) {
                            throw new PoisonRecordException("frame " + frame.getSequence() + " has no pixels (width " + frame.getWidth() + ")");
                        }
                    })
                    .to(output, Produced.with(Serdes.String(), frames));
            Topology topology = builder.build();

            try (StreamsService service = new StreamsService("copier", context, topology)) {
                service.start();

                // when good and poison records arrive
                byte[] good1 = frames.serializer().serialize(input, frame(1, 640));
                byte[] poison = frames.serializer().serialize(input, frame(2, 0));
                byte[] good2 = frames.serializer().serialize(input, frame(3, 640));
                List<byte[]> values = List.of(
                        good1,
                        "not avro at all".getBytes(),
                        new byte[] {1, 0, 0, 0, 1, 2, 3},
                        new byte[] {0, 0, 0, 0x7f, (byte) 0xff, 2, 3},
                        poison,
                        good2);
                try (var producer = new KafkaProducer<byte[], byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (byte[] v : values) {
                        producer.send(new ProducerRecord<>(input, "lobby".getBytes(), v)).get();
                    }
                }

                // then the good frames come out, exactly once and in order
                List<Long> sequences = new ArrayList<>();
                List<DeadLetter> letters = new ArrayList<>();
                try (var out = consumer("out-" + run); var dlq = consumer("dlq-" + run)) {
                    out.subscribe(List.of(output));
                    dlq.subscribe(List.of(Topics.DEAD_LETTERS.name()));
                    var letterSerde = context.serdes().valueSerde(Topics.DEAD_LETTERS);
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        out.poll(Duration.ofMillis(100)).forEach(r -> sequences.add(frames.deserializer().deserialize(output, r.value()).getSequence()));
                        dlq.poll(Duration.ofMillis(100)).forEach(r -> {
                            DeadLetter letter = letterSerde.deserializer().deserialize(Topics.DEAD_LETTERS.name(), r.value());
                            if (letter.getSourceTopic().equals(input)) {
                                letters.add(letter);
                            }
                        });
                        assertThat(sequences).containsExactly(1L, 3L);
                        assertThat(letters).hasSize(4);
                    });
                }

                // and each poison record is kept whole, with where it came from and why
                assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(1L, 2L, 3L, 4L);
                assertThat(letters).extracting(DeadLetter::getStage).containsExactly(
                        FailureStage.DESERIALIZATION, FailureStage.DESERIALIZATION, FailureStage.DESERIALIZATION, FailureStage.PROCESSING);
                assertThat(letters.get(0).getReason()).contains("not the Confluent wire-format magic byte").contains("look like text");
                assertThat(letters.get(1).getReason()).contains("0x01");
                assertThat(letters.get(2).getReason()).contains("schema id 32767");
                assertThat(letters.get(3).getReason()).contains("frame 2 has no pixels");
                assertThat(letters).allSatisfy(l -> {
                    assertThat(l.getService()).isEqualTo("dlq-it-" + run + "-copier");
                    assertThat(l.getSourcePartition()).isZero();
                    assertThat(l.getKey().array()).isEqualTo("lobby".getBytes());
                });
                assertThat(ByteBuffer.wrap(poison)).isEqualTo(letters.get(3).getValue());

                // and the service counted them and is still healthy
                double counted = context.meters().find("footfall_dead_letters").counters().stream()
                        .filter(c -> input.equals(c.getId().getTag("topic"))).mapToDouble(c -> c.count()).sum();
                assertThat(counted).isEqualTo(4.0);
                assertThat(context.meters().scrape())
                        .contains("footfall_dead_letters_total{service=\"dlq-it-" + run + "-copier\",stage=\"processing\"")
                        .contains("kafka_stream_thread_process_total{");
                assertThat(service.health().up()).isTrue();
            }
        }
    }

    private static Frame frame(long sequence, int width) {
        Instant now = Instant.now();
        return new Frame("lobby", sequence, now, now, width, width * 9 / 16, ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8}));
    }

    private static KafkaConsumer<String, byte[]> consumer(String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
