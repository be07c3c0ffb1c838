package io.footfall.cli;

import io.footfall.detector.DetectorService;
import io.footfall.detector.DetectorSettings;
import io.footfall.embedder.EmbedderService;
import io.footfall.embedder.EmbedderSettings;
import io.footfall.ingest.IngestService;
import io.footfall.ingest.IngestSettings;
import io.footfall.matcher.MatcherService;
import io.footfall.matcher.MatcherSettings;
import io.footfall.runtime.Service;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Setting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pipeline's services in one place, in data-flow order: the name each reports (health, metrics'
 * {@code service} label, logs), the {@code footfall} command that runs it alone, its Maven module
 * and deployment files, its settings, and how it is made. {@code footfall run}, {@code footfall
 * demo}, {@code footfall config}, docs/CONFIGURATION.md and the deployment checks all read this list;
 * adding a stage is one entry here plus its module (docs/ARCHITECTURE.md).
 */
enum PipelineService {

    INGEST(IngestService.NAME, "ingest", "camera-ingest", IngestSettings::all, context -> new IngestService(context, List.of())),
    DETECTOR(DetectorService.NAME, "detect", "detector-service", DetectorSettings::all, DetectorService::new),
    EMBEDDER(EmbedderService.NAME, "embed", "embedder-service", EmbedderSettings::all, EmbedderService::new),
    MATCHER(MatcherService.NAME, "match", "matcher-service", MatcherSettings::all, MatcherService::new);

    private final String serviceName;
    private final String command;
    private final String module;
    private final Supplier<List<Setting<?>>> settings;
    private final Function<ServiceContext, Service> factory;

    PipelineService(String serviceName, String command, String module, Supplier<List<Setting<?>>> settings,
                    Function<ServiceContext, Service> factory) {
        this.serviceName = serviceName;
        this.command = command;
        this.module = module;
        this.settings = settings;
        this.factory = factory;
    }

    /** The name the running service reports: health, the metrics' {@code service} label, Streams application id. */
    String serviceName() {
        return serviceName;
    }

    /** The {@code footfall} subcommand that runs it alone, and the argument of deployment containers. */
    String command() {
        return command;
    }

    /** Its Maven module. */
    String module() {
        return module;
    }

    List<Setting<?>> settings() {
        return settings.get();
    }

    /** The service with its default parts (models loaded from the settings; ingest's cameras from its cameras file). */
    Service create(ServiceContext context) {
        return factory.apply(context);
    }

    /** Downstream first, so that each consumer is up before what feeds it. */
    static List<PipelineService> startOrder() {
        List<PipelineService> order = new ArrayList<>(Arrays.asList(values()));
        Collections.reverse(order);
        return List.copyOf(order);
    }

    static List<String> commands() {
        return Arrays.stream(values()).map(PipelineService::command).toList();
    }

    static PipelineService byCommand(String command) {
        for (PipelineService s : values()) {
            if (s.command.equals(command)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no service runs as '" + command + "'; services: " + String.join(", ", commands()));
    }
}
