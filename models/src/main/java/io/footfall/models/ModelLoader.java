package io.footfall.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Opens a model from its descriptor, built-in or a user's own, and refuses it when the descriptor does not describe
 * the ONNX file's real inputs and outputs.
 */
public final class ModelLoader {

    /** A model whose descriptor has been checked against its ONNX session. */
    public record LoadedModel(ModelDescriptor descriptor, Path onnx, OrtSession session) {}

    private final OnnxSessions sessions;

    public ModelLoader(OnnxSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * A built-in model from the cache, with a hint to fetch it when it is missing. The descriptor used is this build's
     * (its alignment template and calibrated thresholds) with the cached file's sha256, so a cache fetched by an older
     * build serves the current template; the cached descriptor file itself is left as it is (another build may share
     * the cache).
     */
    public LoadedModel load(ModelCache cache, BuiltInModel model, OnnxSessions.Options options) throws IOException {
        return load(cache, model, model.descriptor(), options);
    }

    /** A built-in model from the cache described by {@code descriptor} (e.g. {@link BuiltInModel#recognitionWith}). */
    public LoadedModel load(ModelCache cache, BuiltInModel model, ModelDescriptor descriptor, OnnxSessions.Options options) throws IOException {
        Path json = cache.descriptor(model);
        if (!Files.isRegularFile(json) || !Files.isRegularFile(cache.onnx(model))) {
            throw new ModelFetchException("model " + model.id() + " is not in " + cache.dir() + "; run 'footfall models fetch' first");
        }
        return load(descriptor.withSha256(ModelDescriptor.read(json).sha256()), json, options);
    }

    /**
     * A built-in graph embedder ({@code faceres}) from the cache, as {@link #load(ModelCache, BuiltInModel,
     * OnnxSessions.Options)} does for the bundled models; {@link GraphEmbedderFetcher#ensure} puts it there.
     */
    public LoadedModel load(ModelCache cache, GraphEmbedder model, OnnxSessions.Options options) throws IOException {
        Path json = cache.dir().resolve(model.descriptorFile());
        if (!Files.isRegularFile(json) || !Files.isRegularFile(cache.dir().resolve(model.onnxFile()))) {
            throw new ModelFetchException("model " + model.id() + " is not in " + cache.dir() + "; select it with embedder.model=" + model.id()
                    + " (it is fetched then) or run 'footfall models fetch --model " + model.id() + "'");
        }
        return load(model.descriptor().withSha256(ModelDescriptor.read(json).sha256()), json, options);
    }

    /** Loads {@code descriptorJson} and the ONNX file it names (relative to the descriptor's folder). */
    public LoadedModel load(Path descriptorJson, OnnxSessions.Options options) throws IOException {
        return load(ModelDescriptor.read(descriptorJson), descriptorJson, options);
    }

    private LoadedModel load(ModelDescriptor d, Path descriptorJson, OnnxSessions.Options options) throws IOException {
        Path dir = descriptorJson.toAbsolutePath().getParent();
        Path onnx = dir.resolve(d.file());
        if (!Files.isRegularFile(onnx)) {
            throw new ModelFetchException("descriptor " + descriptorJson + " names ONNX file '" + d.file() + "', which is not at " + onnx);
        }
        if (d.sha256() != null && !d.sha256().equals(NpmPack.sha256Hex(onnx))) {
            throw new ModelFetchException(onnx + " does not match the sha256 in " + descriptorJson.getFileName()
                    + "; the file was changed or damaged. Run 'footfall models fetch --force' (built-in models) or fix the descriptor");
        }
        OrtSession session = sessions.session(onnx, options);
        List<String> problems = mismatches(d, session);
        if (!problems.isEmpty()) {
            throw new ModelFetchException("descriptor " + descriptorJson + " does not match " + onnx.getFileName() + ": "
                    + String.join("; ", problems) + ". Fix the descriptor (or export the model with the described shapes)");
        }
        return new LoadedModel(d, onnx, session);
    }

    /** Every way the descriptor disagrees with the session's metadata; empty when they agree. */
    static List<String> mismatches(ModelDescriptor d, OrtSession session) throws IOException {
        List<String> p = new ArrayList<>();
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            NodeInfo in = inputs.get(d.input().name());
            if (in == null) {
                p.add("input '" + d.input().name() + "' does not exist (the model's inputs: " + inputs.keySet() + ")");
            } else if (in.getInfo() instanceof TensorInfo t) {
                long[] s = t.getShape();
                if (t.type != OnnxJavaType.FLOAT) p.add("input '" + in.getName() + "' is " + t.type + ", not float32");
                if (s.length != 4) {
                    p.add("input '" + in.getName() + "' has shape " + Arrays.toString(s) + ", not N×3×H×W");
                } else {
                    if (!fits(s[1], 3)) p.add("input '" + in.getName() + "' has " + s[1] + " channels, not 3 (shape " + Arrays.toString(s) + ")");
                    if ((d.input().height() > 0 && !fits(s[2], d.input().height())) || (d.input().width() > 0 && !fits(s[3], d.input().width()))) {
                        p.add("the descriptor says " + d.input().width() + "×" + d.input().height() + " but input '" + in.getName()
                                + "' has shape " + Arrays.toString(s) + " (N×C×H×W)");
                    }
                }
            }
            for (String name : d.outputs()) {
                if (!outputs.containsKey(name)) {
                    p.add("output '" + name + "' does not exist (the model's outputs: " + outputs.keySet() + ")");
                }
            }
            if (d.dimension() > 0 && !d.outputs().isEmpty() && outputs.get(d.outputs().get(0)) != null
                    && outputs.get(d.outputs().get(0)).getInfo() instanceof TensorInfo t) {
                long[] s = t.getShape();
                if (s.length != 2 || !fits(s[1], d.dimension())) {
                    p.add("the descriptor says " + d.dimension() + "-d embeddings but output '" + d.outputs().get(0)
                            + "' has shape " + Arrays.toString(s) + " (expected N×" + d.dimension() + ")");
                }
            }
        } catch (OrtException e) {
            throw new IOException("cannot read the model's input/output metadata: " + e.getMessage(), e);
        }
        return p;
    }

    // a dynamic dimension (-1) accepts any size
    private static boolean fits(long actual, long expected) {
        return actual < 0 || actual == expected;
    }
}
