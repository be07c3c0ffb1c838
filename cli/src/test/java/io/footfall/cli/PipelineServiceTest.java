package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.runtime.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every pipeline service of {@link PipelineService} is wired everywhere it has to be: a {@code footfall} subcommand, its
 * settings in the one configuration reference, a Kubernetes workload and a compose service running its command, and its
 * module in the build. ({@code footfall run} and {@code demo} read the list itself; demo's switch over it fails to compile
 * when an entry is missing.)
 */
class PipelineServiceTest {

    @Test
    void each_service_runs_as_a_footfall_subcommand() {
        assertThat(DeployManifestsTest.SUBCOMMANDS).containsAll(PipelineService.commands());
    }

    @Test
    void each_service_settings_are_in_the_configuration_reference() {
        List<Setting<?>> all = AllSettings.all();
        for (PipelineService service : PipelineService.values()) {
            assertThat(all).as("settings of %s", service).containsAll(service.settings());
        }
    }

    @Test
    void each_service_is_deployed_by_kubernetes_and_compose() throws Exception {
        Set<String> k8s = new HashSet<>();
        try (Stream<Path> files = Files.list(DeployManifestsTest.DEPLOY.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Iterator<JsonNode> it = DeployManifestsTest.YAML.readerFor(JsonNode.class).readValues(file.toFile());
                it.forEachRemaining(doc -> doc.findValues("containers")
                        .forEach(containers -> containers.forEach(c -> k8s.add(c.path("args").path(0).asText()))));
            }
        }
        Set<String> compose = new HashSet<>();
        JsonNode services = DeployManifestsTest.YAML.readTree(DeployManifestsTest.COMPOSE.toFile()).path("services");
        services.elements().forEachRemaining(s -> compose.add(s.path("command").path(0).asText()));
        assertThat(k8s).as("commands run by deploy/k8s").containsAll(PipelineService.commands());
        assertThat(compose).as("commands run by docker-compose.yml").containsAll(PipelineService.commands());
    }

    @Test
    void each_service_module_is_in_the_build() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        for (PipelineService service : PipelineService.values()) {
            assertThat(pom).as("root pom modules").contains("<module>" + service.module() + "</module>");
        }
    }

    @Test
    void services_start_downstream_first() {
        List<PipelineService> order = new ArrayList<>(PipelineService.startOrder());
        assertThat(order).first().isEqualTo(PipelineService.MATCHER);
        assertThat(order).last().isEqualTo(PipelineService.INGEST);
        assertThat(PipelineService.byCommand("detect")).isEqualTo(PipelineService.DETECTOR);
    }
}
