package io.footfall.ingest;

import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.schema.CameraState;
import io.footfall.schema.CameraStatus;
import io.footfall.schema.Frame;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Runs camera ingest against the test broker and records every {@code frames} and
 * {@code camera-status} record it writes, with the time each was seen.
 */
final class IngestHarness implements AutoCloseable {

    record Seen<T>(T value, long atMillis) {}

    final ServiceContext context;
    final IngestService ingest;
    final List<Seen<Frame>> frames = new CopyOnWriteArrayList<>();
    final List<Seen<CameraStatus>> statuses = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private volatile boolean running = true;

    IngestHarness(List<CameraSpec> cameras, Map<String, String> settings) {
        this(cameras.stream().map(CameraSpec::id).toList(), cameras, settings);
    }

    /** Watches the cameras {@code ids}, some of which may come from a cameras file in {@code settings}. */
    IngestHarness(List<String> ids, List<CameraSpec> cameras, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "registry.url", "in-process",
                "metrics.host", "127.0.0.1",
                "metrics.port", "0",
                "topics.partitions", "2"));
        all.putAll(settings);
        List<io.footfall.runtime.config.Setting<?>> declared = new ArrayList<>(CoreSettings.all());
        declared.addAll(IngestSettings.all());
        Config config = Config.of(declared, all);
        context = ServiceContext.create(config);
        context.ensureTopics(List.of(Topics.FRAMES, Topics.CAMERA_STATUS));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
                new StringDeserializer(), new ByteArrayDeserializer());
        var frameSerde = context.serdes().valueSerde(Topics.FRAMES);
        var statusSerde = context.serdes().valueSerde(Topics.CAMERA_STATUS);
        consumer.subscribe(List.of(Topics.FRAMES.name(), Topics.CAMERA_STATUS.name()));
        // wait for the assignment so nothing written after start() is missed
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        reader = new Thread(() -> {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                        if (!ids.contains(r.key())) {
                            return;
                        }
                        long now = System.currentTimeMillis();
                        if (r.topic().equals(Topics.FRAMES.name())) {
                            frames.add(new Seen<>(frameSerde.deserializer().deserialize(r.topic(), r.value()), now));
                        } else {
                            statuses.add(new Seen<>(statusSerde.deserializer().deserialize(r.topic(), r.value()), now));
                        }
                    });
                }
            } catch (WakeupException done) {
                // closing
            } finally {
                consumer.close();
            }
        }, "ingest-it-reader");
        reader.start();
        ingest = new IngestService(context, cameras);
    }

    IngestHarness start() {
        ingest.start();
        return this;
    }

    List<CameraState> states(String camera) {
        return statuses.stream().filter(s -> s.value().getCameraId().equals(camera)).map(s -> s.value().getState()).toList();
    }

    /** When the camera last entered {@code state} after {@code afterMillis}, or -1. */
    long firstAt(String camera, CameraState state, long afterMillis) {
        return statuses.stream().filter(s -> s.value().getCameraId().equals(camera) && s.value().getState() == state
                && s.atMillis() >= afterMillis).mapToLong(Seen::atMillis).min().orElse(-1);
    }

    List<Frame> frames(String camera) {
        return frames.stream().map(Seen::value).filter(f -> f.getCameraId().equals(camera)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        ingest.close();
        running = false;
        consumer.wakeup();
        reader.join(5_000);
        context.close();
    }
}
