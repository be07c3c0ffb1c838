package io.footfall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the embedder service until SIGTERM or Ctrl-C. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Run the embedder: faces -> embeddings",
                "",
                "Embeds every aligned face of a frame in one batched ONNX Runtime run (the bundled dlib ResNet, or "
                        + "your own model with embedder.model=DESCRIPTOR.json); L2-normalised, stamped with the model id."})
final class EmbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        return ServiceLauncher.run(options.load(), spec.commandLine().getOut(), PipelineService.EMBEDDER::create);
    }
}
