package io.footfall.cli;

import io.footfall.ingest.CameraSpec;
import io.footfall.ingest.CameraSpecs;
import io.footfall.ingest.IngestService;
import io.footfall.ingest.IngestSettings;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs camera ingest against a Kafka cluster until SIGTERM or Ctrl-C. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Read RTSP, file or device cameras and publish sampled JPEG frames to Kafka",
                "",
                "Cameras come from --cameras FILE (re-read when it changes) and/or --camera ID=URL. Each camera "
                        + "reconnects forever with backoff; a file with loop=false plays once and ends (ENDED). Camera states "
                        + "go to the camera-status topic."})
final class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--cameras", paramLabel = "FILE", description = "Cameras file: <id>.url, <id>.fps, <id>.max-width, <id>.jpeg-quality, <id>.enabled")
    Path camerasFile;

    @Option(names = "--camera", paramLabel = "ID=URL", description = "A camera, e.g. lobby=rtsp://user:pass@10.0.0.7/stream1; repeatable")
    List<String> cameras = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Config config = options.load(camerasFile == null ? Map.of() : Map.of(IngestSettings.CAMERAS_FILE.key(), camerasFile.toString()));
        List<CameraSpec> given = parse(config);
        return ServiceLauncher.run(config, spec.commandLine().getOut(), context -> new IngestService(context, given));
    }

    private List<CameraSpec> parse(Config config) {
        CameraSpecs.Defaults defaults = new CameraSpecs.Defaults(config.get(IngestSettings.DEFAULT_FPS),
                config.get(IngestSettings.DEFAULT_MAX_WIDTH), config.get(IngestSettings.DEFAULT_JPEG_QUALITY));
        try {
            return cameras.stream().map(c -> CameraSpecs.fromArgument(c, defaults)).toList();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
