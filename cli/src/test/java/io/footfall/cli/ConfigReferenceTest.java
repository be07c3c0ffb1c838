package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The configuration reference in the docs is generated from the declarations, never written twice. */
class ConfigReferenceTest {

    @Test
    void docs_configuration_matches_the_declared_settings() throws Exception {
        String generated = FootfallCliTest.run("config", "--markdown").out();
        String doc = Files.readString(Path.of("..", "docs", "CONFIGURATION.md"));
        assertThat(doc)
                .as("docs/CONFIGURATION.md is stale: regenerate its table with ./footfall config --markdown")
                .contains(generated.strip());
    }
}
