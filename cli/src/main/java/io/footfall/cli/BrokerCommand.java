package io.footfall.cli;

import io.footfall.kafka.embedded.EmbeddedKafka;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ServiceRunner;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.ops.Health;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs Footfall's single-node KRaft broker as a service of its own, for a container stack that cannot pull a Kafka image. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a single-node Kafka broker (KRaft) as a service: the local container stack's broker",
                "",
                "The same broker as the demo's embedded one, with a persistent data directory (broker.data-dir, formatted on "
                        + "first start), the listeners and advertised listeners of broker.listeners and "
                        + "broker.advertised-listeners, and /health and /metrics on metrics.port. For production, run a Kafka "
                        + "cluster."})
final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        PrintWriter out = spec.commandLine().getOut();
        ServiceRunner runner = new ServiceRunner();
        EmbeddedKafka kafka;
        try {
            kafka = runner.add(EmbeddedKafka.builder()
                    .dataDir(Path.of(config.get(StackSettings.BROKER_DATA_DIR)))
                    .listeners(config.get(StackSettings.BROKER_LISTENERS), config.get(StackSettings.BROKER_ADVERTISED_LISTENERS))
                    .controllerPort(config.get(StackSettings.BROKER_CONTROLLER_PORT))
                    .maxMessageBytes(Math.max(config.get(CoreSettings.MAX_MESSAGE_BYTES), 4 << 20))
                    .start());
        } catch (IllegalArgumentException e) {
            runner.stop();
            throw new ConfigException(e.getMessage() + " (broker.listeners, broker.advertised-listeners)");
        }
        // the broker shuts its JVM down on a fatal error, so while this process runs the broker does
        ServiceContext context = runner.add(ServiceContext.create(config));
        context.ops().register("broker", () -> Health.up("serving " + config.get(StackSettings.BROKER_ADVERTISED_LISTENERS)));
        out.printf("broker running: listeners %s, advertised as %s, data in %s; health at http://localhost:%d/health. Ctrl-C stops.%n",
                config.get(StackSettings.BROKER_LISTENERS), config.get(StackSettings.BROKER_ADVERTISED_LISTENERS), kafka.dataDir(),
                context.ops().port());
        out.flush();
        runner.await();
        return 0;
    }
}
