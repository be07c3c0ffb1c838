package io.footfall.embedder;

import io.footfall.models.BuiltInModel;
import io.footfall.models.ModelCache;
import io.footfall.models.OnnxSessions;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Settings of the embedder. */
public final class EmbedderSettings {

    private EmbedderSettings() {}

    public static final Setting<String> MODEL = Setting.string("embedder.model", "",
            "Descriptor (JSON) of your own ONNX embedder model; empty uses the bundled dlib-resnet29-128 from the model cache");

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
        try {
            if (model != null && !model.isBlank()) {
                return Embedder.fromDescriptor(Path.of(model), options);
            }
            String cache = config.get(MODEL_CACHE);
            return Embedder.builtIn(ModelCache.resolve(cache == null || cache.isBlank() ? null : Path.of(cache)), options, config.get(ALIGNMENT));
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
