package io.footfall.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A broker in a container is reached by one name inside its network and another from the host: two listeners. */
class EmbeddedKafkaListenersTest {

    @Test
    void every_listener_is_served_as_plaintext_with_the_first_between_brokers_and_the_controller_on_loopback() {
        Properties props = new Properties();
        EmbeddedKafka.putListeners(props, "PLAINTEXT://:9092,HOST://:9094", "PLAINTEXT://kafka:9092,HOST://localhost:9094", 9093);
        assertThat(props.getProperty("listeners")).isEqualTo("PLAINTEXT://:9092,HOST://:9094,CONTROLLER://127.0.0.1:9093");
        assertThat(props.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://kafka:9092,HOST://localhost:9094");
        assertThat(props.getProperty("listener.security.protocol.map")).isEqualTo("CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,HOST:PLAINTEXT");
        assertThat(props.getProperty("inter.broker.listener.name")).isEqualTo("PLAINTEXT");
    }

    @Test
    void a_bad_listener_is_refused_with_a_message_naming_it() {
        assertThatThrownBy(() -> EmbeddedKafka.listenersOf("PLAINTEXT://:9092,kafka:9094", "listeners"))
                .hasMessageContaining("bad entry 'kafka:9094'").hasMessageContaining("NAME://host:port");
        assertThatThrownBy(() -> EmbeddedKafka.listenersOf("PLAINTEXT://:9092,PLAINTEXT://:9094", "listeners"))
                .hasMessageContaining("PLAINTEXT twice");
        assertThatThrownBy(() -> EmbeddedKafka.listenersOf("CONTROLLER://:9093", "listeners")).hasMessageContaining("controller's own");
        assertThatThrownBy(() -> EmbeddedKafka.putListeners(new Properties(), "PLAINTEXT://:9092", "HOST://localhost:9094", 9093))
                .hasMessageContaining("advertises listener HOST, which it does not serve");
    }
}
