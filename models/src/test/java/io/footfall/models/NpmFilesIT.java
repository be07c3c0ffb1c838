package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Files from npm are used only after the tarball's sha512 matches the pinned integrity. */
class NpmFilesIT {

    @Test
    void a_tarball_with_the_wrong_integrity_is_refused_and_nothing_is_kept() throws Exception {
        String wrong = "sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";
        assertThatThrownBy(() -> NpmFiles.file("is-number", "6.0.0", wrong, "index.js"))
                .hasMessageContaining("integrity check failed")
                .hasMessageContaining("nothing was used");
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "footfall", "npm");
        assertThat(cache.resolve("is-number-6.0.0").resolve("index.js")).doesNotExist();
        try (var left = Files.list(cache)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pack-"));
        }
    }

    @Test
    void a_verified_file_is_extracted_once_and_reused() throws Exception {
        String integrity = "sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==";
        Path file = NpmFiles.file("is-number", "7.0.0", integrity, "index.js");
        assertThat(Files.readString(file)).contains("module.exports");
        assertThat(NpmFiles.file("is-number", "7.0.0", integrity, "index.js")).isEqualTo(file);
    }
}
