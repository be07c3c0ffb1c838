package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.schema.FootfallCount;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.Identity;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schemas.registry.ConfluentRegistryClient;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.testing.ApicurioRegistry;
import io.footfall.testing.ChildJvm;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matcher killed with SIGKILL mid-stream and restarted loses no visit event and duplicates
 * none: exactly-once processing with tracks in a changelogged store, on a real broker and registry.
 */
class MatcherCrashIT {

    static final int DIM = 128;
    static ApicurioRegistry apicurio;

    @TempDir
    Path stateDir;

    final Random random = new Random(11);
    final float[] ada = ExactIndexTest.randomUnit(random, DIM);
    final float[] bob = ExactIndexTest.randomUnit(random, DIM);
    final float[] stranger = ExactIndexTest.randomUnit(random, DIM);

    @BeforeAll
    static void registry() throws Exception {
        Optional<Path> java21 = ApicurioRegistry.findJava21();
        Assumptions.assumeTrue(java21.isPresent(), "SKIPPED: the crash test needs a registry shared by two JVMs (Apicurio, Java 21+)");
        apicurio = ApicurioRegistry.start(java21.get());
    }

    @AfterAll
    static void stopRegistry() {
        if (apicurio != null) {
            apicurio.close();
        }
    }

    @Test
    void a_matcher_killed_mid_stream_loses_and_duplicates_nothing() throws Exception {
        String camera = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        AvroSerdes serdes = new AvroSerdes(new ConfluentRegistryClient(apicurio.confluentApiUrl()), true);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            var existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (var t : List.of(Topics.EMBEDDINGS, Topics.IDENTITIES, Topics.RECOGNITION_EVENTS, Topics.FOOTFALL_COUNTS, Topics.DEAD_LETTERS)) {
                if (!existing.contains(t.name())) {
                    missing.add(t.newTopic(2, (short) 1, 0));
                }
            }
            admin.createTopics(missing).all().get();
        }
        List<RecognitionEvent> events = new CopyOnWriteArrayList<>();
        List<FootfallCount> counts = new CopyOnWriteArrayList<>();
        Thread reader = LiveEmbeddings.read(serdes, camera, events, counts);
        try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            var identitySerde = serdes.valueSerde(Topics.IDENTITIES).serializer();
            producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), "ada-" + camera,
                    identitySerde.serialize(Topics.IDENTITIES.name(), identity("ada-" + camera, "Ada", ada)))).get();
            producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), "bob-" + camera,
                    identitySerde.serialize(Topics.IDENTITIES.name(), identity("bob-" + camera, "Bob", bob)))).get();

            // given a running matcher and Ada in front of the camera
            ChildJvm matcher = startMatcher(camera);
            long sequence = 0;
            sequence = play(producer, serdes, camera, sequence, 10, ada);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(e -> "Ada".equals(e.getDisplayName())));

            // when the matcher is killed mid-stream, and Bob and a stranger come while it is down
            matcher.kill();
            sequence = play(producer, serdes, camera, sequence + 8, 10, bob);
            play(producer, serdes, camera, sequence + 8, 10, stranger);

            // and it is restarted
            ChildJvm restarted = startMatcher(camera);
            try {
                // then every visit has exactly one ENTERED and one LEFT
                await().atMost(Duration.ofSeconds(60)).until(() -> events.size() >= 6);
                Thread.sleep(3_000); // anything duplicated would arrive by now
                assertThat(events).extracting(e -> e.getType() + " " + (e.getDisplayName() == null ? "unknown" : e.getDisplayName()))
                        .containsExactly("ENTERED Ada", "LEFT Ada", "ENTERED Bob", "LEFT Bob", "ENTERED unknown", "LEFT unknown");
                assertThat(events).extracting(RecognitionEvent::getEventId).doesNotHaveDuplicates();
                FootfallCount latest = counts.get(counts.size() - 1);
                assertThat(latest.getEntries()).isEqualTo(3);
                assertThat(latest.getUniqueKnown()).isEqualTo(2);
                assertThat(latest.getUniqueUnknown()).isEqualTo(1);
            } finally {
                restarted.kill();
                reader.interrupt();
            }
        }
    }

    private ChildJvm startMatcher(String camera) throws Exception {
        return ChildJvm.start(MatcherProcessMain.class, List.of("-Xmx512m"), List.of(
                "kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "registry.url=" + apicurio.confluentApiUrl(),
                "metrics.host=127.0.0.1", "metrics.port=0",
                "streams.state-dir=" + stateDir,
                "streams.application-id-prefix=" + camera + "-",
                "topics.partitions=2",
                "matcher.track-gap=600ms", "matcher.silence-timeout=0s",
                // the killed member leaves the group after this, not Kafka's default 45 s
                "kafka.client.session.timeout.ms=6000", "kafka.client.heartbeat.interval.ms=1000"), Duration.ofSeconds(90));
    }

    /**
     * Plays {@code frames} faces of a person in real time, 100 ms apart, then a second of frames with
     * nobody (longer than the track gap: the person has left); returns the next sequence number.
     */
    private long play(KafkaProducer<String, byte[]> producer, AvroSerdes serdes, String camera, long from, int frames, float[] person)
            throws Exception {
        var serializer = serdes.valueSerde(Topics.EMBEDDINGS).serializer();
        for (int i = 0; i < frames + 10; i++) {
            FrameEmbeddings frame = LiveEmbeddings.frameNow(camera, from + i, i < frames ? person : null, random);
            producer.send(new ProducerRecord<>(Topics.EMBEDDINGS.name(), null, frame.getCapturedAt().toEpochMilli(), camera,
                    serializer.serialize(Topics.EMBEDDINGS.name(), frame))).get();
            Thread.sleep(100);
        }
        return from + frames + 10;
    }

    private static Identity identity(String id, String name, float[] vector) {
        return Identity.newBuilder(CameraTrackerTest.identity(id, name, vector)).setModelId("dlib-resnet29-128").build();
    }
}
