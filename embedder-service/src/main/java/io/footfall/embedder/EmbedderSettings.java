package io.footfall.embedder;

import io.footfall.models.BuiltInModel;
import io.footfall.models.EmbedderChoice;
import io.footfall.models.GraphEmbedder;
import io.footfall.models.ModelCache;
import io.footfall.models.OnnxSessions;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Settings of the embedder. */
public final class EmbedderSettings {

    private static final Logger log = LoggerFactory.getLogger(EmbedderSettings.class);

    private EmbedderSettings() {}

    public static final Setting<String> MODEL = Setting.string(EmbedderChoice.KEY, "", EmbedderChoice.DESCRIPTION);

    public static final Setting<String> MODEL_CACHE = Setting.string("embedder.model-cache", "",
            "Folder of the converted built-in models; empty uses FOOTFALL_MODEL_CACHE, else ~/.cache/footfall/models");

    public static final Setting<String> ALIGNMENT = Setting.string("embedder.alignment", BuiltInModel.TEMPLATE,
            "Alignment the bundled embedder takes: " + BuiltInModel.TEMPLATE + " (MTCNN's five points) or " + BuiltInModel.TEMPLATE_68
                    + " (dlib's chip from 68 landmarks); must equal detector.alignment");

    public static final Setting<Integer> THREADS = Setting.integer("embedder.threads", 0, 0, 256,
            "ONNX Runtime intra-op threads per inference; 0 lets ONNX Runtime use every core");

    public static final Setting<Boolean> CUDA = Setting.bool("embedder.cuda", false,
            "Run the model on the CUDA execution provider (needs the -Pcuda build and a GPU)");

    public static final Setting<Integer> CUDA_DEVICE = Setting.integer("embedder.cuda-device", 0, 0, 64,
            "GPU index when embedder.cuda is on");

    /** The embedder the settings describe; a missing or mismatched model is a configuration error with the fix in it. */
    public static Embedder embedder(Config config) {
        OnnxSessions.Options options = config.get(CUDA) ? OnnxSessions.Options.cuda(config.get(CUDA_DEVICE))
                : OnnxSessions.Options.cpu(config.get(THREADS));
        String model = config.get(MODEL);
        String cacheDir = config.get(MODEL_CACHE);
        try {
            ModelCache cache = ModelCache.resolve(cacheDir == null || cacheDir.isBlank() ? null : Path.of(cacheDir));
            if (EmbedderChoice.bundled(model)) {
                return Embedder.builtIn(cache, options, config.get(ALIGNMENT));
            }
            if (!BuiltInModel.TEMPLATE.equals(config.get(ALIGNMENT))) {
                throw new ConfigException("embedder.alignment=" + config.get(ALIGNMENT) + " is an alignment of the bundled dlib "
                        + "embedder, but embedder.model=" + model.strip() + " takes its own: leave embedder.alignment unset.");
            }
            Optional<GraphEmbedder> graph = GraphEmbedder.byId(model.strip());
            if (graph.isPresent()) {
                return Embedder.builtIn(cache, graph.get(), options, line -> log.warn("embedder model {}: {}", model.strip(), line));
            }
            return Embedder.fromDescriptor(Path.of(model), options);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException("Cannot load the embedder model: " + e.getMessage() + ".");
        }
    }

    /** The embedder's settings and those of the face attributes estimated beside it ({@code attributes.*}). */
    public static List<Setting<?>> all() {
        List<Setting<?>> all = new java.util.ArrayList<>(List.of(MODEL, MODEL_CACHE, ALIGNMENT, THREADS, CUDA, CUDA_DEVICE));
        all.addAll(io.footfall.embedder.attributes.AttributeSettings.all());
        return List.copyOf(all);
    }
}
