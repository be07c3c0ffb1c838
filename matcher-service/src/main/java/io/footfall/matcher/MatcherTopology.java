package io.footfall.matcher;

import io.footfall.matcher.MatchProcessor.VisitEvent;
import io.footfall.matcher.MatchProcessor.VisitorUpdate;
import io.footfall.schema.EventType;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.Visitor;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topic;
import io.footfall.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * {@code embeddings} + {@code identities} → {@code recognition-events}, {@code footfall-counts}.
 * Every instance holds the whole gallery (a global store of {@code identities}) and every
 * anonymous visitor (a global store of {@code visitors}, which the instances write); tracks live
 * in a changelogged store per camera; counts are a windowed aggregate of ENTERED events.
 */
public final class MatcherTopology {

    public static final String TRACKS_STORE = "tracks";
    public static final String IDENTITIES_STORE = "identities";
    public static final String COUNTS_STORE = "footfall-windows";
    public static final String VISITORS_STORE = "visitors";

    /** How late an ENTERED event may arrive and still be counted in its window. */
    static final Duration COUNT_GRACE = Duration.ofMinutes(10);

    private MatcherTopology() {}

    /** @param clock stamps the events and counts with when they were emitted */
    public static Topology build(AvroSerdes serdes, MatcherRules rules, Gallery gallery, IdentityVote vote, VisitorRegistry visitors,
                                 MatcherMetrics metrics, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        addMirroredGlobalStore(builder, serdes, Topics.IDENTITIES, IDENTITIES_STORE, gallery::apply);
        addMirroredGlobalStore(builder, serdes, Topics.VISITORS, VISITORS_STORE, (id, visitor) -> visitors.apply(id, state(visitor)));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRACKS_STORE),
                serdes.keySerde(Topics.EMBEDDINGS), Serdes.ByteArray()));
        builder.stream(Topics.EMBEDDINGS.name(), Consumed.with(serdes.keySerde(Topics.EMBEDDINGS), serdes.valueSerde(Topics.EMBEDDINGS)))
                .process(() -> new MatchProcessor(rules, vote, visitors, metrics, clock), Named.as("match"), TRACKS_STORE)
                .split(Named.as("match-"))
                .branch((camera, out) -> out instanceof VisitEvent,
                        Branched.withConsumer(events -> publishEvents(events.mapValues(out -> ((VisitEvent) out).event()), serdes, rules, clock),
                                "events"))
                .branch((visitorId, out) -> out instanceof VisitorUpdate,
                        Branched.withConsumer(updates -> updates.mapValues(out -> ((VisitorUpdate) out).visitor())
                                .to(Topics.VISITORS.name(), Produced.with(serdes.keySerde(Topics.VISITORS), serdes.valueSerde(Topics.VISITORS))),
                                "visitors"))
                .noDefaultBranch();
        return builder.build();
    }

    /** Writes the events, and counts the ENTERED ones per camera and window. */
    private static void publishEvents(KStream<String, RecognitionEvent> events, AvroSerdes serdes, MatcherRules rules, Clock clock) {
        var eventSerde = serdes.valueSerde(Topics.RECOGNITION_EVENTS);
        var cameraSerde = serdes.keySerde(Topics.RECOGNITION_EVENTS);
        events.to(Topics.RECOGNITION_EVENTS.name(), Produced.with(cameraSerde, eventSerde));
        events.filter((camera, event) -> event.getType() == EventType.ENTERED)
                .groupByKey(Grouped.with(cameraSerde, eventSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(rules.countWindow(), COUNT_GRACE))
                .aggregate(FootfallWindow::empty, (camera, event, window) -> window.add(event),
                        Materialized.<String, FootfallWindow, WindowStore<Bytes, byte[]>>as(COUNTS_STORE)
                                .withKeySerde(cameraSerde).withValueSerde(FootfallWindow.serde()))
                .toStream()
                .map((window, w) -> KeyValue.pair(window.key(), new FootfallCount(window.key(),
                        Instant.ofEpochMilli(window.window().start()), Instant.ofEpochMilli(window.window().end()),
                        w.entries(), (long) w.known().size(), (long) w.unknown().size(), clock.instant(),
                        w.byAgeBand() == null ? Map.of() : Map.copyOf(w.byAgeBand()), w.byGender() == null ? Map.of() : Map.copyOf(w.byGender()))))
                .to(Topics.FOOTFALL_COUNTS.name(), Produced.with(serdes.keySerde(Topics.FOOTFALL_COUNTS), serdes.valueSerde(Topics.FOOTFALL_COUNTS)));
    }

    /** A global store of {@code topic}, not logged (the topic is its changelog), mirrored into memory by {@code apply}. */
    private static <V extends SpecificRecord> void addMirroredGlobalStore(StreamsBuilder builder, AvroSerdes serdes, Topic<String, V> topic,
                                                                          String store, BiConsumer<String, V> apply) {
        var valueSerde = serdes.valueSerde(topic);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), serdes.keySerde(topic), valueSerde).withLoggingDisabled(),
                topic.name(),
                Consumed.with(serdes.keySerde(topic), valueSerde),
                () -> new GlobalStoreMirror<>(store, apply));
    }

    /** A shared visitor as the registry keeps it; null (a tombstone) forgets it. */
    private static VisitorRegistry.State state(Visitor v) {
        if (v == null) {
            return null;
        }
        float[] centroid = Vectors.of(v.getCentroid());
        List<float[]> exemplars = v.getExemplars().stream().map(Vectors::of).toList();
        return new VisitorRegistry.State(v.getVisitorId(), centroid, exemplars, v.getTracks(), v.getFirstSeenAt().toEpochMilli(),
                v.getLastSeenAt().toEpochMilli());
    }

    /**
     * Keeps an in-memory view (the gallery, the visitor registry) equal to a global store: loaded
     * from the store when the global thread starts (after restoring it), then updated record by
     * record; a tombstone removes the key from both.
     */
    static final class GlobalStoreMirror<K, V> implements Processor<K, V, Void, Void> {
        private final String storeName;
        private final BiConsumer<K, V> apply;
        private KeyValueStore<K, V> store;

        GlobalStoreMirror(String storeName, BiConsumer<K, V> apply) {
            this.storeName = storeName;
            this.apply = apply;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
            try (KeyValueIterator<K, V> all = store.all()) {
                all.forEachRemaining(kv -> apply.accept(kv.key, kv.value));
            }
        }

        @Override
        public void process(Record<K, V> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            apply.accept(record.key(), record.value());
        }
    }
}
