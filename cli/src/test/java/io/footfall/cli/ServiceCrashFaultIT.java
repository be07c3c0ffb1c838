package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.schema.EventType;
import io.footfall.testing.ApicurioRegistry;
import io.footfall.testing.ChildJvm;
import io.footfall.testing.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The detector or the embedder killed with SIGKILL in the middle of a visit and started again:
 * frames wait in Kafka meanwhile, the restarted service takes over the partitions once the dead
 * member's session expires, the killed instance's open transaction never becomes visible, and
 * every visit is still counted exactly once. (The matcher's own crash is MatcherCrashIT.)
 */
class ServiceCrashFaultIT {

    static final int VISITS = 2;
    static ApicurioRegistry apicurio;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void registry() throws Exception {
        Optional<Path> java21 = ApicurioRegistry.findJava21();
        Assumptions.assumeTrue(java21.isPresent(), "SKIPPED: the crash test needs a registry shared by two JVMs (Apicurio, Java 21+)");
        apicurio = ApicurioRegistry.start(java21.get());
    }

    @AfterAll
    static void stopRegistry() {
        if (apicurio != null) {
            apicurio.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"detector", "embedder"})
    void a_service_killed_mid_visit_and_restarted_loses_and_duplicates_nothing(String victim) throws Exception {
        String camera = "kill-" + victim + "-" + UUID.randomUUID().toString().substring(0, 6);
        String bootstrap = TestKafka.bootstrapServers();
        Map<String, String> settings = FaultHarness.settings(bootstrap, apicurio.confluentApiUrl(), stateDir.resolve("here"), camera + "-");
        List<String> others = new ArrayList<>(List.of("matcher", "embedder", "detector"));
        others.remove(victim);
        List<String> childArgs = new ArrayList<>(List.of(victim));
        Map<String, String> childSettings = new java.util.LinkedHashMap<>(settings);
        childSettings.put("streams.state-dir", stateDir.resolve("child").toString());
        childSettings.forEach((k, v) -> childArgs.add(k + "=" + v));
        try (FaultHarness.Services services = new FaultHarness.Services(FaultHarness.config(settings), others);
             FaultHarness.Subscriber subscriber = new FaultHarness.Subscriber(bootstrap, services.context.serdes(), camera);
             FaultHarness.Camera frames = new FaultHarness.Camera(bootstrap, services.context.serdes(), camera, VISITS)) {
            // given the pipeline with the victim in its own JVM, and the first visit under way
            ChildJvm child = ChildJvm.start(ServiceProcessMain.class, List.of("-Xmx512m"), childArgs, Duration.ofSeconds(90));
            frames.play(FaultHarness.Camera.middleOfVisit(0), Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.events.stream().anyMatch(e -> e.getType() == EventType.ENTERED));

            // when it is killed with SIGKILL, the camera goes on, and it is started again
            long killed = System.nanoTime();
            child.kill();
            frames.playAll(Duration.ofMillis(100));
            ChildJvm restarted = ChildJvm.start(ServiceProcessMain.class, List.of("-Xmx512m"), childArgs, Duration.ofSeconds(90));
            try {
                // then every visit is counted exactly once
                FaultHarness.assertEveryVisitCountedOnce(subscriber, VISITS, Duration.ofSeconds(90));
                int last = subscriber.eventArrivals.size() - 1;
                System.out.printf("[footfall-test] %s killed: restarted JVM ready in %.1f s; last event %.1f s after the kill%n", victim,
                        restarted.startup().toMillis() / 1e3, (subscriber.eventArrivals.get(last).toEpochMilli()
                                - (System.currentTimeMillis() - (System.nanoTime() - killed) / 1_000_000)) / 1e3);
                assertThat(restarted.alive()).isTrue();
            } finally {
                restarted.kill();
            }
        }
    }
}
