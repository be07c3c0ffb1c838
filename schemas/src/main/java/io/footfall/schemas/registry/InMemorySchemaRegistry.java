package io.footfall.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * An in-process registry for the single-process mode and unit tests, with the same rules as a real
 * one: ids are global, the same schema gets the same id under any subject, and a new version of a
 * subject must be BACKWARD compatible (readable by the new schema) with the latest version.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<Schema, Integer> idBySchema = new HashMap<>();
    private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(schema)) {
            if (!versions.isEmpty()) {
                Schema latest = versions.get(versions.size() - 1);
                var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
                if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                    throw new IncompatibleSchemaException("Schema for subject '" + subject
                            + "' is not BACKWARD compatible with its latest version: "
                            + result.getDescription()
                            + ". Give every new field a default and do not remove fields without defaults.");
                }
            }
            versions.add(schema);
        }
        return idBySchema.computeIfAbsent(schema, s -> {
            int id = byId.size() + 1;
            byId.put(id, s);
            return id;
        });
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (!versions.contains(schema)) {
            throw new UnknownSchemaException("Subject '" + subject + "' does not hold this schema in the in-process registry.");
        }
        return idBySchema.get(schema);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new UnknownSchemaException("No schema with id " + id + " in the in-process registry. "
                    + "The record was written against another registry; point this service at the same registry as its producers.");
        }
        return schema;
    }

    @Override
    public String location() {
        return "in-process";
    }
}
