package io.footfall.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A topic of the catalogue: its name, key serde, Avro value type and how it is kept. Declared with
 * {@link #builder}, which names each property; code that reads or writes the topic takes the key
 * serde from here.
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

    /** A topic keyed by strings unless {@link Builder#keySerde} says otherwise; everything else is set by name. */
    public static <V extends SpecificRecord> Builder<String, V> builder(String name, Class<V> valueType) {
        return new Builder<>(name, Serdes.String(), valueType);
    }

    /** Builds a {@link Topic}; partitions default to 1, and the retention must be given (or {@link #keptForever()}). */
    public static final class Builder<K, V extends SpecificRecord> {
        private final String name;
        private final Serde<K> keySerde;
        private final Class<V> valueType;
        private boolean keyedByCamera;
        private int defaultPartitions = 1;
        private boolean compacted;
        private Duration retention;
        private boolean retentionSet;
        private String description = "";

        private Builder(String name, Serde<K> keySerde, Class<V> valueType) {
            this.name = name;
            this.keySerde = keySerde;
            this.valueType = valueType;
        }

        /** The serde of the record key, for a topic not keyed by strings. */
        public <K2> Builder<K2, V> keySerde(Serde<K2> serde) {
            Builder<K2, V> b = new Builder<>(name, serde, valueType);
            b.keyedByCamera = keyedByCamera;
            b.defaultPartitions = defaultPartitions;
            b.compacted = compacted;
            b.retention = retention;
            b.retentionSet = retentionSet;
            b.description = description;
            return b;
        }

        /** Whether records are keyed by camera id, so the topic scales by partitions. */
        public Builder<K, V> keyedByCamera(boolean keyedByCamera) {
            this.keyedByCamera = keyedByCamera;
            return this;
        }

        /** Partitions created when no count is configured. */
        public Builder<K, V> defaultPartitions(int partitions) {
            this.defaultPartitions = partitions;
            return this;
        }

        /** Whether the topic is log-compacted (a table whose tombstones delete). */
        public Builder<K, V> compacted(boolean compacted) {
            this.compacted = compacted;
            return this;
        }

        /** How long records are kept. */
        public Builder<K, V> retention(Duration retention) {
            this.retention = Objects.requireNonNull(retention, "retention; use keptForever()");
            this.retentionSet = true;
            return this;
        }

        /** Records are kept until compaction or a tombstone removes them. */
        public Builder<K, V> keptForever() {
            this.retention = null;
            this.retentionSet = true;
            return this;
        }

        /** What the topic carries, for docs and {@code --help}. */
        public Builder<K, V> description(String description) {
            this.description = description;
            return this;
        }

        public Topic<K, V> build() {
            if (!retentionSet) {
                throw new IllegalStateException("topic " + name + " needs a retention, or keptForever()");
            }
            return new Topic<>(name, keySerde, valueType, keyedByCamera, defaultPartitions, compacted, retention, description);
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
