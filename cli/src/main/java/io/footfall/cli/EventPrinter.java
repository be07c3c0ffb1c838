package io.footfall.cli;

import io.footfall.runtime.Service;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.kafka.KafkaClients;
import io.footfall.runtime.ops.Health;
import io.footfall.schema.CameraStatus;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.SubjectKind;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Prints what users subscribe to, recognition events, footfall counts and camera status, as readable lines. */
final class EventPrinter implements Service {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroSerdes serdes;
    private final PrintWriter out;
    private final Thread thread;
    private final AtomicLong entered = new AtomicLong();
    private final AtomicLong left = new AtomicLong();
    private final AtomicLong known = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong statusChanges = new AtomicLong();
    private volatile boolean running;

    EventPrinter(Config config, AvroSerdes serdes, PrintWriter out) {
        Map<String, Object> props = KafkaClients.common(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "footfall-demo-printer");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.serdes = serdes;
        this.out = out;
        this.thread = new Thread(this::loop, "footfall-event-printer");
    }

    @Override
    public String name() {
        return "event-printer";
    }

    @Override
    public void start() {
        consumer.subscribe(List.of(Topics.RECOGNITION_EVENTS.name(), Topics.FOOTFALL_COUNTS.name(), Topics.CAMERA_STATUS.name()));
        // Join the group before anything else starts, so the first camera status is not missed.
        long deadline = System.currentTimeMillis() + 30_000;
        while (consumer.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        running = true;
        thread.start();
    }

    private void loop() {
        var events = serdes.valueSerde(Topics.RECOGNITION_EVENTS).deserializer();
        var counts = serdes.valueSerde(Topics.FOOTFALL_COUNTS).deserializer();
        var status = serdes.valueSerde(Topics.CAMERA_STATUS).deserializer();
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        if (r.topic().equals(Topics.RECOGNITION_EVENTS.name())) {
                            print(events.deserialize(r.topic(), r.value()));
                        } else if (r.topic().equals(Topics.FOOTFALL_COUNTS.name())) {
                            print(counts.deserialize(r.topic(), r.value()));
                        } else {
                            print(status.deserialize(r.topic(), r.value()));
                        }
                    } catch (RuntimeException unreadable) {
                        out.println("(unreadable record on " + r.topic() + ": " + unreadable.getMessage() + ")");
                    }
                    out.flush();
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } finally {
            consumer.close();
        }
    }

    private void print(RecognitionEvent e) {
        switch (e.getType()) {
            case ENTERED -> {
                entered.incrementAndGet();
                (e.getSubject() == SubjectKind.KNOWN ? known : unknown).incrementAndGet();
            }
            case LEFT -> left.incrementAndGet();
        }
        out.println(line(e));
    }

    /** An event as the demo and {@code footfall events} print it, {@code "09:43:27  sample       ENTERED  Franck (similarity 0.98)"}. */
    static String line(RecognitionEvent e) {
        String who = e.getSubject() == SubjectKind.KNOWN
                ? e.getDisplayName() + String.format(" (similarity %.2f)", e.getSimilarity() == null ? 0f : e.getSimilarity())
                : "unknown visitor " + e.getVisitorId();
        return switch (e.getType()) {
            case ENTERED -> String.format("%s  %-12s ENTERED  %s%s", TIME.format(e.getFirstSeenAt()), e.getCameraId(), who, estimates(e));
            case LEFT -> String.format("%s  %-12s LEFT     %s after %ds, %d faces%s", TIME.format(e.getLastSeenAt()), e.getCameraId(), who,
                    e.getDwellMillis() / 1000, e.getFaceCount(), estimates(e));
        };
    }

    private void print(FootfallCount c) {
        out.printf("%s  %-12s COUNT    %s-%s: %d entries, %d known, %d unknown%s%n", TIME.format(c.getUpdatedAt()), c.getCameraId(),
                TIME.format(c.getWindowStart()), TIME.format(c.getWindowEnd()), c.getEntries(), c.getUniqueKnown(), c.getUniqueUnknown(),
                breakdown(c));
    }

    /** A visit's estimates as the event lines show them, {@code " · ~34 · female · happy"}; empty when there are none. */
    static String estimates(RecognitionEvent e) {
        if (e.getAge() == null) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, " · ~%.0f · %s · %s", Math.floor(e.getAge()), e.getGender(), e.getExpression());
    }

    /** A window's entries by age band and gender, {@code " · 25-34 1, unknown 1 · female 1, unknown 1"}; empty when none. */
    static String breakdown(FootfallCount c) {
        if (c.getByAgeBand().isEmpty() && c.getByGender().isEmpty()) {
            return "";
        }
        return " · " + joined(c.getByAgeBand()) + " · " + joined(c.getByGender());
    }

    private static String joined(Map<String, Long> counts) {
        return new java.util.TreeMap<>(counts).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private void print(CameraStatus s) {
        statusChanges.incrementAndGet();
        out.printf("%s  %-12s CAMERA   %s%s%n", TIME.format(s.getAt()), s.getCameraId(), s.getState(),
                s.getReason() == null ? "" : " (" + s.getReason() + ")");
    }

    String summary() {
        return String.format("visits entered %d, left %d; known %d, unknown %d; camera status changes %d",
                entered.get(), left.get(), known.get(), unknown.get(), statusChanges.get());
    }

    @Override
    public Health health() {
        return thread.isAlive() ? Health.up("printing") : Health.down("stopped");
    }

    @Override
    public void close() {
        if (running) {
            running = false;
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
