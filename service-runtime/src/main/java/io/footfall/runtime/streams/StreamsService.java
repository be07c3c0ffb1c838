package io.footfall.runtime.streams;

import io.footfall.runtime.Service;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.kafka.KafkaClients;
import io.footfall.runtime.ops.Health;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams topology as a Footfall service: exactly-once by default, poison records to
 * the dead-letter topic, Streams metrics on {@code /metrics}, readiness on {@code /health}.
 */
public final class StreamsService implements Service {

    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

    private final String name;
    private final ServiceContext context;
    private final Topology topology;
    private final Properties properties;
    private final Counter threadFailures;
    private final DeadLetters deadLetters;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    public StreamsService(String name, ServiceContext context, Topology topology) {
        this.name = name;
        this.context = context;
        this.topology = topology;
        this.deadLetters = context.deadLetters(applicationId(name, context.config()));
        Set<String> globalTopics = new HashSet<>();
        topology.describe().globalStores().forEach(store -> globalTopics.addAll(store.source().topicSet()));
        this.deadLetters.globalTopics(globalTopics);
        this.properties = streamsConfig(name, context.config(), deadLetters);
        this.threadFailures = Counter.builder("footfall_stream_thread_failures")
                .description("Stream threads that died of an unexpected error and were replaced")
                .tag("service", name)
                .register(context.meters());
    }

    public static String applicationId(String service, Config config) {
        return config.get(CoreSettings.APPLICATION_ID_PREFIX) + service;
    }

    /** The Streams configuration of a service; public so tests can build the same one for TopologyTestDriver. */
    public static Properties streamsConfig(String service, Config config, DeadLetters deadLetters) {
        Properties props = new Properties();
        props.putAll(KafkaClients.common(config));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(service, config));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                config.get(CoreSettings.PROCESSING_GUARANTEE).name().toLowerCase(Locale.ROOT));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.get(CoreSettings.STREAM_THREADS));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.get(CoreSettings.STATE_DIR));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.get(CoreSettings.COMMIT_INTERVAL).toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(CoreSettings.REPLICATION_FACTOR));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), config.get(CoreSettings.MAX_MESSAGE_BYTES));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Production.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // also where the partition assignor reads its configuration from (the main consumer's), which otherwise warns
        // at every start that the setting above is off
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        props.put(DeadLetterHandlers.DEAD_LETTERS_CONFIG, deadLetters);
        return props;
    }

    @Override
    public String name() {
        return name;
    }

    public Properties properties() {
        return properties;
    }

    @Override
    public synchronized void start() {
        streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(error -> {
            threadFailures.increment();
            log.error("Stream thread of {} failed; replacing it", name, error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((next, previous) -> log.info("{}: {} -> {}", name, previous, next));
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(context.meters());
        context.ops().register(name, this::health);
        streams.start();
    }

    @Override
    public Health health() {
        KafkaStreams current = streams;
        if (current == null) {
            return Health.down("not started");
        }
        KafkaStreams.State state = current.state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        return new Health(up, state.name());
    }

    /** A read-only view of one of the topology's state stores (global stores included), for queries. */
    public <T> T store(StoreQueryParameters<T> parameters) {
        KafkaStreams current = streams;
        if (current == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return current.store(parameters);
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    @Override
    public synchronized void close() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
            streamsMetrics.close();
            streams = null;
        }
        deadLetters.close();
    }
}
