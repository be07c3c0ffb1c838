package io.footfall.cli;

import io.footfall.detector.cli.DetectImagesCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    /**
     * The offline mode's images and options, in the order given (options may come before or after the images); none
     * runs the service.
     */
    @Unmatched
    List<String> offlineArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (offlineArgs.isEmpty()) {
            return ServiceLauncher.run(options.load(), spec.commandLine().getOut(), PipelineService.DETECTOR::create);
        }
        CommandLine offline = new CommandLine(new DetectImagesCommand());
        offline.setOut(spec.commandLine().getOut());
        offline.setErr(spec.commandLine().getErr());
        return offline.execute(offlineArgs.toArray(String[]::new));
    }
}
