package io.footfall.cli;

import io.footfall.ingest.IngestService;
import io.footfall.ingest.IngestSettings;
import io.footfall.matcher.MatcherService;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ServiceRunner;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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

    static final List<String> AVAILABLE = List.of("ingest", "detect", "embed", "match");

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--services", split = ",", paramLabel = "NAME", defaultValue = "ingest,detect,embed,match",
            description = "Services to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})", completionCandidates = Names.class)
    List<String> services;

    static final class Names extends ArrayList<String> {
        Names() {
            super(AVAILABLE);
        }
    }

    @Override
    public Integer call() throws Exception {
        Set<String> wanted = new LinkedHashSet<>(services);
        for (String name : wanted) {
            if (!AVAILABLE.contains(name)) {
                throw new ConfigException("Unknown service '" + name + "' in --services; choose from " + String.join(", ", AVAILABLE) + ".");
            }
        }
        Config config = options.load();
        if (wanted.contains("ingest") && config.get(IngestSettings.CAMERAS_FILE).isBlank()) {
            throw new ConfigException("Service 'ingest' needs cameras: set ingest.cameras-file (FOOTFALL_INGEST_CAMERAS_FILE).");
        }
        PrintWriter out = spec.commandLine().getOut();
        ServiceRunner runner = new ServiceRunner();
        ServiceContext context = runner.add(ServiceContext.create(config));
        if (wanted.contains("ingest")) {
            runner.start(new IngestService(context, List.<io.footfall.ingest.CameraSpec>of()));
        }
        if (wanted.contains("detect")) {
            runner.start(new io.footfall.detector.DetectorService(context));
        }
        if (wanted.contains("embed")) {
            runner.start(new io.footfall.embedder.EmbedderService(context));
        }
        if (wanted.contains("match")) {
            runner.start(new MatcherService(context));
        }
        out.printf("Running %s against %s; metrics at http://localhost:%d/metrics. Ctrl-C stops.%n", String.join(", ", wanted),
                config.get(io.footfall.runtime.config.CoreSettings.BOOTSTRAP_SERVERS), context.ops().port());
        out.flush();
        runner.await();
        return 0;
    }
}
