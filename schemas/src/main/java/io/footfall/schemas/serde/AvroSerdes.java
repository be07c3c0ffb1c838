package io.footfall.schemas.serde;

import io.footfall.schemas.registry.SchemaRegistry;
import io.footfall.topics.Topic;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Makes the serdes of the topic catalogue against one schema registry: keys as their topic
 * declares, values as Avro in the Confluent wire format.
 */
public final class AvroSerdes {

    private final SchemaRegistry registry;
    private final boolean autoRegister;

    public AvroSerdes(SchemaRegistry registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    public SchemaRegistry registry() {
        return registry;
    }

    public <V extends SpecificRecord> Serde<V> valueSerde(Topic<?, V> topic) {
        return forClass(topic.valueType());
    }

    public <K> Serde<K> keySerde(Topic<K, ?> topic) {
        return topic.keySerde();
    }

    public <V extends SpecificRecord> Serde<V> forClass(Class<V> type) {
        Schema schema = SpecificData.get().getSchema(type);
        return Serdes.serdeFrom(
                new ConfluentAvroSerializer<>(registry, schema, false, autoRegister),
                new ConfluentAvroDeserializer<>(registry, schema));
    }
}
