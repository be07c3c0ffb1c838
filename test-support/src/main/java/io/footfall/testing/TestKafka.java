package io.footfall.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The one switch that gives every integration test its real Kafka broker, shared by all tests of a
 * JVM: an external cluster when a bootstrap address is given, Testcontainers when a Docker engine is
 * there, otherwise an in-JVM KRaft cluster ({@link KafkaClusterTestKit}).
 *
 * <p>Chosen by the system property {@code footfall.test.kafka} (or env {@code FOOTFALL_TEST_KAFKA}):
 * {@code auto} (default), {@code external}, {@code testcontainers} or {@code kraft}; the external
 * address comes from {@code footfall.test.bootstrap} (or env {@code FOOTFALL_TEST_BOOTSTRAP}).
 * Each run prints which backend it used.
 */
public final class TestKafka {

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    private static final String TESTCONTAINERS_IMAGE = "apache/kafka:4.1.0";

    public enum Backend { EXTERNAL, TESTCONTAINERS, KRAFT }

    private static Backend backend;
    private static String bootstrapServers;
    private static AutoCloseable handle;

    private TestKafka() {}

    /** Starts the backend on first use and returns its bootstrap address. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            start();
        }
        return bootstrapServers;
    }

    public static synchronized Backend backend() {
        bootstrapServers();
        return backend;
    }

    private static void start() {
        String requested = setting("footfall.test.kafka", "FOOTFALL_TEST_KAFKA").orElse("auto").toLowerCase(Locale.ROOT);
        Optional<String> external = setting("footfall.test.bootstrap", "FOOTFALL_TEST_BOOTSTRAP");
        long started = System.nanoTime();
        switch (requested) {
            case "external" -> startExternal(external.orElseThrow(() -> new IllegalStateException(
                    "footfall.test.kafka=external needs footfall.test.bootstrap=HOST:PORT (or FOOTFALL_TEST_BOOTSTRAP)")));
            case "testcontainers" -> startTestcontainers();
            case "kraft" -> startKraft();
            case "auto" -> {
                if (external.isPresent()) {
                    startExternal(external.get());
                } else if (dockerAvailable()) {
                    startTestcontainers();
                } else {
                    startKraft();
                }
            }
            default -> throw new IllegalStateException("footfall.test.kafka must be auto, external, testcontainers or kraft, not '" + requested + "'");
        }
        String line = String.format("Kafka backend for integration tests: %s at %s (ready in %d ms)",
                describe(backend), bootstrapServers, (System.nanoTime() - started) / 1_000_000);
        System.out.println("[footfall-test] " + line);
        log.info(line);
        Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "test-kafka-shutdown"));
    }

    private static String describe(Backend b) {
        return switch (b) {
            case EXTERNAL -> "external cluster";
            case TESTCONTAINERS -> "Testcontainers " + TESTCONTAINERS_IMAGE;
            case KRAFT -> "in-JVM KRaft cluster (KafkaClusterTestKit, 1 combined node)";
        };
    }

    private static void startExternal(String address) {
        backend = Backend.EXTERNAL;
        bootstrapServers = address;
    }

    private static boolean dockerAvailable() {
        // Asking Testcontainers logs an ERROR when there is no engine; look for one quietly first.
        boolean configured = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    private static void startTestcontainers() {
        var container = new org.testcontainers.kafka.KafkaContainer(TESTCONTAINERS_IMAGE);
        container.start();
        backend = Backend.TESTCONTAINERS;
        bootstrapServers = container.getBootstrapServers();
        handle = container::stop;
    }

    private static void startKraft() {
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build());
            for (Map.Entry<String, String> e : singleNodeBrokerConfig().entrySet()) {
                builder.setConfigProp(e.getKey(), e.getValue());
            }
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            backend = Backend.KRAFT;
            bootstrapServers = cluster.bootstrapServers();
            handle = cluster;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the in-JVM KRaft cluster: " + e, e);
        }
    }

    /** Internal topics of a one-node cluster must not ask for more replicas than there are brokers. */
    static Map<String, String> singleNodeBrokerConfig() {
        return Map.of(
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "4",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "4",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false",
                "message.max.bytes", Integer.toString(4 * 1024 * 1024));
    }

    private static synchronized void stop() {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                log.warn("Stopping the test Kafka failed: {}", e.toString());
            }
            handle = null;
        }
    }

    private static Optional<String> setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
