package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.streams.DeadLetters;
import io.footfall.runtime.streams.StreamsService;
import io.footfall.schema.BoundingBox;
import io.footfall.schema.FaceEmbedding;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.QualityVerdict;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schemas.registry.InMemorySchemaRegistry;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera whose records stop (an upstream service restarting) keeps its visits open for the
 * silence timeout, so the backlog that follows continues the same visit instead of starting a
 * second one; with a silence timeout of 0 (the track gap) the silence closes the visit.
 */
class SilenceTimeoutTest {

    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path stateDir;

    final Random random = new Random(5);
    final float[] person = ExactIndexTest.randomUnit(random, 128);

    @Test
    void an_outage_shorter_than_the_silence_timeout_does_not_split_a_visit() {
        List<RecognitionEvent> events = outageOf(Duration.ofSeconds(20), Duration.ofSeconds(60));
        assertThat(events).extracting(e -> e.getType().toString()).containsExactly("ENTERED", "LEFT");
        assertThat(events.get(1).getFaceCount()).isEqualTo(20);
    }

    @Test
    void with_no_silence_timeout_silence_longer_than_the_track_gap_ends_the_visit() {
        List<RecognitionEvent> events = outageOf(Duration.ofSeconds(20), Duration.ZERO);
        assertThat(events).extracting(e -> e.getType().toString()).containsExactly("ENTERED", "LEFT", "ENTERED", "LEFT");
    }

    /** 10 frames of one face, nothing for {@code outage} of wall-clock time, then the next 10 frames of the same visit. */
    private List<RecognitionEvent> outageOf(Duration outage, Duration silenceTimeout) {
        Config config = Config.of(CoreSettings.all(), Map.of("registry.url", "in-process", "streams.state-dir", stateDir.toString()));
        AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry(), true);
        MatcherRules rules = new MatcherRules("dlib-resnet29-128", 128, Integer.MAX_VALUE, new Thresholds(0.6f, 0.45f), 3, TrackingRules.defaults(),
                0.6f, Duration.ofDays(1), Duration.ofHours(1), silenceTimeout);
        Gallery gallery = new Gallery(rules.modelId(), 128);
        VisitorRegistry visitors = new VisitorRegistry(rules.visitorThreshold(), rules.visitorRetention());
        IdentityVote vote = new IdentityVote(gallery, rules.thresholds(), visitors, rules.votes());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        var topology = MatcherTopology.build(serdes, rules, gallery, vote, visitors, new MatcherMetrics(meters, gallery), Clock.systemUTC());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology,
                StreamsService.streamsConfig("matcher", config, new DeadLetters("footfall-matcher", serdes, meters)), START)) {
            TestInputTopic<String, FrameEmbeddings> embeddings = driver.createInputTopic(Topics.EMBEDDINGS.name(), new StringSerializer(),
                    serdes.valueSerde(Topics.EMBEDDINGS).serializer());
            TestOutputTopic<String, RecognitionEvent> events = driver.createOutputTopic(Topics.RECOGNITION_EVENTS.name(), new StringDeserializer(),
                    serdes.valueSerde(Topics.RECOGNITION_EVENTS).deserializer());
            play(embeddings, 0, 10);
            driver.advanceWallClockTime(outage);
            play(embeddings, 10, 10);
            play(embeddings, 40, 0); // nothing: the visit ends by silence below
            driver.advanceWallClockTime(silenceTimeout.plusSeconds(5));
            return events.readValuesToList();
        }
    }

    private void play(TestInputTopic<String, FrameEmbeddings> embeddings, int first, int frames) {
        for (int i = first; i < first + frames; i++) {
            Instant at = START.plusMillis(i * 200L);
            List<Float> v = new ArrayList<>();
            for (float x : person) {
                v.add(x + (float) random.nextGaussian() * 0.02f);
            }
            FaceEmbedding face = new FaceEmbedding(0, new BoundingBox(100f, 100f, 80f, 80f), 0.99f, new QualityVerdict(true, null, 100f), v, null);
            embeddings.pipeInput("door", FrameEmbeddings.newBuilder().setCameraId("door").setFrameSequence(i).setCapturedAt(at).setFrameWidth(640)
                    .setFrameHeight(480).setModelId("dlib-resnet29-128").setEmbeddedAt(at).setEmbeddingMicros(1000).setFaces(List.of(face)).build(), at);
        }
    }
}
