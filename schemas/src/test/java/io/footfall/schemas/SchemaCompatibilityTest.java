package io.footfall.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.topics.Topic;
import io.footfall.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Guards schema evolution: each topic's current value schema must read every released version of
 * it (BACKWARD), and every field must say what it means. Released versions live in
 * {@code schemas/released/<topic>/v<N>.avsc}; when a schema changes compatibly, record the new version
 * there in the same change ({@code scripts/release-schemas.sh} runs {@link #main}), so that the newest release is always what the code
 * writes and the next change is checked against it.
 */
class SchemaCompatibilityTest {

    static final Path RELEASED = Path.of("released");

    @TestFactory
    Stream<DynamicTest> current_schemas_read_every_released_version() {
        return Topics.all().stream().map(topic -> DynamicTest.dynamicTest(topic.name(), () -> {
            Schema current = schemaOf(topic);
            List<Path> versions = releasedVersions(topic);
            assertThat(versions).as("released versions of %s in %s", topic.name(), RELEASED.resolve(topic.name())).isNotEmpty();
            for (Path version : versions) {
                Schema released = new Schema.Parser().parse(version.toFile());
                var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released);
                assertThat(result.getType())
                        .as("%s: current schema must read data written with %s: %s", topic.name(), version, result.getDescription())
                        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> the_newest_release_of_each_topic_is_the_current_schema() {
        return Topics.all().stream().map(topic -> DynamicTest.dynamicTest(topic.name(), () -> {
            List<Path> versions = releasedVersions(topic);
            assertThat(versions).isNotEmpty();
            Path newest = versions.get(versions.size() - 1);
            // structure only (Avro's equality leaves docs out): a doc edit needs no new version
            assertThat(new Schema.Parser().parse(newest.toFile()))
                    .as("%s changed since %s: record it as the next version with scripts/release-schemas.sh, in the same change",
                            topic.name(), newest)
                    .isEqualTo(schemaOf(topic));
        }));
    }

    @Test
    void the_guard_refuses_a_new_field_without_default() {
        // given the released frame schema and a change that adds a required field
        Schema released = schemaOf(Topics.FRAMES);
        String changed = released.toString().replace("\"fields\":[", "\"fields\":[{\"name\":\"zone\",\"type\":\"string\"},");
        // when
        var result = SchemaCompatibility.checkReaderWriterCompatibility(new Schema.Parser().parse(changed), released);
        // then
        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void camera_state_reads_a_state_it_does_not_know_as_its_default() throws IOException {
        // given camera-status written by a future version with a state this one does not know
        Schema current = schemaOf(Topics.CAMERA_STATUS);
        Schema state = current.getField("state").schema();
        assertThat(state.getEnumSymbols()).contains("ENDED");
        assertThat(state.getEnumDefault()).isEqualTo("DISCONNECTED");
        Schema future = new Schema.Parser().parse(current.toString().replace("\"ENDED\"]", "\"ENDED\",\"PAUSED\"]"));
        // then the current schema still reads it (the unknown symbol becomes the enum's default)
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, future);
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        org.apache.avro.generic.GenericRecord written = new org.apache.avro.generic.GenericData.Record(future);
        written.put("cameraId", "till");
        written.put("state", new org.apache.avro.generic.GenericData.EnumSymbol(future.getField("state").schema(), "PAUSED"));
        written.put("at", 0L);
        written.put("attempt", 0);
        var bytes = new java.io.ByteArrayOutputStream();
        var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
        new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(future).write(written, encoder);
        encoder.flush();
        var read = new org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord>(future, current)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(read.get("state")).hasToString("DISCONNECTED");
    }

    @TestFactory
    Stream<DynamicTest> every_field_is_documented() {
        return Topics.all().stream().map(topic -> DynamicTest.dynamicTest(topic.name(), () -> {
            List<String> undocumented = new ArrayList<>();
            collectUndocumented(schemaOf(topic), undocumented, new ArrayList<>());
            assertThat(undocumented).as("fields without doc in %s", topic.name()).isEmpty();
        }));
    }

    private static void collectUndocumented(Schema schema, List<String> out, List<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.contains(schema.getFullName())) {
                    return;
                }
                seen.add(schema.getFullName());
                if (schema.getDoc() == null) {
                    out.add(schema.getFullName());
                }
                for (Schema.Field f : schema.getFields()) {
                    if (f.doc() == null || f.doc().isBlank()) {
                        out.add(schema.getFullName() + "." + f.name());
                    }
                    collectUndocumented(f.schema(), out, seen);
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), out, seen);
            case MAP -> collectUndocumented(schema.getValueType(), out, seen);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, out, seen));
            default -> { }
        }
    }

    static Schema schemaOf(Topic<?, ?> topic) {
        return SpecificData.get().getSchema(topic.valueType());
    }

    static List<Path> releasedVersions(Topic<?, ?> topic) throws IOException {
        Path dir = RELEASED.resolve(topic.name());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc")).sorted(Comparator.comparingInt(SchemaCompatibilityTest::number))
                    .toList();
        }
    }

    static int number(Path version) {
        String name = version.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }

    /**
     * Records, for each topic whose schema differs from its newest release, the current schema as the next version
     * ({@code v<N+1>.avsc}; {@code v1} for a new topic). Run from {@code schemas/} with the test classpath.
     */
    public static void main(String[] args) throws IOException {
        for (Topic<?, ?> topic : Topics.all()) {
            List<Path> versions = releasedVersions(topic);
            Schema current = schemaOf(topic);
            if (!versions.isEmpty() && new Schema.Parser().parse(versions.get(versions.size() - 1).toFile()).equals(current)) {
                continue;
            }
            int next = versions.isEmpty() ? 1 : number(versions.get(versions.size() - 1)) + 1;
            Path file = RELEASED.resolve(topic.name()).resolve("v" + next + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n");
            System.out.println("recorded " + file);
        }
    }
}
