package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCacheTest {

    @Test
    void theCommandLineOptionWinsOverTheEnvironment() {
        assertThat(ModelCache.resolve(Path.of("/opt/models"), Map.of(ModelCache.ENV, "/env/models"), "/home/u").dir())
                .isEqualTo(Path.of("/opt/models"));
    }

    @Test
    void theEnvironmentWinsOverTheDefault() {
        assertThat(ModelCache.resolve(null, Map.of(ModelCache.ENV, "/env/models"), "/home/u").dir()).isEqualTo(Path.of("/env/models"));
    }

    @Test
    void defaultsToTheUsersCacheFolder() {
        assertThat(ModelCache.resolve(null, Map.of(), "/home/u").dir()).isEqualTo(Path.of("/home/u/.cache/footfall/models"));
    }
}
