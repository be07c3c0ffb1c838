package io.footfall.schemas.serde;

import io.footfall.schemas.registry.SchemaRegistry;
import io.footfall.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records into Avro specific records, resolving each writer schema
 * (fetched from the registry by id) against this service's reader schema, so records written with
 * an older or newer compatible schema are read correctly.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final SchemaRegistry registry;
    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readerByWriterId = new ConcurrentHashMap<>();

    public ConfluentAvroDeserializer(SchemaRegistry registry, Schema readerSchema) {
        AvroTrust.install();
        this.registry = registry;
        this.readerSchema = readerSchema;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, data);
        SpecificDatumReader<T> reader;
        try {
            reader = readerByWriterId.computeIfAbsent(id, this::readerFor);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Record on topic '" + topic + "' names writer schema id " + id
                    + " which cannot be resolved: " + e.getMessage(), e);
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                    data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Record on topic '" + topic + "' has "
                        + "trailing bytes after a complete " + readerSchema.getName() + " (schema id " + id + "): it is corrupt.");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("Record on topic '" + topic + "' is not a valid " + readerSchema.getName()
                    + " written with schema id " + id + ": " + e, e);
        }
    }

    private SpecificDatumReader<T> readerFor(int id) {
        Schema writerSchema = registry.schemaById(id);
        if (!writerSchema.getFullName().equals(readerSchema.getFullName())
                && !readerSchema.getAliases().contains(writerSchema.getFullName())) {
            throw new SchemaRegistryException("it is a " + writerSchema.getFullName() + ", but this topic carries "
                    + readerSchema.getFullName() + " records");
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema);
    }
}
