package io.footfall.matcher;

import io.footfall.schema.EventType;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.Identity;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.Visitor;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

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

    public static Topology build(AvroSerdes serdes, MatcherRules rules, Gallery gallery, IdentityVote vote, VisitorRegistry visitors,
                                 MatcherMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        var identitySerde = serdes.valueSerde(Topics.IDENTITIES);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IDENTITIES_STORE), Serdes.String(), identitySerde).withLoggingDisabled(),
                Topics.IDENTITIES.name(),
                Consumed.with(Serdes.String(), identitySerde),
                () -> new GalleryUpdater(gallery));

        var visitorSerde = serdes.valueSerde(Topics.VISITORS);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(VISITORS_STORE), Serdes.String(), visitorSerde).withLoggingDisabled(),
                Topics.VISITORS.name(),
                Consumed.with(Serdes.String(), visitorSerde),
                () -> new VisitorUpdater(visitors));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRACKS_STORE), Serdes.String(), Serdes.ByteArray()));
        KStream<String, Object> out = builder.stream(Topics.EMBEDDINGS.name(), Consumed.with(Serdes.String(), serdes.valueSerde(Topics.EMBEDDINGS)))
                .process(() -> new MatchProcessor(rules, vote, visitors, metrics), TRACKS_STORE);
        out.filter((id, value) -> value instanceof Visitor || value instanceof MatchProcessor.Forget)
                .mapValues(value -> value instanceof Visitor visitor ? visitor : null)
                .to(Topics.VISITORS.name(), Produced.with(Serdes.String(), visitorSerde));
        KStream<String, RecognitionEvent> events = out.filter((camera, value) -> value instanceof RecognitionEvent)
                .mapValues(value -> (RecognitionEvent) value);
        var eventSerde = serdes.valueSerde(Topics.RECOGNITION_EVENTS);
        events.to(Topics.RECOGNITION_EVENTS.name(), Produced.with(Serdes.String(), eventSerde));

        events.filter((camera, event) -> event.getType() == EventType.ENTERED)
                .groupByKey(Grouped.with(Serdes.String(), eventSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(rules.countWindow(), COUNT_GRACE))
                .aggregate(FootfallWindow::empty, (camera, event, window) -> window.add(event),
                        Materialized.<String, FootfallWindow, org.apache.kafka.streams.state.WindowStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(COUNTS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(FootfallWindow.serde()))
                .toStream()
                .map((window, w) -> KeyValue.pair(window.key(), new FootfallCount(window.key(),
                        Instant.ofEpochMilli(window.window().start()), Instant.ofEpochMilli(window.window().end()),
                        w.entries(), (long) w.known().size(), (long) w.unknown().size(), Instant.now())))
                .to(Topics.FOOTFALL_COUNTS.name(), Produced.with(Serdes.String(), serdes.valueSerde(Topics.FOOTFALL_COUNTS)));
        return builder.build();
    }

    /** Keeps the visitor registry equal to the visitors store, as {@link GalleryUpdater} does for the gallery. */
    static final class VisitorUpdater implements Processor<String, Visitor, Void, Void> {
        private final VisitorRegistry visitors;
        private KeyValueStore<String, Visitor> store;

        VisitorUpdater(VisitorRegistry visitors) {
            this.visitors = visitors;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(VISITORS_STORE);
            try (KeyValueIterator<String, Visitor> all = store.all()) {
                all.forEachRemaining(kv -> visitors.apply(kv.key, state(kv.value)));
            }
        }

        @Override
        public void process(Record<String, Visitor> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            visitors.apply(record.key(), state(record.value()));
        }

        private static VisitorRegistry.State state(Visitor v) {
            if (v == null) {
                return null;
            }
            float[] centroid = Vectors.of(v.getCentroid());
            List<float[]> exemplars = v.getExemplars().stream().map(Vectors::of).toList();
            return new VisitorRegistry.State(v.getVisitorId(), centroid, exemplars, v.getTracks(), v.getFirstSeenAt().toEpochMilli(),
                    v.getLastSeenAt().toEpochMilli());
        }
    }

    /**
     * Keeps the in-memory gallery equal to the identities store: loaded from the store when the
     * global thread starts (after restoring it), then updated record by record; a tombstone erases.
     */
    static final class GalleryUpdater implements Processor<String, Identity, Void, Void> {
        private final Gallery gallery;
        private KeyValueStore<String, Identity> store;

        GalleryUpdater(Gallery gallery) {
            this.gallery = gallery;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(IDENTITIES_STORE);
            try (KeyValueIterator<String, Identity> all = store.all()) {
                all.forEachRemaining(kv -> gallery.apply(kv.key, kv.value));
            }
        }

        @Override
        public void process(Record<String, Identity> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            gallery.apply(record.key(), record.value());
        }
    }
}
