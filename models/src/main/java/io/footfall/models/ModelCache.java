package io.footfall.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The per-user folder of converted models: {@code --cache-dir}, else {@code FOOTFALL_MODEL_CACHE}, else
 * {@code ~/.cache/footfall/models}.
 */
public record ModelCache(Path dir) {

    public static final String ENV = "FOOTFALL_MODEL_CACHE";

    public static ModelCache resolve(Path override) {
        return resolve(override, System.getenv(), System.getProperty("user.home"));
    }

    static ModelCache resolve(Path override, Map<String, String> env, String home) {
        if (override != null) {
            return new ModelCache(override.toAbsolutePath());
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ModelCache(Path.of(fromEnv).toAbsolutePath());
        }
        return new ModelCache(Path.of(home, ".cache", "footfall", "models"));
    }

    public Path onnx(BuiltInModel model) {
        return dir.resolve(model.onnxFile());
    }

    public Path descriptor(BuiltInModel model) {
        return dir.resolve(model.descriptorFile());
    }

    /** True when every built-in model and its descriptor is in place, converted the way this version converts. */
    public boolean complete() {
        for (BuiltInModel m : BuiltInModel.values()) {
            if (!Files.isRegularFile(onnx(m)) || !Files.isRegularFile(descriptor(m)) || outdated(m)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the cache holds models written by an older converter ({@link BuiltInModel#GRAPH_REVISION}): they
     * still work, but {@code footfall models fetch} converts them again.
     */
    public boolean outdated() {
        for (BuiltInModel m : BuiltInModel.values()) {
            if (Files.isRegularFile(descriptor(m)) && outdated(m)) {
                return true;
            }
        }
        return false;
    }

    private boolean outdated(BuiltInModel m) {
        try {
            return !m.descriptor().source().equals(ModelDescriptor.read(descriptor(m)).source());
        } catch (IOException | RuntimeException e) {
            return true; // unreadable: convert again
        }
    }
}
