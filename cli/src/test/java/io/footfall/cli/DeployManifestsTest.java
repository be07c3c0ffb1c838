package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.footfall.runtime.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The deployment files agree with the code: every Kubernetes manifest parses and names its kind,
 * every container runs a real footfall subcommand, and every FOOTFALL_* variable is a declared
 * setting (a typo there would otherwise be silently ignored by the container).
 */
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("..", "deploy");
    static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Set<String> SUBCOMMANDS = new CommandLine(new Footfall()).getSubcommands().keySet();
    static final Set<String> VARIABLES = AllSettings.all().stream().map(Setting::envName).collect(Collectors.toSet());

    @Test
    void kubernetes_manifests_run_real_commands_with_real_settings() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile());
                it.forEachRemaining(docs::add);
            }
        }
        assertThat(docs).isNotEmpty();
        for (JsonNode doc : docs) {
            if (doc.path("kind").asText().equals("Kustomization")) {
                doc.path("resources").forEach(r -> assertThat(DEPLOY.resolve("k8s").resolve(r.asText())).exists());
                continue;
            }
            assertThat(doc.path("apiVersion").asText()).as("apiVersion of %s", doc).isNotEmpty();
            assertThat(doc.path("metadata").path("name").asText()).as("name of %s", doc.path("kind")).isNotEmpty();
            doc.findValues("containers").forEach(containers -> containers.forEach(c -> {
                assertThat(SUBCOMMANDS).as("container %s", c.path("name")).contains(c.path("args").get(0).asText());
                c.path("env").forEach(e -> assertVariable(e.path("name").asText()));
            }));
            if (doc.path("kind").asText().equals("ConfigMap") || doc.path("kind").asText().equals("Secret")) {
                doc.path("data").fieldNames().forEachRemaining(DeployManifestsTest::assertVariable);
                doc.path("stringData").fieldNames().forEachRemaining(DeployManifestsTest::assertVariable);
            }
        }
    }

    @Test
    void compose_services_run_real_commands_with_real_settings() throws Exception {
        JsonNode compose = YAML.readTree(COMPOSE.toFile());
        int footfallServices = 0;
        for (Iterator<JsonNode> it = compose.path("services").elements(); it.hasNext(); ) {
            JsonNode service = it.next();
            if (service.path("image").asText().startsWith("footfall")) {
                footfallServices++;
                assertThat(SUBCOMMANDS).contains(service.path("command").get(0).asText());
                service.path("environment").fieldNames().forEachRemaining(DeployManifestsTest::assertVariable);
            }
        }
        assertThat(footfallServices).isPositive();
    }

    @Test
    void the_local_override_swaps_images_of_existing_services_for_the_ones_build_images_makes() throws Exception {
        JsonNode base = YAML.readTree(COMPOSE.toFile()).path("services");
        JsonNode local = YAML.readTree(DEPLOY.resolve("compose.local.yml").toFile()).path("services");
        String buildScript = Files.readString(Path.of("..", "scripts", "build-images.sh"));
        assertThat(local.size()).isPositive();
        for (Iterator<String> it = local.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode service = local.path(name);
            assertThat(base.has(name)).as("service %s of compose.local.yml is in docker-compose.yml", name).isTrue();
            String image = service.path("image").asText();
            assertThat(image).as("image of %s", name).matches("localhost/footfall(-prometheus)?:local");
            assertThat(buildScript).as("scripts/build-images.sh tags %s", image).contains(image.replace(":local", ":$TAG"));
            JsonNode command = service.has("command") ? service.path("command") : base.path(name).path("command");
            if (image.startsWith("localhost/footfall:")) {
                assertThat(SUBCOMMANDS).as("command of %s", name).contains(command.get(0).asText());
            }
            service.path("environment").fieldNames().forEachRemaining(DeployManifestsTest::assertVariable);
        }
    }

    static void assertVariable(String name) {
        if (name.startsWith("FOOTFALL_")) {
            assertThat(VARIABLES).as("FOOTFALL_ variable %s is not a declared setting", name).contains(name);
        }
    }
}
