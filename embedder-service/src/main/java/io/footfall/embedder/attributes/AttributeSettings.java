package io.footfall.embedder.attributes;

import io.footfall.embedder.EmbedderSettings;
import io.footfall.models.ModelCache;
import io.footfall.models.OnnxSessions;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of the face-attribute estimates (age, gender, expression). The nets run beside the embedder, from its model
 * cache and on its device ({@code embedder.model-cache}, {@code embedder.cuda}), with one ONNX Runtime thread on CPU.
 */
public final class AttributeSettings {

    private AttributeSettings() {}

    public static final Setting<Boolean> ENABLED = Setting.bool("attributes.enabled", true,
            "Estimate age, gender and expression of every face that passes the quality gates; off estimates and stores none of them");

    public static final Setting<Double> CHIP_CROP = Setting.decimal("attributes.chip-crop", AttributeEstimator.DEFAULT_CHIP_CROP, 0.5, 1.0,
            "Share of the aligned face chip's width and height (its centre) given to the age/gender and expression nets");

    /** The estimator the settings describe, or null when {@code attributes.enabled} is off. */
    public static AttributeEstimator estimator(Config config) {
        if (!config.get(ENABLED)) {
            return null;
        }
        // one thread on CPU whatever embedder.threads says: the nets are too small to gain from more (both cores took
        // 7.8 ms a face against 2.2 ms on one, docs/BENCHMARKS.md), and the embedder's own pool keeps the other busy
        OnnxSessions.Options options = config.get(EmbedderSettings.CUDA) ? OnnxSessions.Options.cuda(config.get(EmbedderSettings.CUDA_DEVICE))
                : OnnxSessions.Options.cpu(1);
        String cache = config.get(EmbedderSettings.MODEL_CACHE);
        try {
            return AttributeEstimator.builtIn(ModelCache.resolve(cache == null || cache.isBlank() ? null : Path.of(cache)), options,
                    config.get(CHIP_CROP));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException("Cannot load the age/gender and expression models: " + e.getMessage()
                    + ". Run 'footfall models fetch', or set attributes.enabled=false to run without them.");
        }
    }

    public static List<Setting<?>> all() {
        return List.of(ENABLED, CHIP_CROP);
    }
}
