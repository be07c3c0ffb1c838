package io.footfall.kafka.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside this JVM, for the
 * single-process mode. Listens on loopback only unless given listeners (as {@code footfall broker} is, to serve
 * containers); its data directory survives restarts unless it is a temporary one.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path dataDir;
    private final boolean temporary;
    private final int port;
    private final int controllerPort;
    private final int maxMessageBytes;
    private final String listeners;
    private final Map<String, String> properties;
    private final String advertisedListeners;
    private KafkaRaftServer server;

    private EmbeddedKafka(Builder b) {
        this.dataDir = b.dataDir;
        this.temporary = b.temporary;
        this.port = b.port;
        this.controllerPort = b.controllerPort;
        this.maxMessageBytes = b.maxMessageBytes;
        this.listeners = b.listeners;
        this.properties = Map.copyOf(b.properties);
        this.advertisedListeners = b.advertisedListeners;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an embedded broker; returns {@code this} from every setter. */
    public static final class Builder {
        private Path dataDir;
        private boolean temporary;
        private int port;
        private int controllerPort;
        private int maxMessageBytes = 4 * 1024 * 1024;
        private String listeners;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String advertisedListeners;

        /** Where logs and metadata live; a temporary directory, deleted on close, when not set. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Broker port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * Serves these listeners instead of one on 127.0.0.1, in Kafka's syntax ({@code PLAINTEXT://:9092,HOST://:9094}, each
         * PLAINTEXT, the first one between brokers) and tells clients the advertised ones ({@code PLAINTEXT://kafka:9092,
         * HOST://localhost:9094}): what a broker in a container needs, reached by one name inside its network and another
         * from the host.
         */
        public Builder listeners(String listeners, String advertisedListeners) {
            this.listeners = listeners;
            this.advertisedListeners = advertisedListeners;
            return this;
        }

        /** The controller's port on 127.0.0.1; 0 (default) picks a free one. */
        /**
         * A broker setting applied after Footfall's own, e.g. {@code listener.security.protocol.map} and a listener's
         * {@code sasl.jaas.config} for a broker that requires authentication.
         */
        public Builder property(String key, String value) {
            this.properties.put(key, value);
            return this;
        }

        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        public EmbeddedKafka start() throws IOException {
            if (dataDir == null) {
                dataDir = Files.createTempDirectory("footfall-kafka-");
                temporary = true;
            }
            Files.createDirectories(dataDir);
            if (listeners != null) {
                // checked before anything starts, with a message naming the listener
                port = listenersOf(listeners, "listeners").values().iterator().next().port();
                listenersOf(advertisedListeners, "advertised listeners");
            } else if (port == 0) {
                port = freePort();
            }
            if (controllerPort == 0) {
                controllerPort = freePort();
            }
            EmbeddedKafka kafka = new EmbeddedKafka(this);
            kafka.startServer();
            return kafka;
        }
    }

    /** Where a client in this JVM or on this host reaches the broker: its first listener on 127.0.0.1. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** One listener, {@code NAME://host:port}; an empty host means every interface. */
    record Listener(String name, String host, int port) {}

    private static final Pattern LISTENER = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)://([^:,/\\s]*):(\\d{1,5})");

    /**
     * Parses Kafka's listener syntax into listeners by name, in order; a name used twice, a bad entry or the reserved name
     * CONTROLLER is an {@link IllegalArgumentException} naming it.
     */
    static Map<String, Listener> listenersOf(String value, String what) {
        Map<String, Listener> byName = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The broker's " + what + " are empty; give NAME://host:port[,NAME://host:port...]");
        }
        for (String entry : value.split(",")) {
            Matcher m = LISTENER.matcher(entry.strip());
            if (!m.matches() || Integer.parseInt(m.group(3)) > 65_535) {
                throw new IllegalArgumentException("The broker's " + what + " have a bad entry '" + entry.strip()
                        + "'; write NAME://host:port, e.g. PLAINTEXT://:9092 (empty host: every interface)");
            }
            Listener l = new Listener(m.group(1).toUpperCase(Locale.ROOT), m.group(2), Integer.parseInt(m.group(3)));
            if (l.name().equals("CONTROLLER") || byName.put(l.name(), l) != null) {
                throw new IllegalArgumentException("The broker's " + what + " use the name " + l.name()
                        + (l.name().equals("CONTROLLER") ? ", which is the controller's own" : " twice"));
            }
        }
        return byName;
    }

    /** The listener settings of {@code props}: the given listeners, all PLAINTEXT, plus the controller's on 127.0.0.1. */
    static void putListeners(Properties props, String listeners, String advertised, int controllerPort) {
        Map<String, Listener> served = listenersOf(listeners, "listeners");
        Map<String, Listener> told = listenersOf(advertised, "advertised listeners");
        for (String name : told.keySet()) {
            if (!served.containsKey(name)) {
                throw new IllegalArgumentException("The broker advertises listener " + name + ", which it does not serve (listeners: "
                        + listeners + ")");
            }
        }
        StringBuilder protocols = new StringBuilder("CONTROLLER:PLAINTEXT");
        served.keySet().forEach(name -> protocols.append(',').append(name).append(":PLAINTEXT"));
        props.put("listeners", listeners.strip() + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", advertised.strip());
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("inter.broker.listener.name", served.keySet().iterator().next());
    }

    public Path dataDir() {
        return dataDir;
    }

    private void startServer() throws IOException {
        long started = System.nanoTime();
        Path logDir = dataDir.resolve("log");
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        if (listeners == null) {
            putListeners(props, "PLAINTEXT://127.0.0.1:" + port, "PLAINTEXT://127.0.0.1:" + port, controllerPort);
        } else {
            putListeners(props, listeners, advertisedListeners, controllerPort);
        }
        props.put("controller.listener.names", "CONTROLLER");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("message.max.bytes", Integer.toString(maxMessageBytes));
        props.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        props.putAll(properties);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir);
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        log.info("Embedded Kafka ready at {} in {} ms (data in {})", listeners == null ? bootstrapServers() : advertisedListeners,
                (System.nanoTime() - started) / 1_000_000, dataDir);
    }

    private void format(Path logDir) throws IOException {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IOException("Cannot format the embedded Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Embedded Kafka stopped");
        }
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", dir, e.toString());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
