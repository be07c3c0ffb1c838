package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.runtime.kafka.SchemaRegistries;
import io.footfall.schema.EventType;
import io.footfall.testing.ChildJvm;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped (cleanly, or killed with SIGKILL) and started again in the middle of a visit
 * (same data, same port), while the camera keeps sending: the camera's producer holds its frames
 * until the broker is back, the services' clients reconnect and their exactly-once transactions
 * resume, and every visit is still counted exactly once. The broker is an embedded one in a JVM
 * of its own that this test controls, not the shared test cluster.
 */
class BrokerRestartFaultIT {

    static final int VISITS = 2;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void a_broker_restart_mid_stream_loses_and_duplicates_nothing(String signal) throws Exception {
        String camera = "broker-" + signal.toLowerCase(java.util.Locale.ROOT);
        int port = freePort();
        List<String> brokerArgs = List.of(dir.resolve("kafka").toString(), Integer.toString(port));
        ChildJvm kafka = ChildJvm.start(BrokerProcessMain.class, List.of("-Xmx768m"), brokerArgs, Duration.ofSeconds(60));
        String bootstrap = "127.0.0.1:" + port;
        Map<String, String> settings = FaultHarness.settings(bootstrap, SchemaRegistries.IN_PROCESS, dir.resolve("streams"), camera + "-");
        try (FaultHarness.Services services = new FaultHarness.Services(FaultHarness.config(settings), List.of("matcher", "embedder", "detector"));
             FaultHarness.Subscriber subscriber = new FaultHarness.Subscriber(bootstrap, services.context.serdes(), camera);
             FaultHarness.Camera frames = new FaultHarness.Camera(bootstrap, services.context.serdes(), camera, VISITS)) {
            // given the first visit under way
            frames.play(FaultHarness.Camera.middleOfVisit(0), Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.events.stream().anyMatch(e -> e.getType() == EventType.ENTERED));

            // when the broker stops while the camera goes on, and starts again 3 s later
            long stopped = System.nanoTime();
            if (signal.equals("SIGKILL")) {
                kafka.kill();
            } else {
                kafka.stop(Duration.ofSeconds(30));
            }
            CompletableFuture<Void> camera2 = CompletableFuture.runAsync(() -> {
                try {
                    frames.playAll(Duration.ofMillis(100));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(3_000);
            long restarting = System.nanoTime();
            kafka = ChildJvm.start(BrokerProcessMain.class, List.of("-Xmx768m"), brokerArgs, Duration.ofSeconds(60));
            System.out.printf("[footfall-test] broker (%s) down %.1f s, restarted in %.1f s%n", signal, (restarting - stopped) / 1e9,
                    (System.nanoTime() - restarting) / 1e9);
            camera2.get();

            // then every visit is counted exactly once, and the services are up
            FaultHarness.assertEveryVisitCountedOnce(subscriber, VISITS, Duration.ofSeconds(90));
            int last = subscriber.eventArrivals.size() - 1;
            System.out.printf("[footfall-test] broker (%s): last event %.1f s after the broker stopped%n", signal,
                    (subscriber.eventArrivals.get(last).toEpochMilli() - (System.currentTimeMillis() - (System.nanoTime() - stopped) / 1_000_000)) / 1e3);
            services.started.values().forEach(s -> assertThat(s.health().up()).as(s.name() + " is up").isTrue());
        } finally {
            kafka.kill();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
