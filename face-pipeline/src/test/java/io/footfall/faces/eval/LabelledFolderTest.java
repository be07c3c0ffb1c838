package io.footfall.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledFolderTest {

    @TempDir
    Path dir;

    @Test
    void identity_folders_give_every_same_and_different_pair_mixed_for_cross_validation() throws Exception {
        for (String p : List.of("ada/1.jpg", "ada/2.png", "ada/3.webp", "bob/1.jpg", "bob/2.jpg", "cy/1.jpg", "ada/notes.txt", "stray.jpg",
                ".hidden/1.jpg")) {
            Files.createDirectories(dir.resolve(p).getParent());
            Files.write(dir.resolve(p), new byte[] {1});
        }

        LabelledFolder.Contents c = LabelledFolder.scan(List.of(dir));

        assertThat(c.identities()).extracting(LabelledFolder.Identity::name).containsExactly("ada", "bob", "cy");
        assertThat(c.photos()).isEqualTo(6);
        assertThat(c.skipped()).anyMatch(s -> s.startsWith("ada/notes.txt")).anyMatch(s -> s.startsWith("stray.jpg"));
        List<PhotoPair> pairs = LabelledFolder.allPairs(c.identities());
        // 3 + 1 same-person pairs; 3·2 + 3·1 + 2·1 different-person pairs
        assertThat(pairs).hasSize(15);
        assertThat(pairs.stream().filter(PhotoPair::same)).hasSize(4);
        assertThat(pairs.subList(0, 8)).anyMatch(PhotoPair::same).anyMatch(p -> !p.same());
        assertThat(LabelledFolder.allPairs(c.identities())).isEqualTo(pairs);
    }

    @Test
    void several_folders_never_merge_identities_and_an_empty_one_is_refused() throws Exception {
        Files.createDirectories(dir.resolve("a/ada"));
        Files.write(dir.resolve("a/ada/1.jpg"), new byte[] {1});
        Files.createDirectories(dir.resolve("b/ada"));
        Files.write(dir.resolve("b/ada/1.jpg"), new byte[] {1});
        assertThat(LabelledFolder.scan(List.of(dir.resolve("a"), dir.resolve("b"))).identities())
                .extracting(LabelledFolder.Identity::name).containsExactly("a/ada", "b/ada");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> LabelledFolder.scan(List.of(dir.resolve("empty")))).hasMessageContaining("no identity folder");
        assertThatThrownBy(() -> LabelledFolder.scan(List.of(dir.resolve("missing")))).hasMessageContaining("does not exist");
    }
}
