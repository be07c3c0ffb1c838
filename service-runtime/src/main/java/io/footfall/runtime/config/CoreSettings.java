package io.footfall.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Settings every Footfall service shares: where Kafka and the registry are, metrics, Streams. */
public final class CoreSettings {

    private CoreSettings() {}

    public enum ProcessingGuarantee { EXACTLY_ONCE_V2, AT_LEAST_ONCE }

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("kafka.bootstrap-servers", "localhost:9092",
            "Kafka bootstrap servers, host:port[,host:port...]");

    public static final Setting<String> REGISTRY_URL = Setting.string("registry.url", "http://localhost:8081",
            "Confluent-compatible schema registry URL (Confluent Schema Registry, or Apicurio's /apis/ccompat/v7); "
                    + "'in-process' only in the single-process demo");

    public static final Setting<Boolean> REGISTRY_AUTO_REGISTER = Setting.bool("registry.auto-register", true,
            "Register writer schemas on first use; turn off where schemas are registered by a deployment pipeline");

    public static final Setting<Integer> MAX_MESSAGE_BYTES = Setting.integer("kafka.max-message-bytes", 1_048_576, 65_536, 64 * 1_048_576,
            "Largest record the services produce; sets producer max.request.size and topic max.message.bytes together");

    public static final Setting<String> METRICS_HOST = Setting.string("metrics.host", "0.0.0.0",
            "Interface the /metrics and /health endpoint listens on");

    public static final Setting<Integer> METRICS_PORT = Setting.integer("metrics.port", 8080, 0, 65_535,
            "Port of the /metrics and /health endpoint; 0 picks a free port");

    public static final Setting<String> METRICS_TLS_KEYSTORE = Setting.string("metrics.tls.keystore", "",
            "PKCS12 or JKS key store (key and certificate chain) to serve the ops port, with the matcher's API and web page, over HTTPS; "
                    + "empty serves plain HTTP");

    public static final Setting<String> METRICS_TLS_KEYSTORE_PASSWORD = Setting.secret("metrics.tls.keystore-password", "",
            "Password of metrics.tls.keystore (and of the key in it)");

    public static final Setting<ProcessingGuarantee> PROCESSING_GUARANTEE = Setting.enumeration("streams.processing-guarantee",
            ProcessingGuarantee.class, ProcessingGuarantee.EXACTLY_ONCE_V2,
            "Kafka Streams processing guarantee; exactly_once_v2 keeps footfall counts exact across crashes");

    public static final Setting<Integer> STREAM_THREADS = Setting.integer("streams.threads", 1, 1, 64,
            "Stream threads per service instance; about one per core given to the service");

    public static final Setting<String> STATE_DIR = Setting.string("streams.state-dir",
            Path.of(System.getProperty("java.io.tmpdir"), "footfall-streams").toString(),
            "Directory of Kafka Streams local state stores");

    public static final Setting<Duration> COMMIT_INTERVAL = Setting.duration("streams.commit-interval", Duration.ofMillis(200),
            Duration.ofMillis(10), "How often Streams commits (and, with exactly-once, how long output waits to be visible)");

    public static final Setting<String> APPLICATION_ID_PREFIX = Setting.string("streams.application-id-prefix", "footfall-",
            "Prefix of each service's Streams application id (consumer group and internal topic names)");

    public static final Setting<Boolean> CREATE_TOPICS = Setting.bool("topics.create", true,
            "Create missing topics at start-up with the catalogue's settings");

    public static final Setting<Integer> PARTITIONS = Setting.integer("topics.partitions", 6, 1, 10_000,
            "Partitions of camera-keyed topics when created; keep it at least the number of cameras");

    public static final Setting<Integer> REPLICATION_FACTOR = Setting.integer("topics.replication-factor", 1, 1, 16,
            "Replication factor of topics when created; 3 on a production cluster");

    public static List<Setting<?>> all() {
        return List.of(BOOTSTRAP_SERVERS, REGISTRY_URL, REGISTRY_AUTO_REGISTER, MAX_MESSAGE_BYTES, METRICS_HOST, METRICS_PORT,
                METRICS_TLS_KEYSTORE, METRICS_TLS_KEYSTORE_PASSWORD, PROCESSING_GUARANTEE, STREAM_THREADS, STATE_DIR, COMMIT_INTERVAL, APPLICATION_ID_PREFIX,
                CREATE_TOPICS, PARTITIONS, REPLICATION_FACTOR);
    }
}
