package io.footfall.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic of the catalogue: its name, key serde, Avro value type and how it is kept.
 *
 * @param name topic name
 * @param keySerde serde of the record key
 * @param valueType generated Avro class of the record value
 * @param keyedByCamera whether records are keyed by camera id (such topics scale by partitions)
 * @param defaultPartitions partitions created when no count is configured
 * @param compacted whether the topic is log-compacted (a table whose tombstones delete)
 * @param retention how long records are kept; {@code null} keeps them forever
 * @param description what the topic carries, for docs and {@code --help}
 */
public record Topic<K, V extends SpecificRecord>(
        String name,
        Serde<K> keySerde,
        Class<V> valueType,
        boolean keyedByCamera,
        int defaultPartitions,
        boolean compacted,
        Duration retention,
        String description) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueType, "valueType");
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be positive");
        }
    }

    /** The broker-side settings this topic needs, with {@code maxMessageBytes} applied when positive. */
    public Map<String, String> configs(int maxMessageBytes) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : Long.toString(retention.toMillis()));
        if (maxMessageBytes > 0) {
            configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
        }
        return configs;
    }

    /** A topic creation request with the given partition count and replication factor. */
    public NewTopic newTopic(int partitions, short replicationFactor, int maxMessageBytes) {
        return new NewTopic(name, partitions, replicationFactor).configs(configs(maxMessageBytes));
    }
}
