package io.footfall.schemas.serde;

import io.footfall.schemas.registry.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, registering (or, with
 * auto-registration off, looking up) the writer schema under the subject {@code <topic>-value}
 * or {@code <topic>-key}.
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaRegistry registry;
    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final boolean isKey;
    private final boolean autoRegister;
    private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();

    public ConfluentAvroSerializer(SchemaRegistry registry, Schema schema, boolean isKey, boolean autoRegister) {
        AvroTrust.install();
        this.registry = registry;
        this.schema = schema;
        this.writer = new SpecificDatumWriter<>(schema);
        this.isKey = isKey;
        this.autoRegister = autoRegister;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int id = idByTopic.computeIfAbsent(topic, this::schemaId);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_SIZE);
        WireFormat.writeHeader(header, id);
        out.writeBytes(header.array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot write " + schema.getName() + " to topic '" + topic + "': " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic) {
        String subject = Subjects.of(topic, isKey);
        return autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
    }
}
