package io.footfall.embedder.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.embedder.EmbeddingException;
import io.footfall.embedder.FaceCrop;
import io.footfall.runtime.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeEstimatorTest {

    @Test
    void labelsAreLowerCaseInFaceApiOrder() {
        assertThat(Gender.MALE.label()).isEqualTo("male");
        assertThat(Gender.FEMALE.label()).isEqualTo("female");
        assertThat(java.util.Arrays.stream(Expression.values()).map(Expression::label))
                .containsExactly("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised");
    }

    @Test
    void theNetsOutputsBecomeAttributesAsFaceApiReadsThem() {
        // given raw outputs: age, P(male), P(female), seven expression probabilities
        float[] expressions = {0.1f, 0.6f, 0.1f, 0.05f, 0.05f, 0.05f, 0.05f};

        // when
        FaceAttributes male = AttributeEstimator.attributes(34.2f, 0.9f, 0.1f, expressions, 0);
        FaceAttributes female = AttributeEstimator.attributes(-0.5f, 0.5f, 0.5f, expressions, 1);

        // then male only above 0.5 (face-api.js: probMale > 0.5), with the winning class's probability; age never negative
        assertThat(male.gender()).isEqualTo(Gender.MALE);
        assertThat(male.genderProbability()).isEqualTo(0.9f);
        assertThat(male.age()).isEqualTo(34.2f);
        assertThat(male.expression()).isEqualTo(Expression.HAPPY);
        assertThat(male.score(Expression.HAPPY)).isEqualTo(0.6f);
        assertThat(female.gender()).isEqualTo(Gender.FEMALE);
        assertThat(female.genderProbability()).isEqualTo(0.5f);
        assertThat(female.age()).isZero();
    }

    @Test
    void aNonFiniteOutputIsAnErrorThatNamesTheCrop() {
        float[] expressions = {Float.NaN, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> AttributeEstimator.attributes(30, 0.9f, 0.1f, expressions, 3))
                .isInstanceOf(EmbeddingException.class).hasMessageContaining("crop 3");
    }

    @Test
    void attributesNeedSevenExpressionScores() {
        assertThatThrownBy(() -> new FaceAttributes(30, Gender.MALE, 0.9f, Expression.NEUTRAL, new float[6]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 expression scores");
    }

    @Test
    void theCentreOfAChipIsCutOutRowByRow() {
        // given a 10×10 crop whose red channel is x + 10·y
        byte[] rgb = new byte[300];
        for (int i = 0; i < 100; i++) {
            rgb[3 * i] = (byte) i;
        }
        FaceCrop crop = new FaceCrop(10, 10, rgb);

        // when
        FaceCrop centre = AttributeEstimator.centre(crop, 0.6);

        // then the 6×6 centre starting at (2, 2)
        assertThat(centre.width()).isEqualTo(6);
        assertThat(centre.height()).isEqualTo(6);
        assertThat(centre.rgb()[0]).isEqualTo((byte) 22);
        assertThat(centre.rgb()[3 * 7]).isEqualTo((byte) 33);
        assertThat(AttributeEstimator.centre(crop, 1.0)).isSameAs(crop);
    }

    @Test
    void disabledSettingsGiveNoEstimatorAndTheCropIsChecked() {
        assertThat(AttributeSettings.estimator(Config.of(AttributeSettings.all(), Map.of("attributes.enabled", "false")))).isNull();
        assertThat(Config.of(AttributeSettings.all(), Map.of()).get(AttributeSettings.ENABLED)).isTrue();
        assertThat(Config.of(AttributeSettings.all(), Map.of()).get(AttributeSettings.CHIP_CROP)).isEqualTo(AttributeEstimator.DEFAULT_CHIP_CROP);
        assertThatThrownBy(() -> Config.of(AttributeSettings.all(), Map.of("attributes.chip-crop", "0.2")))
                .hasMessageContaining("attributes.chip-crop");
    }

    @Test
    void missingModelsAreAConfigurationErrorThatSaysWhatToDo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.util.List<io.footfall.runtime.config.Setting<?>> declared = io.footfall.embedder.EmbedderSettings.all();
        Config config = Config.of(declared, Map.of("embedder.model-cache", dir.resolve("empty").toString()));
        assertThatThrownBy(() -> AttributeSettings.estimator(config))
                .isInstanceOf(io.footfall.runtime.config.ConfigException.class)
                .hasMessageContaining("footfall models fetch").hasMessageContaining("attributes.enabled=false");
    }
}
