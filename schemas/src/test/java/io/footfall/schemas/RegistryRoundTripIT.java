package io.footfall.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.schema.Frame;
import io.footfall.schemas.registry.ConfluentRegistryClient;
import io.footfall.schemas.registry.IncompatibleSchemaException;
import io.footfall.schemas.registry.UnknownSchemaException;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.testing.ApicurioRegistry;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every topic's records go through a real broker and a real registry's Confluent-compatible API
 * and come back equal; the registry refuses an incompatible schema as a Confluent registry does.
 */
class RegistryRoundTripIT {

    static ApicurioRegistry apicurio;
    static ConfluentRegistryClient registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        Optional<Path> java21 = ApicurioRegistry.findJava21();
        Assumptions.assumeTrue(java21.isPresent(),
                "SKIPPED: Apicurio Registry needs Java 21+, and none was found (set FOOTFALL_JAVA21_HOME)");
        apicurio = ApicurioRegistry.start(java21.get());
        registry = new ConfluentRegistryClient(apicurio.confluentApiUrl());
    }

    @AfterAll
    static void stopRegistry() {
        if (apicurio != null) {
            apicurio.close();
        }
    }

    @Test
    void every_topic_round_trips_through_the_broker_and_the_registry() throws Exception {
        // given a fresh copy of each topic and serdes talking to the real registry
        String run = UUID.randomUUID().toString().substring(0, 8);
        AvroSerdes serdes = new AvroSerdes(registry, true);
        Map<Topic<?, ?>, SpecificRecord> samples = SampleRecords.all();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            samples.keySet().forEach(t -> topics.add(new NewTopic(t.name() + "-" + run, 1, (short) 1)));
            admin.createTopics(topics).all().get();
        }
        // when each sample is produced as wire-format bytes and consumed back
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (var e : samples.entrySet()) {
                String topic = e.getKey().name() + "-" + run;
                producer.send(new ProducerRecord<>(topic, "key".getBytes(), serializer(serdes, e.getKey()).serialize(topic, e.getValue()))).get();
            }
        }
        // then every record reads back equal, with the id the registry assigned
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers(),
                "group.id", "roundtrip-" + run, "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (var e : samples.entrySet()) {
                String topic = e.getKey().name() + "-" + run;
                consumer.subscribe(List.of(topic));
                ConsumerRecord<byte[], byte[]> record = pollOne(consumer);
                // a fresh client proves the schema really came from the registry, not a local cache
                var fresh = new AvroSerdes(new ConfluentRegistryClient(apicurio.confluentApiUrl()), false);
                Object read = deserializer(fresh, e.getKey()).deserialize(topic, record.value());
                assertThat(read).as(e.getKey().name()).isEqualTo(e.getValue());
                consumer.unsubscribe();
            }
        }
    }

    @Test
    void an_incompatible_schema_is_refused_by_the_registry() {
        // given frames' schema registered under a subject
        String subject = "frames-" + UUID.randomUUID() + "-value";
        registry.register(subject, Frame.getClassSchema());
        // when a new version adds a required field without a default
        Schema incompatible = SchemaBuilder.record("Frame").namespace("io.footfall.schema").fields()
                .requiredString("cameraId").requiredString("zone").endRecord();
        // then the registry says no (HTTP 409)
        assertThatThrownBy(() -> registry.register(subject, incompatible))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining(apicurio.confluentApiUrl());
    }

    @Test
    void an_unknown_schema_id_is_reported_clearly() {
        assertThatThrownBy(() -> registry.schemaById(987_654))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("987654");
    }

    private static ConsumerRecord<byte[], byte[]> pollOne(KafkaConsumer<byte[], byte[]> consumer) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            var records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                return records.iterator().next();
            }
        }
        throw new AssertionError("no record within 20 s");
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> org.apache.kafka.common.serialization.Serializer<SpecificRecord> serializer(AvroSerdes serdes, Topic<?, ?> topic) {
        Serde<V> serde = serdes.valueSerde((Topic<?, V>) topic);
        return (org.apache.kafka.common.serialization.Serializer<SpecificRecord>) serde.serializer();
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> org.apache.kafka.common.serialization.Deserializer<V> deserializer(AvroSerdes serdes, Topic<?, ?> topic) {
        return serdes.valueSerde((Topic<?, V>) topic).deserializer();
    }
}
