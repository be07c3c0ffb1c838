package io.footfall.matcher.enrol;

import io.footfall.schema.Identity;
import io.footfall.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The compacted {@code identities} topic as a table outside Kafka Streams: read every current record (consuming
 * from the beginning to the end offsets taken at the start, later records of a key replacing earlier ones, a
 * tombstone removing the key), and write one record.
 */
public final class IdentityTopic {

    private IdentityTopic() {}

    /**
     * Every identity currently on the topic, by id.
     *
     * @param clientProperties bootstrap servers and any client settings (no group id is used)
     * @throws TimeoutException when the topic cannot be read within {@code timeout}
     */
    public static Map<String, Identity> readAll(Map<String, Object> clientProperties, Deserializer<Identity> values, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "footfall-identities-reader");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Identity> table = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, Topics.IDENTITIES.keySerde().deserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.IDENTITIES.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return table;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            while (partitions.stream().anyMatch(p -> consumer.position(p, remaining(deadline)) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading the identities topic took longer than " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    if (r.value() == null) {
                        table.remove(r.key());
                    } else {
                        table.put(r.key(), values.deserialize(r.topic(), r.value()));
                    }
                }
            }
        }
        return table;
    }

    /** A record too large for the producer's limit: the person has too many templates. */
    public static final class TooLargeException extends IllegalStateException {
        public TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Writes one identity record and waits for the broker's acknowledgement.
     *
     * @throws TooLargeException when the record is over the producer's size limit ({@code kafka.max-message-bytes})
     */
    public static void write(Producer<String, byte[]> producer, Serializer<Identity> values, Identity identity, Duration timeout) throws Exception {
        byte[] bytes = values.serialize(Topics.IDENTITIES.name(), identity);
        try {
            producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), identity.getIdentityId(), bytes)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new TooLargeException("the record of '" + identity.getIdentityId() + "' would be " + bytes.length + " bytes with "
                        + identity.getTemplates().size() + " templates, over the record size limit (kafka.max-message-bytes); "
                        + "a few good photos per person are enough");
            }
            throw e;
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }
}
