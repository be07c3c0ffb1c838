package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GalleryTest {

    @Test
    void templates_of_another_model_or_shape_are_never_compared() {
        Gallery gallery = new Gallery("dlib-resnet", 2);
        Instant now = Instant.now();
        gallery.apply("p-1", Identity.newBuilder().setIdentityId("p-1").setDisplayName("One").setModelId("facenet-512")
                .setTemplates(List.of(new FaceTemplate("t1", List.of(1f, 0f), null, now))).setCreatedAt(now).setUpdatedAt(now).build());
        gallery.apply("p-2", Identity.newBuilder().setIdentityId("p-2").setDisplayName("Two").setModelId("dlib-resnet")
                .setTemplates(List.of(new FaceTemplate("bad-dim", List.of(1f, 0f, 0f), null, now),
                        new FaceTemplate("nan", List.of(Float.NaN, 0f), null, now),
                        new FaceTemplate("good", List.of(0f, 2f), null, now)))
                .setCreatedAt(now).setUpdatedAt(now).build());
        assertThat(gallery.size()).isEqualTo(1);
        assertThat(gallery.templates()).isEqualTo(1);
        assertThat(gallery.best(new float[] {1, 0})).hasValueSatisfying(c -> {
            assertThat(c.identityId()).isEqualTo("p-2");
            assertThat(c.similarity()).isEqualTo(0f);
        });
    }
}
