package io.footfall.cli;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.kafka.KafkaClients;
import io.footfall.schema.EventType;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.FrameFaces;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a subscriber of the pipeline sees, timed: reads {@code faces}, {@code embeddings} and
 * {@code recognition-events} as committed (read_committed, as every consumer of an exactly-once
 * pipeline must) and records, per frame, when it was captured, detected, embedded and became
 * readable after the embedder's commit, and per ENTERED event, how long after the capture of the
 * frame that decided it a subscriber received it.
 */
final class E2eProbe implements AutoCloseable {

    /** Latency samples of one measurement window, in milliseconds. */
    static final class Window {
        final List<Double> captureToDetected = new ArrayList<>();
        final List<Double> detectedToEmbedded = new ArrayList<>();
        final List<Double> embeddedToReadable = new ArrayList<>();
        final List<Double> captureToReadable = new ArrayList<>();
        final List<Double> embedMillis = new ArrayList<>();
        final List<Double> captureToEvent = new ArrayList<>();
        final Map<String, Long> framesByCamera = new HashMap<>();
        long entered;
        long left;
        long faces;
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroSerdes serdes;
    private final Thread thread;
    private final Map<String, Long> detectedAt = new ConcurrentHashMap<>();
    private final AtomicLong totalEntered = new AtomicLong();
    private final AtomicLong totalLeft = new AtomicLong();
    private volatile boolean running = true;
    private Window window = new Window();

    E2eProbe(Config config, AvroSerdes serdes) {
        Map<String, Object> props = KafkaClients.common(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "footfall-bench-e2e-probe");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.serdes = serdes;
        this.thread = new Thread(this::loop, "e2e-probe");
        this.thread.setDaemon(true);
    }

    void start() {
        consumer.subscribe(List.of(Topics.FACES.name(), Topics.EMBEDDINGS.name(), Topics.RECOGNITION_EVENTS.name()));
        thread.start();
    }

    /** Starts a new window and returns the one that ends. */
    synchronized Window swap() {
        Window ended = window;
        window = new Window();
        return ended;
    }

    long totalEntered() {
        return totalEntered.get();
    }

    long totalLeft() {
        return totalLeft.get();
    }

    private void loop() {
        var faces = serdes.valueSerde(Topics.FACES).deserializer();
        var embeddings = serdes.valueSerde(Topics.EMBEDDINGS).deserializer();
        var events = serdes.valueSerde(Topics.RECOGNITION_EVENTS).deserializer();
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.currentTimeMillis();
                    String topic = r.topic();
                    if (topic.equals(Topics.FACES.name())) {
                        FrameFaces f = faces.deserialize(topic, r.value());
                        detectedAt.put(f.getCameraId() + "/" + f.getFrameSequence(), f.getDetectedAt().toEpochMilli());
                    } else if (topic.equals(Topics.EMBEDDINGS.name())) {
                        FrameEmbeddings e = embeddings.deserialize(topic, r.value());
                        embedded(e, now);
                    } else {
                        RecognitionEvent e = events.deserialize(topic, r.value());
                        event(e, now);
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() was called
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private synchronized void embedded(FrameEmbeddings e, long now) {
        long captured = e.getCapturedAt().toEpochMilli();
        long embedded = e.getEmbeddedAt().toEpochMilli();
        Long detected = detectedAt.remove(e.getCameraId() + "/" + e.getFrameSequence());
        Window w = window;
        if (detected != null) {
            w.captureToDetected.add((double) (detected - captured));
            w.detectedToEmbedded.add((double) (embedded - detected));
        }
        w.embeddedToReadable.add((double) (now - embedded));
        w.captureToReadable.add((double) (now - captured));
        w.embedMillis.add(e.getEmbeddingMicros() / 1000.0);
        w.framesByCamera.merge(e.getCameraId(), 1L, Long::sum);
        w.faces += e.getFaces().size();
    }

    private synchronized void event(RecognitionEvent e, long now) {
        if (e.getType() == EventType.ENTERED) {
            totalEntered.incrementAndGet();
            window.entered++;
            // An ENTERED event is decided by the frame its track was last seen in.
            window.captureToEvent.add((double) (now - e.getLastSeenAt().toEpochMilli()));
        } else {
            totalLeft.incrementAndGet();
            window.left++;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The q-quantile (0..1) of the samples, nearest rank; NaN when there are none. */
    static double quantile(List<Double> samples, double q) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
