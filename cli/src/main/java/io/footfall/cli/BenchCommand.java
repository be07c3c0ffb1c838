package io.footfall.cli;

import io.footfall.detector.cli.BenchDetectorCommand;
import io.footfall.embedder.cli.BenchAttributesCommand;
import io.footfall.embedder.cli.BenchEmbedderCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Benchmarks that print medians, for docs/BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark parts of Footfall on this machine and print medians",
        subcommands = {BenchIngestCommand.class, BenchDetectorCommand.class, BenchEmbedderCommand.class, BenchAttributesCommand.class, BenchMatcherCommand.class,
                BenchSampleVideoCommand.class, BenchE2eCommand.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
