package io.footfall.embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.embedder.ToyModels.Flaw;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedderServiceTest {

    @TempDir
    Path dir;

    @Test
    void the_model_named_in_the_settings_is_loaded() throws Exception {
        Path json = ToyModels.write(dir, "my-facenet", 160, 512, Flaw.NONE);
        try (Embedder embedder = EmbedderSettings.embedder(Config.of(EmbedderSettings.all(), Map.of("embedder.model", json.toString())))) {
            assertThat(embedder.modelId()).isEqualTo("my-facenet");
            assertThat(embedder.dimension()).isEqualTo(512);
        }
    }

    @Test
    void a_missing_bundled_model_is_a_configuration_error_that_says_how_to_fetch_it() {
        Config config = Config.of(EmbedderSettings.all(), Map.of("embedder.model-cache", dir.resolve("empty").toString()));
        assertThatThrownBy(() -> EmbedderSettings.embedder(config))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Cannot load the embedder model").hasMessageContaining("footfall models fetch");
    }

    @Test
    void a_missing_descriptor_file_is_a_configuration_error() {
        Config config = Config.of(EmbedderSettings.all(), Map.of("embedder.model", dir.resolve("nope.json").toString()));
        assertThatThrownBy(() -> EmbedderSettings.embedder(config))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.json");
    }
}
