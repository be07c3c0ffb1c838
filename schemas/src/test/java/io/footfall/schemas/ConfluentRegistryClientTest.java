package io.footfall.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.schema.Frame;
import io.footfall.schemas.registry.ConfluentRegistryClient;
import io.footfall.schemas.registry.RegistryUnavailableException;
import io.footfall.schemas.registry.SchemaRegistryException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfluentRegistryClientTest {

    @Test
    void an_unreachable_registry_is_reported_with_its_url_and_the_fix() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        var client = new ConfluentRegistryClient("http://127.0.0.1:" + closedPort, Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("http://127.0.0.1:" + closedPort)
                .hasMessageContaining("registry URL setting");
    }

    @Test
    void credentials_in_the_url_never_appear_in_messages() {
        var client = new ConfluentRegistryClient("http://alice:s3cret@127.0.0.1:1/", Duration.ofMillis(200), Duration.ofMillis(500));
        assertThat(client.location()).isEqualTo("http://127.0.0.1:1");
        assertThatThrownBy(() -> client.register("frames-value", Frame.getClassSchema()))
                .isInstanceOf(RegistryUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("alice"));
    }

    @Test
    void a_url_that_is_not_http_is_refused_up_front() {
        assertThatThrownBy(() -> new ConfluentRegistryClient("localhost:8081"))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("http://");
    }
}
