package io.footfall.detector;

import io.footfall.models.BuiltInModel;
import io.footfall.models.EmbedderChoice;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelDescriptor;
import io.footfall.models.OnnxSessions;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Settings of the detector: MTCNN, quality gates, input limits, ONNX Runtime. */
public final class DetectorSettings {

    private DetectorSettings() {}

    public static final Setting<Integer> MIN_FACE = Setting.integer("detector.min-face", 40, 12, 4096,
            "Smallest face side in pixels MTCNN looks for (sets the pyramid's largest scale); face-api.js's default is 20");
    public static final Setting<Double> SCALE_FACTOR = Setting.decimal("detector.scale-factor", 0.709, 0.1, 0.95,
            "Ratio between pyramid levels");
    public static final Setting<Integer> MAX_SCALES = Setting.integer("detector.max-scales", 10, 1, 64,
            "At most this many pyramid levels, the largest first (face-api.js keeps 10)");
    public static final Setting<Double> PNET_THRESHOLD = Setting.decimal("detector.pnet-threshold", 0.6, 0, 1, "P-Net face probability to keep a cell");
    public static final Setting<Double> RNET_THRESHOLD = Setting.decimal("detector.rnet-threshold", 0.7, 0, 1, "R-Net face probability to keep a candidate");
    public static final Setting<Double> ONET_THRESHOLD = Setting.decimal("detector.onet-threshold", 0.7, 0, 1, "O-Net face probability to report a face");

    public static final Setting<Integer> QUALITY_MIN_FACE = Setting.integer("detector.quality.min-face", 40, 0, 4096,
            "Faces whose box is smaller than this (pixels) are reported as TOO_SMALL and not embedded");
    public static final Setting<Double> QUALITY_MIN_SCORE = Setting.decimal("detector.quality.min-score", 0.9, 0, 1,
            "Faces with a lower O-Net score are reported as LOW_SCORE and not embedded");
    public static final Setting<Double> QUALITY_MIN_BLUR = Setting.decimal("detector.quality.min-blur", 15, 0, 1e9,
            "Variance of the Laplacian of the aligned crop below which a face is BLURRED (0 turns the gate off)");
    public static final Setting<Double> QUALITY_MAX_CLIPPED = Setting.decimal("detector.quality.max-clipped", 0.1, 0, 10,
            "Largest part of the box's side allowed outside the frame on any edge before a face is CLIPPED");

    public static final Setting<Integer> MAX_FRAME_BYTES = Setting.integer("detector.max-frame-bytes", 4 << 20, 1024, Integer.MAX_VALUE,
            "Frames whose JPEG is larger than this go to the dead-letter topic undecoded");
    public static final Setting<Integer> MAX_FRAME_PIXELS = Setting.integer("detector.max-frame-pixels", 3840 * 2160, 1, Integer.MAX_VALUE,
            "Frames whose JPEG header claims more pixels than this go to the dead-letter topic undecoded");

    public static final Setting<Integer> STILL_SCENE_THRESHOLD = Setting.integer("detector.still-scene-threshold", 12, 0, 255,
            "A frame whose 1/8-size grey thumbnail is within this many grey levels everywhere of the camera's last frame without a face "
                    + "is published with no face and not run through detection; 0 detects every frame");
    public static final Setting<Duration> STILL_SCENE_MAX_SKIP = Setting.duration("detector.still-scene-max-skip", Duration.ofSeconds(2),
            Duration.ZERO, "Longest run of capture time an unchanged empty scene goes without a full detection");

    public static final Setting<Boolean> SCENE_CUTS = Setting.bool("detector.scene-cuts", true,
            "Mark the frame that starts a new shot (a cut: the picture changes in layout and content at once), so that the matcher "
                    + "starts new tracks there rather than carrying a face across the cut; false never marks one");

    public static final Setting<String> ALIGNMENT = Setting.string("detector.alignment", BuiltInModel.TEMPLATE,
            "How faces are cut for the bundled embedder: " + BuiltInModel.TEMPLATE + " (MTCNN's five points onto a template) or "
                    + BuiltInModel.TEMPLATE_68 + " (dlib's chip from 68 landmarks); must equal embedder.alignment");
    public static final Setting<String> MODEL_CACHE = Setting.string("detector.model-cache", "",
            "Folder of the converted built-in models; empty uses FOOTFALL_MODEL_CACHE, else ~/.cache/footfall/models");
    public static final Setting<Integer> THREADS = Setting.integer("detector.threads", 1, 0, 256,
            "ONNX Runtime intra-op threads per inference; 0 lets ONNX Runtime use every core");

    /**
     * The embedder's model setting (declared by the embedder's settings, read here too): the detector warps faces to the
     * alignment template of the model it names, so both services follow the one setting. Not in {@link #all()}: where
     * no embedder setting is declared the detector aligns for the bundled model.
     */
    public static final Setting<String> EMBEDDER_MODEL = Setting.string(EmbedderChoice.KEY, "", EmbedderChoice.DESCRIPTION);

    public static List<Setting<?>> all() {
        return List.of(MIN_FACE, SCALE_FACTOR, MAX_SCALES, PNET_THRESHOLD, RNET_THRESHOLD, ONET_THRESHOLD, QUALITY_MIN_FACE, ALIGNMENT,
                QUALITY_MIN_SCORE, QUALITY_MIN_BLUR, QUALITY_MAX_CLIPPED, MAX_FRAME_BYTES, MAX_FRAME_PIXELS, STILL_SCENE_THRESHOLD, STILL_SCENE_MAX_SKIP, SCENE_CUTS, MODEL_CACHE, THREADS);
    }

    public static MtcnnOptions mtcnn(Config c) {
        return new MtcnnOptions(c.get(MIN_FACE), c.get(SCALE_FACTOR), c.get(MAX_SCALES), c.get(PNET_THRESHOLD), c.get(RNET_THRESHOLD),
                c.get(ONET_THRESHOLD));
    }

    public static QualityGates gates(Config c) {
        return new QualityGates(c.get(QUALITY_MIN_FACE), c.get(QUALITY_MIN_SCORE), c.get(QUALITY_MIN_BLUR), c.get(QUALITY_MAX_CLIPPED));
    }

    public static FrameDecoder.Limits limits(Config c) {
        return new FrameDecoder.Limits(c.get(MAX_FRAME_BYTES), c.get(MAX_FRAME_PIXELS));
    }

    public static StillScenes stillScenes(Config c) {
        return new StillScenes(c.get(STILL_SCENE_THRESHOLD), c.get(STILL_SCENE_MAX_SKIP));
    }

    public static SceneCuts sceneCuts(Config c) {
        return new SceneCuts(c.get(SCENE_CUTS));
    }

    /** The detector the settings describe; missing models are a configuration error with the fix in it. */
    public static Detector detector(Config config) {
        String cache = config.get(MODEL_CACHE);
        try {
            String embedder = config.declares(EMBEDDER_MODEL) ? config.get(EMBEDDER_MODEL) : "";
            String alignment = config.get(ALIGNMENT);
            ModelCache models = ModelCache.resolve(cache == null || cache.isBlank() ? null : Path.of(cache));
            if (EmbedderChoice.bundled(embedder)) {
                return Detector.builtIn(models, onnx(config), mtcnn(config), gates(config), alignment);
            }
            if (!BuiltInModel.TEMPLATE.equals(alignment)) {
                throw new ConfigException("detector.alignment=" + alignment + " is an alignment of the bundled dlib embedder, but "
                        + "embedder.model=" + embedder.strip() + " takes its own: leave detector.alignment unset.");
            }
            ModelDescriptor descriptor = EmbedderChoice.descriptor(embedder);
            return Detector.builtIn(models, onnx(config), mtcnn(config), gates(config)).aligningFor(descriptor);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException("Cannot load the detector models: " + e.getMessage() + ".");
        }
    }

    public static OnnxSessions.Options onnx(Config c) {
        return OnnxSessions.Options.cpu(c.get(THREADS));
    }
}
