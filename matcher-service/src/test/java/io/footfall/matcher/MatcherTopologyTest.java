package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.streams.DeadLetters;
import io.footfall.runtime.streams.StreamsService;
import io.footfall.schema.BoundingBox;
import io.footfall.schema.DeadLetter;
import io.footfall.schema.EventType;
import io.footfall.schema.FaceAttributeEstimate;
import io.footfall.schema.FaceEmbedding;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.Identity;
import io.footfall.schema.QualityVerdict;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.SubjectKind;
import io.footfall.schema.Visitor;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatcherTopologyTest {

    static final int DIM = 128;
    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path stateDir;

    final Random random = new Random(3);
    final float[] ada = ExactIndexTest.randomUnit(random, DIM);
    final float[] stranger = ExactIndexTest.randomUnit(random, DIM);

    TopologyTestDriver driver;
    TestInputTopic<String, Identity> identities;
    TestInputTopic<String, FrameEmbeddings> embeddings;
    TestOutputTopic<String, RecognitionEvent> events;
    TestOutputTopic<String, FootfallCount> counts;
    TestOutputTopic<byte[], DeadLetter> deadLetters;
    TestInputTopic<String, Visitor> visitorsIn;
    TestOutputTopic<String, Visitor> visitorsOut;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        Config config = Config.of(CoreSettings.all(), Map.of("registry.url", "in-process", "streams.state-dir", stateDir.toString()));
        AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry(), true);
        MatcherRules rules = new MatcherRules("dlib-resnet29-128", DIM, Integer.MAX_VALUE, new Thresholds(0.6f, 0.45f), 3, TrackingRules.defaults(),
                0.6f, Duration.ofDays(1), Duration.ofHours(1));
        Gallery gallery = new Gallery(rules.modelId(), DIM);
        VisitorRegistry visitors = new VisitorRegistry(rules.visitorThreshold(), rules.visitorRetention());
        IdentityVote vote = new IdentityVote(gallery, rules.thresholds(), visitors, rules.votes());
        var topology = MatcherTopology.build(serdes, rules, gallery, vote, visitors, new MatcherMetrics(meters, gallery), Clock.systemUTC());
        driver = new TopologyTestDriver(topology, StreamsService.streamsConfig("matcher", config, new DeadLetters("footfall-matcher", serdes, meters)), START);
        identities = driver.createInputTopic(Topics.IDENTITIES.name(), new StringSerializer(), serdes.valueSerde(Topics.IDENTITIES).serializer());
        embeddings = driver.createInputTopic(Topics.EMBEDDINGS.name(), new StringSerializer(), serdes.valueSerde(Topics.EMBEDDINGS).serializer());
        events = driver.createOutputTopic(Topics.RECOGNITION_EVENTS.name(), new StringDeserializer(), serdes.valueSerde(Topics.RECOGNITION_EVENTS).deserializer());
        counts = driver.createOutputTopic(Topics.FOOTFALL_COUNTS.name(), new StringDeserializer(), serdes.valueSerde(Topics.FOOTFALL_COUNTS).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(), serdes.valueSerde(Topics.DEAD_LETTERS).deserializer());
        visitorsIn = driver.createInputTopic(Topics.VISITORS.name(), new StringSerializer(), serdes.valueSerde(Topics.VISITORS).serializer());
        visitorsOut = driver.createOutputTopic(Topics.VISITORS.name(), new StringDeserializer(), serdes.valueSerde(Topics.VISITORS).deserializer());
        identities.pipeInput("p-ada", Identity.newBuilder(CameraTrackerTest.identity("p-ada", "Ada", ada)).setModelId("dlib-resnet29-128").build());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void a_known_and_an_unknown_visit_give_one_entered_and_one_left_each_and_counts() {
        // given Ada in front of the door for 2 s, nobody for 8 s, then a stranger
        play("door", 0, 10, ada);
        play("door", 10, 40, null);
        play("door", 50, 5, stranger);
        // when the door camera goes silent for longer than the track gap
        driver.advanceWallClockTime(Duration.ofSeconds(30));

        List<RecognitionEvent> visits = events.readValuesToList();
        assertThat(visits).extracting(e -> e.getType() + " " + (e.getSubject() == SubjectKind.KNOWN ? e.getDisplayName() : "unknown"))
                .containsExactly("ENTERED Ada", "LEFT Ada", "ENTERED unknown", "LEFT unknown");
        RecognitionEvent adaLeft = visits.get(1);
        assertThat(adaLeft.getEventId()).isEqualTo("door:door-" + START.toEpochMilli() + "-0:LEFT");
        assertThat(adaLeft.getFaceCount()).isEqualTo(10);
        assertThat(adaLeft.getDwellMillis()).isEqualTo(1_800);
        assertThat(visits.get(0).getSimilarity()).isGreaterThan(0.9f);
        assertThat(visits.get(2).getVisitorId()).isEqualTo("v-door-" + START.plusMillis(50 * 200L).toEpochMilli() + "-0");

        FootfallCount latest = counts.readValuesToList().stream().reduce((a, b) -> b).orElseThrow();
        assertThat(latest.getCameraId()).isEqualTo("door");
        assertThat(latest.getWindowStart()).isEqualTo(START);
        assertThat(latest.getEntries()).isEqualTo(2);
        assertThat(latest.getUniqueKnown()).isEqualTo(1);
        assertThat(latest.getUniqueUnknown()).isEqualTo(1);
        assertThat(meters.get("footfall_matcher_decisions").tag("outcome", "known").counter().count()).isEqualTo(1);
    }

    @Test
    void a_frame_that_starts_a_new_shot_ends_the_visits_of_the_shot_before() {
        // given Ada on a camera whose picture then cuts to another shot, where she is again
        play("stage", 0, 5, ada);
        embeddings.pipeInput("stage", FrameEmbeddings.newBuilder(frame("stage", 5, List.of(face(0, ada)))).setSceneCut(true).build(),
                START.plusMillis(5 * 200L));
        play("stage", 6, 4, ada);
        driver.advanceWallClockTime(Duration.ofSeconds(30));

        // then her first visit left at the cut, and the second shot is a visit of its own
        assertThat(events.readValuesToList()).extracting(e -> e.getType() + " " + e.getDisplayName() + " " + e.getFaceCount())
                .containsExactly("ENTERED Ada 3", "LEFT Ada 5", "ENTERED Ada 3", "LEFT Ada 5");
    }

    @Test
    void unknown_visitors_are_shared_with_other_matchers_through_the_visitors_topic() {
        // given a visitor another matcher instance founded from the same stranger at another camera
        List<Float> centroid = new ArrayList<>();
        for (float x : stranger) {
            centroid.add(x);
        }
        visitorsIn.pipeInput("v-till-7-0", new Visitor("v-till-7-0", "dlib-resnet29-128", centroid, 1, START, START, List.of()), START);
        // when the stranger walks past this matcher's camera
        play("door", 0, 5, stranger);
        // then it is the same visitor, and the updated visitor is shared again
        assertThat(events.readValuesToList()).singleElement()
                .satisfies(e -> assertThat(e.getVisitorId()).isEqualTo("v-till-7-0"));
        assertThat(visitorsOut.readKeyValuesToList()).last().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("v-till-7-0");
            assertThat(kv.value.getTracks()).isEqualTo(2);
        });
    }

    @Test
    void visitors_not_seen_for_the_retention_are_forgotten_everywhere() {
        play("door", 0, 5, stranger);
        assertThat(visitorsOut.readKeyValuesToList()).isNotEmpty();
        driver.advanceWallClockTime(Duration.ofDays(2));
        assertThat(visitorsOut.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("v-door-" + START.toEpochMilli() + "-0");
            assertThat(kv.value).isNull();
        });
    }

    @Test
    void a_visit_carries_its_faces_age_gender_and_expression_and_the_counts_break_down_by_band_and_gender() {
        // given Ada for 10 frames, estimated 31..40 years old, female with P 0.8..0.9, mostly happy; then a stranger unestimated
        for (int i = 0; i < 10; i++) {
            Instant at = START.plusMillis(i * 200L);
            FaceEmbedding f = FaceEmbedding.newBuilder(face(0, ada)).setAttributes(new FaceAttributeEstimate(31f + i, "female", 0.8f + i * 0.01f,
                    i < 7 ? "happy" : "neutral", Map.of("happy", i < 7 ? 0.9f : 0.2f, "neutral", i < 7 ? 0.1f : 0.8f))).build();
            embeddings.pipeInput("door", frame("door", i, List.of(f)), at);
        }
        play("door", 10, 40, null);
        play("door", 50, 5, stranger);
        driver.advanceWallClockTime(Duration.ofSeconds(30));

        List<RecognitionEvent> visits = events.readValuesToList();
        RecognitionEvent entered = visits.get(0);
        RecognitionEvent left = visits.get(1);
        // ENTERED after the third vote: the estimate so far (ages 31, 32, 33)
        assertThat(entered.getAttributeFaces()).isEqualTo(3);
        assertThat(entered.getAge()).isEqualTo(32f);
        assertThat(entered.getAgeBand()).isEqualTo("25-34");
        // LEFT: all ten faces, median age 35.5, mean P(female) 0.845
        assertThat(left.getAttributeFaces()).isEqualTo(10);
        assertThat(left.getAge()).isEqualTo(35.5f);
        assertThat(left.getAgeBand()).isEqualTo("35-44");
        assertThat(left.getGender()).isEqualTo("female");
        assertThat(left.getGenderConfidence()).isCloseTo(0.845f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(left.getExpression()).isEqualTo("happy");
        assertThat(visits.get(2).getAge()).as("the stranger was not estimated").isNull();
        assertThat(visits.get(2).getAttributeFaces()).isZero();

        FootfallCount latest = counts.readValuesToList().stream().reduce((a, b) -> b).orElseThrow();
        assertThat(latest.getByAgeBand()).containsExactlyInAnyOrderEntriesOf(Map.of("25-34", 1L, "unknown", 1L));
        assertThat(latest.getByGender()).containsExactlyInAnyOrderEntriesOf(Map.of("female", 1L, "unknown", 1L));
    }

    @Test
    void an_erased_identity_is_no_longer_matched() {
        identities.pipeInput("p-ada", (Identity) null);
        play("door", 0, 5, ada);
        assertThat(events.readValuesToList()).singleElement()
                .satisfies(e -> assertThat(e.getSubject()).isEqualTo(SubjectKind.UNKNOWN));
    }

    @Test
    void embeddings_of_another_model_or_dimension_are_dead_lettered_and_matching_goes_on() {
        embeddings.pipeInput("door", FrameEmbeddings.newBuilder(frame("door", 0, List.of(face(0, ada)))).setModelId("facenet-512").build(), START);
        embeddings.pipeInput("door", frame("door", 1, List.of(new FaceEmbedding(0, box(0), 0.9f, passed(), List.of(1f, 0f), null))), START);
        play("door", 2, 5, ada);
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).contains("model 'facenet-512'"),
                r -> assertThat(r).contains("2-d embedding"));
        assertThat(events.readValuesToList()).extracting(RecognitionEvent::getType).containsExactly(EventType.ENTERED);
    }

    /** Frames at 5 fps showing {@code person}, or nobody when it is null. */
    private void play(String camera, int firstFrame, int frames, float[] person) {
        for (int i = firstFrame; i < firstFrame + frames; i++) {
            Instant at = START.plusMillis(i * 200L);
            embeddings.pipeInput(camera, frame(camera, i, person == null ? List.of() : List.of(face(0, person))), at);
        }
    }

    private FrameEmbeddings frame(String camera, long sequence, List<FaceEmbedding> faces) {
        Instant at = START.plusMillis(sequence * 200L);
        return FrameEmbeddings.newBuilder().setCameraId(camera).setFrameSequence(sequence).setCapturedAt(at).setFrameWidth(640)
                .setFrameHeight(480).setModelId("dlib-resnet29-128").setEmbeddedAt(at).setEmbeddingMicros(1000).setFaces(faces).build();
    }

    private FaceEmbedding face(int index, float[] person) {
        List<Float> v = new ArrayList<>();
        for (float x : person) {
            v.add(x + (float) random.nextGaussian() * 0.02f);
        }
        return new FaceEmbedding(index, box(index), 0.99f, passed(), v, null);
    }

    private static BoundingBox box(int index) {
        return new BoundingBox(100f + index * 300, 100f, 80f, 80f);
    }

    private static QualityVerdict passed() {
        return new QualityVerdict(true, null, 200f);
    }
}
