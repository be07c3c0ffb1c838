package io.footfall.cli;

import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ServiceRunner;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.kafka.RegistryRoutes;
import io.footfall.runtime.ops.Health;
import io.footfall.schemas.registry.JournaledSchemaRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Serves Footfall's own schema registry over HTTP, for a container stack that cannot pull a registry image. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = {"Serve a schema registry: the Confluent REST API subset Footfall's clients and Confluent serdes use",
                "",
                "Served on metrics.port at " + RegistryCommand.CCOMPAT_PATH + " (where Apicurio serves its Confluent-compatible "
                        + "API, so the same registry.url works with either) and at " + DemoCommand.REGISTRY_PATH + " (as the demo "
                        + "serves it). Schemas are kept in registry.data-dir and keep their ids across restarts; new versions of a "
                        + "subject must be BACKWARD compatible. For production, run Confluent Schema Registry or Apicurio Registry."})
final class RegistryCommand implements Callable<Integer> {

    static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        PrintWriter out = spec.commandLine().getOut();
        ServiceRunner runner = new ServiceRunner();
        Path dir = Path.of(config.get(StackSettings.REGISTRY_DATA_DIR));
        JournaledSchemaRegistry registry = runner.add(JournaledSchemaRegistry.open(dir));
        ServiceContext context = runner.add(ServiceContext.create(config));
        context.ops().route(CCOMPAT_PATH, new RegistryRoutes(CCOMPAT_PATH, registry));
        context.ops().route(DemoCommand.REGISTRY_PATH, new RegistryRoutes(DemoCommand.REGISTRY_PATH, registry));
        context.ops().register("registry", () -> Health.up(registry.replayed() + " schemas replayed from " + registry.location()));
        out.printf("registry running: http://localhost:%d%s (and %s), %d registrations replayed from %s. Ctrl-C stops.%n",
                context.ops().port(), CCOMPAT_PATH, DemoCommand.REGISTRY_PATH, registry.replayed(), registry.location());
        out.flush();
        runner.await();
        return 0;
    }
}
