package io.footfall.matcher.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.faces.FacePolicy;
import io.footfall.faces.PhotoFaces.PhotoException;
import io.footfall.faces.PhotoRejection;
import io.footfall.faces.PhotoResult;
import io.footfall.detector.MtcnnFace;
import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Merging, dedup and the no-partial-identity rule, with a stand-in for the detector and embedder. */
class EnrollerTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-01-02T10:00:00Z");

    /** JPEG magic + a label; "noface" / "twofaces" in the label give those rejections, anything else a face. */
    static final class FakeFaces implements FaceReader {
        final AtomicInteger embedded = new AtomicInteger();
        String model = "model-a";

        @Override
        public String modelId() {
            return model;
        }

        @Override
        public PhotoResult embed(byte[] photo, FacePolicy policy) {
            embedded.incrementAndGet();
            String label = new String(photo, 3, photo.length - 3, StandardCharsets.ISO_8859_1);
            if (label.contains("noface")) {
                return new PhotoResult.Rejected(PhotoRejection.NO_FACE, PhotoRejection.NO_FACE.advice());
            }
            if (label.contains("twofaces") && policy == FacePolicy.DOMINANT_FACE) {
                return new PhotoResult.Rejected(PhotoRejection.SEVERAL_FACES, "2 faces were found");
            }
            float[] v = new float[4];
            v[Math.abs(label.hashCode()) % 4] = 1;
            return new PhotoResult.Accepted(v, new MtcnnFace(10, 10, 120, 140, 0.99, new double[5][2]), 100, 1, false);
        }
    }

    static Photo jpeg(String label) {
        byte[] b = ("\u00ff\u00d8\u00ff" + label).getBytes(StandardCharsets.ISO_8859_1);
        return Photo.of(label + ".jpg", b);
    }

    final FakeFaces faces = new FakeFaces();

    Enroller at(Instant t) {
        return new Enroller(faces, Clock.fixed(t, ZoneOffset.UTC));
    }

    @Test
    void a_new_person_gets_one_template_per_accepted_photo_and_a_reason_per_rejected_one() throws Exception {
        List<PhotoOutcome> progress = new ArrayList<>();
        Enrolment e = at(T0).enrol(new Enroller.Request(null, "Ada Lovelace", Map.of("member", "42"),
                List.of(jpeg("a1"), jpeg("a2"), jpeg("noface"), jpeg("twofaces"), Photo.of("notes.jpg", "name,photo\n".getBytes()))), null, progress::add);

        assertThat(progress).hasSize(5);
        assertThat(e.identityId()).isEqualTo("ada-lovelace");
        assertThat(e.changed()).isTrue();
        Identity id = e.updated();
        assertThat(id.getIdentityId()).isEqualTo("ada-lovelace");
        assertThat(id.getDisplayName()).isEqualTo("Ada Lovelace");
        assertThat(id.getModelId()).isEqualTo("model-a");
        assertThat(id.getTemplates()).extracting(FaceTemplate::getSource).containsExactly("a1.jpg", "a2.jpg");
        assertThat(id.getTemplates()).extracting(FaceTemplate::getTemplateId)
                .containsExactly(IdentityIds.templateId(jpeg("a1").read()), IdentityIds.templateId(jpeg("a2").read()));
        assertThat(id.getCreatedAt()).isEqualTo(T0);
        assertThat(id.getMetadata()).containsEntry("member", "42");
        assertThat(e.accepted()).isEqualTo(2);
        assertThat(e.rejections()).extracting(PhotoOutcome::source, PhotoOutcome::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("noface.jpg", PhotoRejection.NO_FACE),
                org.assertj.core.groups.Tuple.tuple("twofaces.jpg", PhotoRejection.SEVERAL_FACES),
                org.assertj.core.groups.Tuple.tuple("notes.jpg", PhotoRejection.UNREADABLE));
        assertThat(e.rejections().get(2).message()).contains("text file");
        assertThat(faces.embedded.get()).as("the text file never reaches the detector").isEqualTo(4);
    }

    @Test
    void enrolling_again_keeps_old_templates_adds_new_photos_and_never_duplicates() throws Exception {
        Identity first = at(T0).enrol(new Enroller.Request(null, "Ada", null, List.of(jpeg("a1"), jpeg("a2"))), null, o -> { }).updated();
        faces.embedded.set(0);

        Enrolment again = at(T1).enrol(new Enroller.Request(null, "Ada", null, List.of(jpeg("a2"), jpeg("a3"), jpeg("a3"))), first, o -> { });

        assertThat(again.photos()).extracting(PhotoOutcome::status).containsExactly(PhotoOutcome.Status.ALREADY_ENROLLED,
                PhotoOutcome.Status.ADDED, PhotoOutcome.Status.ALREADY_ENROLLED);
        assertThat(again.updated().getTemplates()).extracting(FaceTemplate::getSource).containsExactly("a1.jpg", "a2.jpg", "a3.jpg");
        assertThat(again.updated().getTemplates().get(0).getAddedAt()).isEqualTo(T0);
        assertThat(again.updated().getCreatedAt()).isEqualTo(T0);
        assertThat(again.updated().getUpdatedAt()).isEqualTo(T1);
        assertThat(faces.embedded.get()).as("a photo already enrolled is not embedded again").isEqualTo(1);

        Enrolment third = at(T1).enrol(new Enroller.Request(null, "Ada", null, List.of(jpeg("a1"), jpeg("a3"))), again.updated(), o -> { });
        assertThat(third.changed()).as("nothing new: nothing to write").isFalse();
        assertThat(third.templates()).isEqualTo(3);
        assertThat(third.accepted()).isEqualTo(2);
    }

    @Test
    void names_with_control_characters_are_refused() {
        for (String name : new String[] {"Ada\nLEFT Bob", "\u001b[31mAda", "Ada\u202Eevil", "Ada\u0000"}) {
            assertThatThrownBy(() -> at(T1).enrol(new Enroller.Request("ada", name, Map.of(), List.of(jpeg("a1"))), null, o -> { }))
                    .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
        }
        assertThat(at(T1).enrol(new Enroller.Request("zoe", "Zoë O'Brien-Łukasz 李", Map.of(), List.of(jpeg("a1"))), null, o -> { })
                .displayName()).isEqualTo("Zoë O'Brien-Łukasz 李");
    }

    @Test
    void a_new_name_or_metadata_for_an_enrolled_person_is_written_with_the_templates_kept() {
        Identity first = at(T0).enrol(new Enroller.Request(null, "Ada", Map.of("member", "1"), List.of(jpeg("a1"))), null, o -> { }).updated();

        Enrolment tagged = at(T1).enrol(new Enroller.Request("ada", null, Map.of("member", "2", "desk", "B"), List.of(jpeg("a1"))), first, o -> { });
        Enrolment renamed = at(T1).enrol(new Enroller.Request("ada", "Ada L.", Map.of(), List.of(jpeg("a1"))), first, o -> { });
        Enrolment same = at(T1).enrol(new Enroller.Request("ada", "Ada", Map.of("member", "1"), List.of(jpeg("a1"))), first, o -> { });

        assertThat(tagged.updated().getMetadata()).containsEntry("member", "2").containsEntry("desk", "B");
        assertThat(tagged.updated().getTemplates()).isEqualTo(first.getTemplates());
        assertThat(renamed.updated().getDisplayName()).isEqualTo("Ada L.");
        assertThat(same.changed()).isFalse();
        Enrolment nobody = at(T1).enrol(new Enroller.Request("bob", "Bob", Map.of("member", "3"), List.of(jpeg("noface"))), null, o -> { });
        assertThat(nobody.changed()).as("metadata alone never creates a person").isFalse();
    }

    @Test
    void no_record_is_made_for_a_person_none_of_whose_photos_gave_a_face() {
        Enrolment e = at(T0).enrol(new Enroller.Request(null, "Nobody", null, List.of(jpeg("noface"), Photo.of("empty.jpg", new byte[0]))),
                null, o -> { });
        assertThat(e.changed()).isFalse();
        assertThat(e.current()).isNull();
        assertThat(e.templates()).isZero();
        assertThat(e.rejections()).hasSize(2);
    }

    @Test
    void an_unreadable_file_is_a_rejection_with_its_reason() {
        Photo broken = new Photo() {
            @Override
            public String source() {
                return "locked.jpg";
            }

            @Override
            public byte[] read() throws PhotoException {
                throw new PhotoException(PhotoRejection.UNREADABLE, "cannot read the file: permission denied");
            }
        };
        Enrolment e = at(T0).enrol(new Enroller.Request(null, "Ada", null, List.of(broken, jpeg("a1"))), null, o -> { });
        assertThat(e.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(PhotoRejection.UNREADABLE);
            assertThat(r.message()).contains("permission denied");
        });
        assertThat(e.templates()).isEqualTo(1);
    }

    @Test
    void adding_photos_keeps_the_name_and_a_given_id_wins_over_the_slug() {
        Identity first = at(T0).enrol(new Enroller.Request("member-7", "Ada L.", null, List.of(jpeg("a1"))), null, o -> { }).updated();
        assertThat(first.getIdentityId()).isEqualTo("member-7");

        Enrolment added = at(T1).enrol(new Enroller.Request("member-7", null, null, List.of(jpeg("a2"))), first, o -> { });

        assertThat(added.updated().getDisplayName()).isEqualTo("Ada L.");
        assertThat(added.templates()).isEqualTo(2);
        assertThatThrownBy(() -> at(T1).enrol(new Enroller.Request(null, null, null, List.of(jpeg("a2"))), null, o -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> at(T1).enrol(new Enroller.Request("../x", "X", null, List.of(jpeg("a2"))), null, o -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void templates_of_another_model_are_replaced_not_mixed() {
        Identity old = at(T0).enrol(new Enroller.Request(null, "Ada", null, List.of(jpeg("a1"), jpeg("a2"))), null, o -> { }).updated();
        faces.model = "model-b";

        Enrolment e = at(T1).enrol(new Enroller.Request(null, "Ada", null, List.of(jpeg("a1"))), old, o -> { });

        assertThat(e.photos()).extracting(PhotoOutcome::status).containsExactly(PhotoOutcome.Status.ADDED);
        assertThat(e.updated().getModelId()).isEqualTo("model-b");
        assertThat(e.updated().getTemplates()).hasSize(1);
        assertThat(e.note()).contains("2 template(s) made with model model-a are replaced");
    }

    @Test
    void verification_compares_the_photos_one_clear_face_with_every_template_against_the_threshold() {
        Identity ada = at(T0).enrol(new Enroller.Request(null, "Ada", null, List.of(jpeg("a1"), jpeg("a2"))), null, o -> { }).updated();
        Verifier verifier = new Verifier(faces, 0.9);

        Verifier.Verification same = verifier.verify(ada, bytes(jpeg("a2")));
        assertThat(same.same()).isTrue();
        assertThat(same.similarity()).isEqualTo(1.0);
        assertThat(same.threshold()).isEqualTo(0.9);
        assertThat(verifier.verify(ada, bytes(jpeg("twofaces"))).reason()).as("verification takes a photo's face only when it is clearly its subject")
                .isEqualTo(PhotoRejection.SEVERAL_FACES);
        Verifier.Verification none = verifier.verify(ada, bytes(jpeg("noface")));
        assertThat(none.hasFace()).isFalse();
        assertThat(none.same()).isFalse();
        assertThat(none.reason()).isEqualTo(PhotoRejection.NO_FACE);
        assertThat(verifier.verify(ada, "hello".getBytes()).reason()).isEqualTo(PhotoRejection.UNREADABLE);
        faces.model = "model-b";
        assertThatThrownBy(() -> verifier.verify(ada, bytes(jpeg("a1")))).isInstanceOf(IllegalStateException.class).hasMessageContaining("enrol");
    }

    private static byte[] bytes(Photo p) {
        try {
            return p.read();
        } catch (PhotoException e) {
            throw new AssertionError(e);
        }
    }
}
