package io.footfall.cli;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import io.footfall.runtime.kafka.KafkaClients;
import io.footfall.runtime.kafka.SchemaRegistries;
import io.footfall.runtime.ops.Replies;
import io.footfall.schema.EventType;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schemas.registry.SchemaRegistry;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Reads recognition events as a subscriber does: a plain Kafka consumer and the schema registry, nothing of Streams. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Print recognition events (ENTERED / LEFT) from the recognition-events topic",
                "",
                "A plain Kafka consumer (read_committed, no consumer group: nothing is committed) decoding with the schema "
                        + "registry, as any subscriber would. Exits 0 when --count events were printed or --to-end was reached, "
                        + "1 when --timeout passed first. With --timeout it also waits that long for the topic to exist (a subscriber "
                        + "started beside the stack, before the matcher has created it)."})
final class EventsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--from-beginning", description = "Start at the oldest event kept (default: only new events)")
    boolean fromBeginning;

    @Option(names = "--to-end", description = "Stop at the last event committed when the command started")
    boolean toEnd;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type: ENTERED or LEFT")
    EventType type;

    @Option(names = "--count", paramLabel = "N", description = "Stop after printing N events")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Give up after this long (e.g. 120s), exit code 1")
    String timeout;

    @Option(names = "--json", description = "One JSON object a line (every field, plus partition and offset) instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        Duration giveUp = timeout == null ? null
                : Setting.duration("events.timeout", Duration.ZERO, Duration.ofMillis(1), "").parse(timeout);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> props = KafkaClients.common(config);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (SchemaRegistry registry = SchemaRegistries.forUrl(config.get(CoreSettings.REGISTRY_URL));
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            Deserializer<RecognitionEvent> events = new AvroSerdes(registry, false).valueSerde(Topics.RECOGNITION_EVENTS).deserializer();
            String topic = Topics.RECOGNITION_EVENTS.name();
            long deadline = giveUp == null ? Long.MAX_VALUE : System.nanoTime() + giveUp.toNanos();
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty() && giveUp != null) {
                // with a timeout, a subscriber started beside the stack waits for the matcher to create the topic
                spec.commandLine().getErr().println("footfall: waiting up to " + timeout + " for topic " + topic + " at "
                        + config.get(CoreSettings.BOOTSTRAP_SERVERS) + " (the matcher creates it when it starts)");
                spec.commandLine().getErr().flush();
                while (partitions.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                    partitions = partitions(consumer, topic);
                }
                if (partitions.isEmpty()) {
                    spec.commandLine().getErr().println("footfall: no topic " + topic + " within " + timeout
                            + ": is the matcher running against this broker?");
                    return 1;
                }
            }
            if (partitions.isEmpty()) {
                throw new ConfigException("No topic " + topic + " at " + config.get(CoreSettings.BOOTSTRAP_SERVERS)
                        + " yet: it is created when the matcher starts (give --timeout to wait for it)");
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Map<TopicPartition, Long> end = toEnd ? consumer.endOffsets(partitions) : Map.of();
            int printed = 0;
            while (System.nanoTime() < deadline) {
                if (toEnd && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    return 0;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    RecognitionEvent e = events.deserialize(r.topic(), r.value());
                    if (type != null && e.getType() != type) {
                        continue;
                    }
                    out.println(json ? json(e, r) : EventPrinter.line(e));
                    out.flush();
                    if (count != null && ++printed >= count) {
                        return 0;
                    }
                }
            }
            spec.commandLine().getErr().printf("footfall events: %s passed with %d event(s) printed%s%n", timeout, printed,
                    count == null ? "" : " of the " + count + " asked for");
            return 1;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static String json(RecognitionEvent e, ConsumerRecord<String, byte[]> r) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        e.getSchema().getFields().forEach(f -> {
            Object v = e.get(f.pos());
            fields.put(f.name(), v == null || v instanceof Number || v instanceof Boolean ? v : v.toString());
        });
        fields.put("partition", r.partition());
        fields.put("offset", r.offset());
        return Replies.JSON.writeValueAsString(fields);
    }
}
