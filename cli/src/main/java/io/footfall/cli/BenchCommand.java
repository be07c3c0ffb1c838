package io.footfall.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Benchmarks that print medians, for docs/BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark parts of Footfall on this machine and print medians",
        subcommands = {BenchIngestCommand.class, io.footfall.detector.cli.DetectorBenchCommand.class, io.footfall.embedder.cli.EmbedderBenchCommand.class, BenchMatcherCommand.class,
                BenchSampleVideoCommand.class, BenchE2eCommand.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
