package io.footfall.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.runtime.kafka.RegistryRoutes;
import io.footfall.runtime.ops.OpsServer;
import io.footfall.schema.Identity;
import io.footfall.schemas.registry.ConfluentRegistryClient;
import io.footfall.schemas.registry.InMemorySchemaRegistry;
import io.footfall.schemas.registry.IncompatibleSchemaException;
import io.footfall.schemas.registry.UnknownSchemaException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** The in-process registry over HTTP, read and written by Footfall's own Confluent REST client. */
class RegistryRoutesTest {

    @Test
    void the_confluent_client_registers_looks_up_and_fetches_through_the_routes() throws Exception {
        InMemorySchemaRegistry backing = new InMemorySchemaRegistry();
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            ops.route("/registry", new RegistryRoutes("/registry", backing));
            String url = "http://127.0.0.1:" + ops.port() + "/registry";
            ConfluentRegistryClient client = new ConfluentRegistryClient(url, Duration.ofSeconds(2), Duration.ofSeconds(5));
            Schema identity = Identity.getClassSchema();

            int id = client.register("identities-value", identity);
            assertThat(backing.schemaById(id)).isEqualTo(identity);
            assertThat(new ConfluentRegistryClient(url).idOf("identities-value", identity)).isEqualTo(id);
            assertThat(new ConfluentRegistryClient(url).schemaById(id)).isEqualTo(identity);

            assertThatThrownBy(() -> new ConfluentRegistryClient(url).schemaById(id + 1000)).isInstanceOf(UnknownSchemaException.class);
            Schema incompatible = SchemaBuilder.record("Identity").namespace("io.footfall.schema").fields()
                    .requiredString("somethingNew").endRecord();
            assertThatThrownBy(() -> client.register("identities-value", incompatible)).isInstanceOf(IncompatibleSchemaException.class);

            HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/subjects/x/versions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"schema\": \"not avro\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(422);
            assertThat(bad.body()).contains("\"error_code\":42201");
        }
    }
}
