package io.footfall.runtime.streams;

import io.footfall.schema.DeadLetter;
import io.footfall.schema.FailureStage;
import io.footfall.topics.Topics;
import io.footfall.schemas.serde.AvroSerdes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a record a service cannot process into a {@code dead-letters} record that keeps the
 * original bytes and says why, and counts it in {@code footfall_dead_letters_total}.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** Longest value kept in a dead letter; larger ones (the cause of a too-large error) are dropped with a note. */
    private static final int MAX_KEPT_VALUE_BYTES = 512 * 1024;

    private final String service;
    private final Serializer<DeadLetter> serializer;
    private final MeterRegistry meters;
    private final Map<String, Object> producerConfig;
    private volatile Set<String> globalTopics = Set.of();
    private KafkaProducer<byte[], byte[]> directProducer;

    public DeadLetters(String service, AvroSerdes serdes, MeterRegistry meters) {
        this(service, serdes, meters, null);
    }

    /**
     * @param producerConfig for dead letters of records that Streams cannot dead-letter itself
     *     (those of global stores); {@code null} only where there are none (tests)
     */
    public DeadLetters(String service, AvroSerdes serdes, MeterRegistry meters, Map<String, Object> producerConfig) {
        this.service = service;
        this.serializer = serdes.valueSerde(Topics.DEAD_LETTERS).serializer();
        this.meters = meters;
        this.producerConfig = producerConfig;
    }

    /** The topics read into global stores: their poison records are dead-lettered by {@link #sendDirect}. */
    public void globalTopics(Set<String> topics) {
        this.globalTopics = Set.copyOf(topics);
    }

    public boolean isGlobal(String topic) {
        return globalTopics.contains(topic);
    }

    /**
     * Writes a dead letter with a producer of its own. Streams cannot write dead letters for
     * records of global stores (its global thread has no record collector), so those go this way,
     * outside the task's transaction: at least once rather than exactly once.
     */
    public synchronized void sendDirect(ProducerRecord<byte[], byte[]> letter) {
        if (producerConfig == null) {
            log.warn("Dead letter for {} not written: no producer configured", letter.topic());
            return;
        }
        if (directProducer == null) {
            directProducer = new KafkaProducer<>(producerConfig,
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        directProducer.send(letter, (metadata, error) -> {
            if (error != null) {
                log.error("Dead letter could not be written: {}", error.toString());
            }
        });
    }

    public synchronized void close() {
        if (directProducer != null) {
            directProducer.close(Duration.ofSeconds(5));
            directProducer = null;
        }
    }

    /** Where a failed record came from. */
    public record Source(String topic, Integer partition, Long offset, Long timestamp, byte[] key, byte[] value, Headers headers) {}

    public ProducerRecord<byte[], byte[]> record(FailureStage stage, Source source, String reason, Throwable error) {
        byte[] value = source.value();
        String fullReason = reason;
        if (value != null && value.length > MAX_KEPT_VALUE_BYTES) {
            fullReason = reason + " (original value of " + value.length + " bytes not kept)";
            value = null;
        }
        DeadLetter letter = DeadLetter.newBuilder()
                .setService(service)
                .setStage(stage)
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition() == null || source.partition() < 0 ? null : source.partition())
                .setSourceOffset(source.offset() == null || source.offset() < 0 ? null : source.offset())
                .setSourceTimestamp(source.timestamp() == null || source.timestamp() < 0 ? null : Instant.ofEpochMilli(source.timestamp()))
                .setReason(fullReason)
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setHeaders(headers(source.headers()))
                .setFailedAt(Instant.now())
                .build();
        count(stage, source.topic());
        log.warn("Dead-lettered record from {}-{}@{} ({}): {}", source.topic(), source.partition(), source.offset(),
                stage.name().toLowerCase(Locale.ROOT), fullReason);
        return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, source.key(), serializer.serialize(Topics.DEAD_LETTERS.name(), letter));
    }

    private void count(FailureStage stage, String topic) {
        Counter.builder("footfall_dead_letters")
                .description("Records sent to the dead-letter topic, by service, stage and source topic")
                .tag("service", service)
                .tag("stage", stage.name().toLowerCase(Locale.ROOT))
                .tag("topic", topic == null ? "unknown" : topic)
                .register(meters)
                .increment();
    }

    private static Map<String, ByteBuffer> headers(Headers headers) {
        Map<String, ByteBuffer> out = new HashMap<>();
        if (headers != null) {
            for (Header h : headers) {
                if (h.value() != null) {
                    out.put(h.key(), ByteBuffer.wrap(h.value()));
                }
            }
        }
        return out;
    }

    /** A short reason from an exception chain: the innermost message usually says most. */
    public static String reasonOf(Throwable error) {
        String best = error.getMessage();
        for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && (best == null || !best.contains(t.getMessage()))) {
                best = best == null ? t.getMessage() : best + ": " + t.getMessage();
            }
        }
        return best == null ? error.getClass().getSimpleName() : best;
    }
}
