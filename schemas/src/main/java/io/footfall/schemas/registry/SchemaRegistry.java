package io.footfall.schemas.registry;

import org.apache.avro.Schema;

/**
 * The two operations the Confluent wire format needs from a schema registry: an id for a writer
 * schema, and the schema behind an id.
 *
 * <p>Implementations cache in both directions: an id never changes its schema, so a lookup by id
 * goes to the registry at most once per process.
 */
public interface SchemaRegistry extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject}, or finds it if already registered, and
     * returns its global id.
     *
     * @throws IncompatibleSchemaException when the subject's compatibility rule refuses the schema
     * @throws RegistryUnavailableException when the registry cannot be reached
     */
    int register(String subject, Schema schema);

    /**
     * Returns the id of {@code schema} under {@code subject} without registering it.
     *
     * @throws UnknownSchemaException when the subject does not hold that schema
     */
    int idOf(String subject, Schema schema);

    /**
     * Returns the schema with global id {@code id}.
     *
     * @throws UnknownSchemaException when no schema has that id
     */
    Schema schemaById(int id);

    /** Where this registry lives, for error messages and logs (a URL, or "in-process"). */
    String location();

    @Override
    default void close() {}
}
