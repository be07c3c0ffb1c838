package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.models.BuiltInModel;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** embedder.model alone switches the matcher's model id, dimension and thresholds; a value the user set still wins. */
class ModelSettingsTest {

    private static Config config(Map<String, String> values) {
        List<Setting<?>> settings = new ArrayList<>(MatcherSettings.all());
        settings.add(ModelSettings.EMBEDDER_MODEL);
        return Config.of(settings, values);
    }

    @Test
    void the_bundled_model_keeps_the_settings_defaults() {
        Config c = config(Map.of());
        assertThat(ModelSettings.modelId(c)).isEqualTo("dlib-resnet29-128");
        assertThat(ModelSettings.dimension(c)).isEqualTo(128);
        assertThat(ModelSettings.known(c)).isEqualTo(BuiltInModel.KNOWN_THRESHOLD);
        assertThat(ModelSettings.unknown(c)).isEqualTo(BuiltInModel.UNKNOWN_THRESHOLD);
        assertThat(ModelSettings.visitor(c)).isEqualTo(BuiltInModel.VISITOR_THRESHOLD);
        assertThat(ModelSettings.origin(c, MatcherSettings.KNOWN_THRESHOLD)).isEqualTo("default");
    }

    @Test
    void faceres_brings_its_own_id_dimension_and_calibrated_thresholds() {
        Config c = config(Map.of("embedder.model", "faceres"));
        assertThat(ModelSettings.modelId(c)).isEqualTo("faceres");
        assertThat(ModelSettings.dimension(c)).isEqualTo(1024);
        assertThat(ModelSettings.known(c)).isEqualTo(0.633);
        assertThat(ModelSettings.unknown(c)).isEqualTo(0.571);
        assertThat(ModelSettings.visitor(c)).isEqualTo(0.72);
        assertThat(ModelSettings.origin(c, MatcherSettings.KNOWN_THRESHOLD)).isEqualTo("model faceres's descriptor");
        assertThat(MatcherRules.from(c).modelId()).isEqualTo("faceres");
        assertThat(MatcherRules.from(c).dimension()).isEqualTo(1024);
    }

    @Test
    void a_value_the_user_set_wins_over_the_models() {
        Config c = config(Map.of("embedder.model", "faceres", "matcher.known-threshold", "0.95", "matcher.unknown-threshold", "0.6"));
        assertThat(ModelSettings.known(c)).isEqualTo(0.95);
        assertThat(ModelSettings.unknown(c)).isEqualTo(0.6);
        assertThat(ModelSettings.visitor(c)).isEqualTo(0.72);
        assertThat(ModelSettings.origin(c, MatcherSettings.KNOWN_THRESHOLD)).isNotEqualTo("default").doesNotContain("faceres");
    }

    @Test
    void without_an_embedder_setting_the_matcher_uses_its_own_defaults() {
        Config c = Config.of(MatcherSettings.all(), Map.of());
        assertThat(ModelSettings.modelId(c)).isEqualTo("dlib-resnet29-128");
        assertThat(ModelSettings.known(c)).isEqualTo(BuiltInModel.KNOWN_THRESHOLD);
    }
}
