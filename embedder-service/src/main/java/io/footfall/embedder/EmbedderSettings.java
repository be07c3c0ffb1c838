package io.footfall.embedder;

import io.footfall.runtime.config.Setting;
import java.util.List;

/** Settings of the embedder. */
public final class EmbedderSettings {

    private EmbedderSettings() {}

    public static final Setting<String> MODEL = Setting.string("embedder.model", "",
            "Descriptor (JSON) of your own ONNX embedder model; empty uses the bundled dlib-resnet29-128 from the model cache");

    public static final Setting<String> MODEL_CACHE = Setting.string("embedder.model-cache", "",
            "Folder of the converted built-in models; empty uses FOOTFALL_MODEL_CACHE, else ~/.cache/footfall/models");

    public static final Setting<Integer> THREADS = Setting.integer("embedder.threads", 0, 0, 256,
            "ONNX Runtime intra-op threads per inference; 0 lets ONNX Runtime use every core");

    public static final Setting<Boolean> CUDA = Setting.bool("embedder.cuda", false,
            "Run the model on the CUDA execution provider (needs the -Pcuda build and a GPU)");

    public static final Setting<Integer> CUDA_DEVICE = Setting.integer("embedder.cuda-device", 0, 0, 64,
            "GPU index when embedder.cuda is on");

    public static List<Setting<?>> all() {
        return List.of(MODEL, MODEL_CACHE, THREADS, CUDA, CUDA_DEVICE);
    }
}
