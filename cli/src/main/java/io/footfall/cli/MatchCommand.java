package io.footfall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the matcher service until SIGTERM or Ctrl-C. */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Run the matcher: embeddings + identities -> recognition-events, footfall-counts",
                "",
                "Links faces into per-camera tracks, decides each visit's identity by a vote over its faces, clusters "
                        + "unknown visitors, and emits one ENTERED and one LEFT event per visit."})
final class MatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        return ServiceLauncher.run(options.load(), spec.commandLine().getOut(), PipelineService.MATCHER::create);
    }
}
