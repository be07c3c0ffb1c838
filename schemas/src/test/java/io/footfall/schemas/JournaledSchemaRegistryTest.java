package io.footfall.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.schemas.registry.IncompatibleSchemaException;
import io.footfall.schemas.registry.JournaledSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records written before the registry restarted must stay readable: ids survive the restart. */
class JournaledSchemaRegistryTest {

    static final Schema V1 = SchemaBuilder.record("Visit").namespace("t").fields().requiredString("camera").endRecord();
    static final Schema V2 = SchemaBuilder.record("Visit").namespace("t").fields().requiredString("camera")
            .name("faces").type().intType().intDefault(0).endRecord();
    static final Schema BREAKING = SchemaBuilder.record("Visit").namespace("t").fields().requiredInt("camera").endRecord();

    @TempDir
    Path dir;

    @Test
    void a_reopened_registry_gives_every_schema_its_old_id_and_keeps_its_rules() throws Exception {
        // given schemas registered under two subjects, one of them twice, and a refused incompatible one
        int v1;
        int v2;
        int other;
        try (JournaledSchemaRegistry registry = JournaledSchemaRegistry.open(dir)) {
            v1 = registry.register("visits-value", V1);
            v2 = registry.register("visits-value", V2);
            other = registry.register("odd subject\twith a tab", V1);
            assertThat(registry.register("visits-value", V1)).isEqualTo(v1);
            assertThatThrownBy(() -> registry.register("visits-value", BREAKING)).isInstanceOf(IncompatibleSchemaException.class);
        }
        assertThat(Files.readAllLines(dir.resolve(JournaledSchemaRegistry.JOURNAL))).hasSize(3);
        // when it is opened again
        try (JournaledSchemaRegistry registry = JournaledSchemaRegistry.open(dir)) {
            // then ids, versions and the compatibility rule are as before
            assertThat(registry.replayed()).isEqualTo(3);
            assertThat(registry.schemaById(v1)).isEqualTo(V1);
            assertThat(registry.schemaById(v2)).isEqualTo(V2);
            assertThat(registry.idOf("odd subject\twith a tab", V1)).isEqualTo(other).isEqualTo(v1);
            assertThat(registry.register("visits-value", V2)).isEqualTo(v2);
            assertThatThrownBy(() -> registry.register("visits-value", BREAKING)).isInstanceOf(IncompatibleSchemaException.class);
        }
    }
}
