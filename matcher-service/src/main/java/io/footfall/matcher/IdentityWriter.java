package io.footfall.matcher;

import io.footfall.matcher.enrol.IdentityTopic;
import io.footfall.schema.Identity;
import io.footfall.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads and writes enrolled people for the identity API: reads from the matcher's global identity store, writes to
 * the compacted {@code identities} topic. Reads see this instance's own writes at once (read-your-writes): for a
 * minute, a record it wrote wins over the store's older one while the store catches up with the topic.
 */
public final class IdentityWriter {

    /** How long this instance trusts its own latest write over a global store that has not caught up with it yet. */
    private static final long READ_YOUR_WRITES_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private record Written(Identity identity, long at, long since) {
        boolean fresh() {
            return System.nanoTime() - since < READ_YOUR_WRITES_NANOS;
        }
    }

    private final Supplier<ReadOnlyKeyValueStore<String, Identity>> identities;
    private final Producer<String, byte[]> producer;
    private final Serializer<Identity> serializer;
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    public IdentityWriter(Supplier<ReadOnlyKeyValueStore<String, Identity>> identities, Producer<String, byte[]> producer,
                          Serializer<Identity> serializer) {
        this.identities = identities;
        this.producer = producer;
        this.serializer = serializer;
    }

    /** A change made under this lock reads and writes a person without another change in between. */
    public Object lock() {
        return lock;
    }

    /** The person's record: the global store's, unless this instance wrote a newer one the store has not caught up with. */
    public Identity current(String id) {
        return newest(identities.get().get(id), written.get(id));
    }

    /** Everyone enrolled, by id. */
    public Map<String, Identity> all() {
        Map<String, Identity> all = new TreeMap<>();
        try (KeyValueIterator<String, Identity> stored = identities.get().all()) {
            stored.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        written.forEach((id, w) -> {
            Identity now = newest(all.get(id), w);
            if (now == null) {
                all.remove(id);
            } else {
                all.put(id, now);
            }
        });
        return all;
    }

    /**
     * Writes the person's new record.
     *
     * @throws IdentityTopic.TooLargeException when the record is over the record size limit
     * @throws Exception when Kafka did not take it
     */
    public void write(Identity identity) throws Exception {
        IdentityTopic.write(producer, serializer, identity, WRITE_TIMEOUT);
        remember(identity.getIdentityId(), identity, identity.getUpdatedAt().toEpochMilli());
    }

    /** Writes the person's erasure (a tombstone); every matcher drops them within seconds. */
    public void erase(String id) throws Exception {
        producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), id, null)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        remember(id, null, System.currentTimeMillis());
    }

    private static Identity newest(Identity stored, Written w) {
        if (w == null || !w.fresh()) {
            return stored;
        }
        if (stored != null && stored.getUpdatedAt().toEpochMilli() > w.at()) {
            return stored;
        }
        return w.identity();
    }

    private void remember(String id, Identity identity, long at) {
        written.put(id, new Written(identity, at, System.nanoTime()));
        written.values().removeIf(w -> !w.fresh());
    }
}
