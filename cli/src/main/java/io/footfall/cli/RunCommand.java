package io.footfall.cli;

import io.footfall.ingest.IngestSettings;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ServiceRunner;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.CoreSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs any subset of Footfall's services in one process against an external Kafka and registry. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run several services in one process against your Kafka and schema registry",
                "",
                "Example: footfall run --config footfall.properties --services ingest,detect,embed,match",
                "Each service also runs alone: footfall ingest, footfall detect, footfall embed, footfall match."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--services", split = ",", paramLabel = "NAME",
            description = "Services to run, by command name: ${COMPLETION-CANDIDATES} (default: all of them)", completionCandidates = Names.class)
    List<String> services = PipelineService.commands();

    static final class Names extends ArrayList<String> {
        Names() {
            super(PipelineService.commands());
        }
    }

    @Override
    public Integer call() throws Exception {
        Set<PipelineService> wanted = EnumSet.noneOf(PipelineService.class);
        for (String name : services) {
            try {
                wanted.add(PipelineService.byCommand(name));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Unknown service '" + name + "' in --services; choose from "
                        + String.join(", ", PipelineService.commands()) + ".");
            }
        }
        Config config = options.load();
        if (wanted.contains(PipelineService.INGEST) && config.get(IngestSettings.CAMERAS_FILE).isBlank()) {
            throw new ConfigException("Service 'ingest' needs cameras: set ingest.cameras-file (FOOTFALL_INGEST_CAMERAS_FILE).");
        }
        PrintWriter out = spec.commandLine().getOut();
        ServiceRunner runner = new ServiceRunner();
        ServiceContext context = runner.add(ServiceContext.create(config));
        List<String> started = new ArrayList<>();
        for (PipelineService service : PipelineService.startOrder()) {
            if (wanted.contains(service)) {
                runner.start(service.create(context));
                started.add(service.command());
            }
        }
        Collections.reverse(started);
        out.printf("Running %s against %s; metrics at http://localhost:%d/metrics. Ctrl-C stops.%n", String.join(", ", started),
                config.get(CoreSettings.BOOTSTRAP_SERVERS), context.ops().port());
        out.flush();
        runner.await();
        return 0;
    }
}
