package io.footfall.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.schema.CameraStatus;
import io.footfall.schema.Frame;
import io.footfall.schemas.registry.InMemorySchemaRegistry;
import io.footfall.schemas.registry.IncompatibleSchemaException;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.schemas.serde.ConfluentAvroDeserializer;
import io.footfall.schemas.serde.ConfluentAvroSerializer;
import io.footfall.topics.Topic;
import io.footfall.topics.Topics;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {

    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final AvroSerdes serdes = new AvroSerdes(registry, true);

    @Test
    void every_topic_value_round_trips_in_the_wire_format() {
        SampleRecords.all().forEach((topic, record) -> {
            byte[] bytes = serialize(topic, record);
            assertThat((int) bytes[0]).as("magic byte").isZero();
            int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
            assertThat(registry.schemaById(id)).isEqualTo(record.getSchema());
            assertThat((Object) deserialize(topic, bytes)).as(topic.name()).isEqualTo(record);
        });
    }

    @Test
    void a_record_in_another_format_is_refused_with_a_reason() {
        Serde<Frame> serde = serdes.valueSerde(Topics.FRAMES);
        assertThatThrownBy(() -> serde.deserializer().deserialize("frames", "{\"cameraId\":\"x\"}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("0x7b").hasMessageContaining("look like text");
        assertThatThrownBy(() -> serde.deserializer().deserialize("frames", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("shorter than the 5-byte");
    }

    @Test
    void an_unknown_schema_id_is_refused_with_a_reason() {
        byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'x'};
        assertThatThrownBy(() -> serdes.valueSerde(Topics.FRAMES).deserializer().deserialize("frames", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 12345").hasMessageContaining("No schema with id 12345");
    }

    @Test
    void truncated_or_padded_bodies_are_refused() {
        byte[] good = serialize(Topics.FRAMES, SampleRecords.frame());
        var deserializer = serdes.valueSerde(Topics.FRAMES).deserializer();
        assertThatThrownBy(() -> deserializer.deserialize("frames", Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid Frame");
        assertThatThrownBy(() -> deserializer.deserialize("frames", Arrays.copyOf(good, good.length + 2)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing bytes");
    }

    @Test
    void a_record_of_another_type_is_refused() {
        byte[] status = serialize(Topics.CAMERA_STATUS, SampleRecords.all().get(Topics.CAMERA_STATUS));
        assertThatThrownBy(() -> serdes.valueSerde(Topics.FRAMES).deserializer().deserialize("frames", status))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("io.footfall.schema.CameraStatus").hasMessageContaining("carries io.footfall.schema.Frame");
    }

    @Test
    void a_record_written_with_an_older_schema_is_read_with_defaults() throws Exception {
        // given camera-status as first released: without the optional 'attempt' and 'source' fields
        Schema old = SchemaBuilder.record("CameraStatus").namespace("io.footfall.schema").fields()
                .requiredString("cameraId")
                .name("state").type(CameraStatus.getClassSchema().getField("state").schema()).noDefault()
                .optionalString("reason")
                .name("at").type(CameraStatus.getClassSchema().getField("at").schema()).noDefault()
                .endRecord();
        int oldId = registry.register("camera-status-value", old);
        GenericRecord record = new GenericData.Record(old);
        record.put("cameraId", "lobby");
        record.put("state", new GenericData.EnumSymbol(old.getField("state").schema(), "STREAMING"));
        record.put("at", 1_700_000_000_000L);
        var out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {0, 0, 0, 0, (byte) oldId});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(record, encoder);
        encoder.flush();
        // when
        CameraStatus read = new ConfluentAvroDeserializer<CameraStatus>(registry, CameraStatus.getClassSchema())
                .deserialize("camera-status", out.toByteArray());
        // then
        assertThat(read.getCameraId()).isEqualTo("lobby");
        assertThat(read.getAttempt()).isZero();
        assertThat(read.getSource()).isNull();
    }

    @Test
    void the_registry_refuses_an_incompatible_change_and_the_serializer_says_so() {
        registry.register("frames-value", Frame.getClassSchema());
        Schema incompatible = SchemaBuilder.record("Frame").namespace("io.footfall.schema").fields()
                .requiredString("cameraId").requiredString("zone").endRecord();
        assertThatThrownBy(() -> registry.register("frames-value", incompatible))
                .isInstanceOf(IncompatibleSchemaException.class).hasMessageContaining("BACKWARD");
    }

    @Test
    void with_auto_registration_off_an_unregistered_schema_is_an_error() {
        var serializer = new ConfluentAvroSerializer<Frame>(registry, Frame.getClassSchema(), false, false);
        assertThatThrownBy(() -> serializer.serialize("frames", SampleRecords.frame()))
                .hasMessageContaining("does not hold this schema");
    }

    @Test
    void the_same_schema_has_one_id_under_two_subjects() {
        int a = registry.register("frames-value", Frame.getClassSchema());
        int b = registry.register("frames-copy-value", Frame.getClassSchema());
        assertThat(a).isEqualTo(b);
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> byte[] serialize(Topic<?, ?> topic, SpecificRecord record) {
        Serde<V> serde = serdes.valueSerde((Topic<?, V>) topic);
        return serde.serializer().serialize(topic.name(), (V) record);
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> V deserialize(Topic<?, ?> topic, byte[] bytes) {
        Serde<V> serde = serdes.valueSerde((Topic<?, V>) topic);
        return serde.deserializer().deserialize(topic.name(), bytes);
    }
}
