package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.kafka.SchemaRegistries;
import io.footfall.schema.DeadLetter;
import io.footfall.schema.Frame;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison on every topic of the pipeline, and an oversized frame, in the middle of a camera's
 * stream: each bad record lands in {@code dead-letters} with its source and reason and is counted,
 * the services keep running, and every visit of the camera is still counted exactly once.
 */
class PoisonRecordsFaultIT {

    static final int VISITS = 2;
    static final int MAX_FRAME_BYTES = 64 * 1024;

    @TempDir
    Path stateDir;

    @Test
    void poison_records_on_every_topic_are_dead_lettered_and_lose_no_visit() throws Exception {
        String camera = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = TestKafka.bootstrapServers();
        Map<String, String> settings = FaultHarness.settings(bootstrap, SchemaRegistries.IN_PROCESS, stateDir, camera + "-");
        settings.put("detector.max-frame-bytes", Integer.toString(MAX_FRAME_BYTES));
        try (FaultHarness.Services services = new FaultHarness.Services(FaultHarness.config(settings), List.of("matcher", "embedder", "detector"));
             FaultHarness.Subscriber subscriber = new FaultHarness.Subscriber(bootstrap, services.context.serdes(), camera);
             FaultHarness.Camera frames = new FaultHarness.Camera(bootstrap, services.context.serdes(), camera, VISITS)) {
            // given a camera in the middle of its first visit
            frames.play(FaultHarness.Camera.middleOfVisit(0), Duration.ofMillis(100));

            // when a record no service can read arrives on each topic, on the camera's own partition, and an oversized frame
            byte[] garbage = "not an Avro record".getBytes(StandardCharsets.UTF_8);
            for (var topic : List.of(Topics.FRAMES, Topics.FACES, Topics.EMBEDDINGS)) {
                frames.producer.send(new ProducerRecord<>(topic.name(), camera, garbage)).get();
            }
            frames.producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), "poison-" + camera, garbage)).get();
            frames.producer.send(new ProducerRecord<>(Topics.FRAMES.name(), camera, oversizedFrame(services.context, camera))).get();
            frames.playAll(Duration.ofMillis(100));

            // then every visit is still counted exactly once
            FaultHarness.assertEveryVisitCountedOnce(subscriber, VISITS, Duration.ofSeconds(60));
            // and each bad record is in the dead-letter topic, with its reason, and counted
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (var topic : List.of(Topics.FRAMES, Topics.FACES, Topics.EMBEDDINGS, Topics.IDENTITIES)) {
                    assertThat(mine(subscriber.deadLettersFrom(topic.name()), camera)).as("dead letters from %s", topic.name()).isNotEmpty();
                }
            });
            List<DeadLetter> badFrames = mine(subscriber.deadLettersFrom(Topics.FRAMES.name()), camera);
            assertThat(badFrames).extracting(DeadLetter::getReason).anySatisfy(r -> assertThat(r).containsIgnoringCase("magic"))
                    .anySatisfy(r -> assertThat(r).contains("over the limit of " + MAX_FRAME_BYTES));
            assertThat(badFrames).allSatisfy(d -> assertThat(d.getValue()).isNotNull());
            assertThat(services.context.meters().find("footfall_dead_letters").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()).isGreaterThanOrEqualTo(5);
            services.started.values().forEach(s -> assertThat(s.health().up()).as(s.name() + " is up").isTrue());
        }
    }

    /** Dead letters of this test: keyed by its camera, or (identities) by its poison id. */
    private static List<DeadLetter> mine(List<DeadLetter> all, String camera) {
        return all.stream().filter(d -> d.getKey() != null && new String(bytes(d.getKey()), StandardCharsets.UTF_8).endsWith(camera)).toList();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    /** A well-formed frame record whose JPEG is larger than the detector takes. */
    private static byte[] oversizedFrame(ServiceContext context, String camera) {
        byte[] jpeg = new byte[MAX_FRAME_BYTES * 2];
        Arrays.fill(jpeg, (byte) 0x55);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        Frame frame = new Frame(camera, 999_999L, Instant.now(), Instant.now(), 4000, 3000, ByteBuffer.wrap(jpeg));
        return context.serdes().valueSerde(Topics.FRAMES).serializer().serialize(Topics.FRAMES.name(), frame);
    }
}
