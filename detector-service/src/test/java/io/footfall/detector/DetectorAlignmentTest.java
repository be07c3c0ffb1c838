package io.footfall.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.models.AlignmentTemplates;
import io.footfall.models.BuiltInModel;
import io.footfall.models.GraphEmbedder;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The detector warps faces to the template of the embedder that embedder.model names. */
class DetectorAlignmentTest {

    private final FaceAligner dlib = FaceAligner.forModel(BuiltInModel.FACE_RECOGNITION.descriptor());

    @Test
    void a_detector_aligning_for_another_embedder_uses_its_template_and_crop_size() {
        Detector detector = new Detector(null, dlib, QualityGates.defaults(), null);

        Detector forFaceres = detector.aligningFor(GraphEmbedder.FACERES.descriptor());

        assertThat(forFaceres.aligner().templateId()).isEqualTo(GraphEmbedder.TEMPLATE_224);
        assertThat(forFaceres.aligner().width()).isEqualTo(224);
        assertThat(forFaceres.aligner().height()).isEqualTo(224);
        assertThat(detector.aligningFor(BuiltInModel.FACE_RECOGNITION.descriptor())).isSameAs(detector);
        assertThat(AlignmentTemplates.arcface112()[2]).containsExactly(56.0252, 71.7366);
    }

    @Test
    void the_embedder_model_setting_is_read_where_declared_and_defaults_to_the_bundled_model_elsewhere() {
        List<Setting<?>> settings = new ArrayList<>(DetectorSettings.all());
        Config detectorOnly = Config.of(settings, Map.of());
        assertThat(detectorOnly.declares(DetectorSettings.EMBEDDER_MODEL)).isFalse();

        settings.add(DetectorSettings.EMBEDDER_MODEL);
        Config withEmbedder = Config.of(settings, Map.of("embedder.model", "faceres"));
        assertThat(withEmbedder.declares(DetectorSettings.EMBEDDER_MODEL)).isTrue();
        assertThat(withEmbedder.get(DetectorSettings.EMBEDDER_MODEL)).isEqualTo("faceres");
    }

    @Test
    void the_68_point_chip_is_refused_with_an_embedder_other_than_the_bundled_one() {
        List<Setting<?>> settings = new ArrayList<>(DetectorSettings.all());
        settings.add(DetectorSettings.EMBEDDER_MODEL);
        Config config = Config.of(settings, Map.of("embedder.model", "faceres", "detector.alignment", BuiltInModel.TEMPLATE_68));

        assertThatThrownBy(() -> DetectorSettings.detector(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("detector.alignment=" + BuiltInModel.TEMPLATE_68)
                .hasMessageContaining("leave detector.alignment unset");
    }
}
