package io.footfall.runtime.kafka;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Kafka client settings derived from the configuration, shared by producers, admin and Streams. */
public final class KafkaClients {

    private KafkaClients() {}

    /** Bootstrap servers plus every {@code kafka.client.*} pass-through setting. */
    public static Map<String, Object> common(Config config) {
        Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.get(CoreSettings.BOOTSTRAP_SERVERS));
        return props;
    }

    /** Producer settings for an idempotent producer sized to the configured record limit. */
    public static Map<String, Object> producer(Config config, String clientId) {
        Map<String, Object> props = common(config);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.get(CoreSettings.MAX_MESSAGE_BYTES));
        return props;
    }

    public static Admin admin(Config config) {
        return Admin.create(common(config));
    }
}
