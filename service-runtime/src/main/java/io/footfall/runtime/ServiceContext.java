package io.footfall.runtime;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.kafka.KafkaClients;
import io.footfall.runtime.kafka.SchemaRegistries;
import io.footfall.runtime.kafka.TopicProvisioner;
import io.footfall.runtime.ops.OpsServer;
import io.footfall.runtime.streams.DeadLetters;
import io.footfall.schemas.registry.SchemaRegistry;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topic;
import io.footfall.topics.Topics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What every service of one process shares: the validated configuration, the meter registry
 * behind {@code /metrics}, the {@code /health} endpoint, and the Avro serdes of the registry.
 */
public final class ServiceContext implements AutoCloseable {

    private final Config config;
    private final PrometheusMeterRegistry meters;
    private final SchemaRegistry registry;
    private final AvroSerdes serdes;
    private final OpsServer ops;
    private final JvmGcMetrics gcMetrics;

    private ServiceContext(Config config, PrometheusMeterRegistry meters, SchemaRegistry registry, OpsServer ops, JvmGcMetrics gc) {
        this.config = config;
        this.meters = meters;
        this.registry = registry;
        this.serdes = new AvroSerdes(registry, config.get(CoreSettings.REGISTRY_AUTO_REGISTER));
        this.ops = ops;
        this.gcMetrics = gc;
    }

    /** Binds JVM metrics and starts the ops endpoint on the configured host and port. */
    public static ServiceContext create(Config config) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(meters);
        SchemaRegistry registry = SchemaRegistries.forUrl(config.get(CoreSettings.REGISTRY_URL));
        String keyStore = config.get(CoreSettings.METRICS_TLS_KEYSTORE);
        OpsServer.Tls tls = keyStore.isBlank() ? null : new OpsServer.Tls(Path.of(keyStore), config.get(CoreSettings.METRICS_TLS_KEYSTORE_PASSWORD));
        OpsServer ops = OpsServer.start(config.get(CoreSettings.METRICS_HOST), config.get(CoreSettings.METRICS_PORT), meters, tls);
        return new ServiceContext(config, meters, registry, ops, gc);
    }

    public Config config() {
        return config;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public AvroSerdes serdes() {
        return serdes;
    }

    public OpsServer ops() {
        return ops;
    }

    public DeadLetters deadLetters(String service) {
        return new DeadLetters(service, serdes, meters, KafkaClients.producer(config, service + "-dead-letters"));
    }

    /**
     * An idempotent producer of keys and raw value bytes for services that are not Streams apps
     * (camera ingest, enrolment), with its client metrics on {@code /metrics}. Keys are written with
     * {@code topic}'s key serde; the other topics it writes to must have the same key type.
     */
    public <K> KafkaProducer<K, byte[]> producer(Topic<K, ?> topic, String clientId, Map<String, Object> overrides) {
        Map<String, Object> props = KafkaClients.producer(config, clientId);
        props.putAll(overrides);
        KafkaProducer<K, byte[]> producer = new KafkaProducer<>(props, topic.keySerde().serializer(), new ByteArraySerializer());
        new KafkaClientMetrics(producer).bindTo(meters);
        return producer;
    }

    /** Creates the given topics where missing, if {@code topics.create} is on. */
    public void ensureTopics(Collection<Topic<?, ?>> topics) {
        if (!config.get(CoreSettings.CREATE_TOPICS)) {
            return;
        }
        Admin admin = KafkaClients.admin(config);
        try {
            TopicProvisioner.ensure(admin, config, topics);
        } finally {
            // a plain close() waits out default.api.timeout.ms (60 s) for calls to an unreachable cluster
            admin.close(Duration.ofSeconds(5));
        }
    }

    public void ensureAllTopics() {
        ensureTopics(List.copyOf(Topics.all()));
    }

    @Override
    public void close() {
        ops.close();
        gcMetrics.close();
        registry.close();
        meters.close();
    }
}
