package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.kafka.embedded.EmbeddedKafka;
import io.footfall.matcher.MatcherService;
import io.footfall.matcher.MatcherSettings;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka client security passed through from configuration ({@code kafka.client.*}): against a broker whose listener
 * requires SASL/PLAIN, the CLI's admin client and a service's Streams, producers and consumers all authenticate with the
 * configured credentials, and wrong credentials stop a command at once with what to check, never the password.
 */
class KafkaSecurityIT {

    static final String PASSWORD = "broker-password-of-the-test";

    @TempDir
    Path dir;

    @Test
    void a_broker_that_requires_sasl_is_reached_with_the_configured_credentials() throws Exception {
        int plain = freePort();
        int sasl = freePort();
        String listeners = "PLAINTEXT://127.0.0.1:" + plain + ",SASL://127.0.0.1:" + sasl;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).controllerPort(freePort())
                .listeners(listeners, listeners)
                .property("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                .property("sasl.enabled.mechanisms", "PLAIN")
                .property("listener.name.sasl.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_footfall=\"" + PASSWORD + "\";")
                .start()) {
            String bootstrap = "127.0.0.1:" + sasl;

            // wrong credentials: refused at once, with the settings to check, and the password is not echoed
            FootfallCliTest.Result wrong = FootfallCliTest.run(withSecurity(List.of("topics", "--bootstrap", bootstrap), "not-the-password"));
            assertThat(wrong.code()).as(wrong.err()).isEqualTo(2);
            assertThat(wrong.err()).contains("the Kafka cluster refused this client", "Authentication failed", "kafka.client.sasl.jaas.config")
                    .doesNotContain("not-the-password");

            // the right ones: the admin client creates the topics
            FootfallCliTest.Result topics = FootfallCliTest.run(withSecurity(List.of("topics", "--bootstrap", bootstrap), PASSWORD));
            assertThat(topics.code()).as(topics.err()).isZero();
            assertThat(topics.out()).contains("recognition-events", "created");

            // and a service's Streams (producers, consumers, admin) and its web page's consumer run on the SASL listener
            Map<String, String> settings = new LinkedHashMap<>(Map.of("kafka.bootstrap-servers", bootstrap, "registry.url", "in-process",
                    "metrics.host", "127.0.0.1", "metrics.port", "0", "streams.state-dir", dir.resolve("state").toString(),
                    "streams.application-id-prefix", "sasl-", "topics.partitions", "1"));
            settings.putAll(security(PASSWORD));
            List<Setting<?>> declared = new ArrayList<>(CoreSettings.all());
            declared.addAll(MatcherSettings.all());
            try (ServiceContext context = ServiceContext.create(Config.of(declared, settings))) {
                MatcherService matcher = new MatcherService(context);
                matcher.start();
                try {
                    await().atMost(Duration.ofSeconds(90)).until(() -> matcher.streams().state() == KafkaStreams.State.RUNNING
                            && matcher.web().caughtUp());
                } finally {
                    matcher.close();
                }
            }
        }
    }

    private static String[] withSecurity(List<String> command, String password) {
        List<String> args = new ArrayList<>(command);
        security(password).forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args.toArray(String[]::new);
    }

    private static Map<String, String> security(String password) {
        return Map.of("kafka.client.security.protocol", "SASL_PLAINTEXT", "kafka.client.sasl.mechanism", "PLAIN",
                "kafka.client.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"footfall\" "
                        + "password=\"" + password + "\";");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
