package io.footfall.runtime.kafka;

import io.footfall.schemas.registry.ConfluentRegistryClient;
import io.footfall.schemas.registry.InMemorySchemaRegistry;
import io.footfall.schemas.registry.SchemaRegistry;

/** Chooses the schema registry from the {@code registry.url} setting. */
public final class SchemaRegistries {

    public static final String IN_PROCESS = "in-process";

    private static final InMemorySchemaRegistry SHARED_IN_PROCESS = new InMemorySchemaRegistry();

    private SchemaRegistries() {}

    /**
     * A client for {@code url}; {@code in-process} gives the one in-memory registry of this JVM, so
     * that all services of the single-process mode agree on schema ids.
     */
    public static SchemaRegistry forUrl(String url) {
        return IN_PROCESS.equals(url) ? SHARED_IN_PROCESS : new ConfluentRegistryClient(url);
    }
}
