package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.detector.DetectorSettings;
import io.footfall.embedder.EmbedderSettings;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityApiTest {

    @Test
    void without_models_the_matcher_still_starts_and_photo_requests_say_how_to_fetch_them(@TempDir Path empty) {
        List<Setting<?>> declared = new ArrayList<>(CoreSettings.all());
        declared.addAll(DetectorSettings.all());
        declared.addAll(EmbedderSettings.all());
        declared.addAll(MatcherSettings.all());
        Config config = Config.of(declared, Map.of("detector.model-cache", empty.toString(), "embedder.model-cache", empty.toString()));

        PhotoModels faces = PhotoModels.load(config);

        assertThat(faces.available()).isFalse();
        assertThat(faces.unavailable()).contains("footfall models fetch", "restart the matcher");
    }
}
