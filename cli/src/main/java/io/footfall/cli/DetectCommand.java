package io.footfall.cli;

import io.footfall.detector.DetectorService;
import io.footfall.detector.cli.DetectImagesCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/** The detector: as a service (frames -> faces) without images, or offline on image files. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Run the MTCNN face detector: frames -> faces; or detect faces in image files",
                "",
                "footfall detect [--bootstrap ...]        runs the Kafka Streams service",
                "footfall detect IMAGE... [--min-face N] [--crops DIR] [--thresholds P,R,O]",
                "                                         prints one JSON line of faces per image"})
final class DetectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "Image files or folders: detect offline instead of running the service")
    List<String> images = new ArrayList<>();

    /** Options of the offline mode, passed on as they are. */
    @Unmatched
    List<String> imageOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (images.isEmpty() && imageOptions.isEmpty()) {
            return ServiceLauncher.run(options.load(), spec.commandLine().getOut(), DetectorService::new);
        }
        List<String> args = new ArrayList<>(imageOptions);
        args.addAll(images);
        CommandLine offline = new CommandLine(new DetectImagesCommand());
        offline.setOut(spec.commandLine().getOut());
        offline.setErr(spec.commandLine().getErr());
        return offline.execute(args.toArray(String[]::new));
    }
}
