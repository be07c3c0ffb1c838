package io.footfall.matcher.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrolmentFolderTest {

    @TempDir
    Path dir;

    @Test
    void both_layouts_are_read_and_names_with_the_same_id_are_one_person() throws Exception {
        Files.writeString(dir.resolve("audrey.jpg"), "x");
        Files.createDirectories(dir.resolve("Ada Lovelace"));
        Files.writeString(dir.resolve("Ada Lovelace/2.PNG"), "x");
        Files.writeString(dir.resolve("Ada Lovelace/1.jpeg"), "x");
        Files.writeString(dir.resolve("Ada Lovelace/notes.txt"), "x");
        Files.writeString(dir.resolve("Ada Lovelace/metadata.properties"), "member = 0042\ndesk=Zoë\n");
        Files.createDirectories(dir.resolve("Ada Lovelace/old"));
        Files.writeString(dir.resolve("ada_lovelace.jpg"), "x");
        Files.writeString(dir.resolve(".DS_Store"), "x");
        Files.writeString(dir.resolve("list.csv"), "x");
        Files.writeString(dir.resolve(".jpg"), "x");

        EnrolmentFolder.Contents contents = EnrolmentFolder.scan(dir);

        assertThat(contents.people()).extracting(EnrolmentFolder.Person::identityId).containsExactly("ada-lovelace", "audrey");
        EnrolmentFolder.Person ada = contents.people().get(0);
        assertThat(ada.displayName()).isEqualTo("Ada Lovelace");
        assertThat(ada.photos()).extracting(p -> dir.relativize(p).toString())
                .containsExactly("Ada Lovelace/1.jpeg", "Ada Lovelace/2.PNG", "ada_lovelace.jpg");
        assertThat(contents.photos()).isEqualTo(4);
        assertThat(ada.metadata()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("member", "0042", "desk", "Zoë"));
        assertThat(contents.people().get(1).metadata()).isEmpty();
        assertThat(contents.skipped()).containsExactlyInAnyOrder("Ada Lovelace/notes.txt: not a photo (.jpg, .jpeg, .png, .webp or .bmp)",
                "Ada Lovelace/old/: folders inside a person's folder are not read", "list.csv: not a photo (.jpg, .jpeg, .png, .webp or .bmp)");
    }

    @Test
    void a_missing_folder_or_a_file_is_refused_with_the_expected_layouts() throws Exception {
        assertThatThrownBy(() -> EnrolmentFolder.scan(dir.resolve("nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("DIR/<name>/*.jpg|png");
        Path file = Files.writeString(dir.resolve("a.jpg"), "x");
        assertThatThrownBy(() -> EnrolmentFolder.scan(file)).hasMessageContaining("is a file, not a folder");
        assertThat(EnrolmentFolder.scan(Files.createDirectories(dir.resolve("empty"))).people()).isEmpty();
    }
}
