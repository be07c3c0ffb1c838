package io.footfall.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.runtime.kafka.RegistryRoutes;
import io.footfall.runtime.kafka.TopicProvisioner;
import io.footfall.runtime.ops.OpsServer;
import io.footfall.runtime.streams.StreamsService;
import io.footfall.schema.EventType;
import io.footfall.schemas.registry.InMemorySchemaRegistry;
import io.footfall.testing.ChildJvm;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topic;
import io.footfall.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling by partitions: two detectors and two matchers, each in a JVM of its own and in one
 * consumer group per service, share six cameras' partitions; one detector and one matcher killed
 * with SIGKILL in the middle of every camera's first visit hand their partitions to the survivors
 * once the group's session timeout has expired, the survivors go on from the last committed
 * offsets once the dead members' open transactions are aborted, and every visit still ends with
 * exactly one ENTERED and one LEFT event.
 */
class ScaleOutIT {

    static final int CAMERAS = 6;
    static final int PARTITIONS = 6;
    static final int VISITS = 2;
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    /** Frames 100 ms apart in wall-clock time per camera: twice real time. */
    static final Duration PACE = Duration.ofMillis(100);
    /**
     * A killed member's open transaction holds its partitions' committed offsets until it times out:
     * the survivor cannot start on them before. Below the session timeout, it is gone by the time the
     * partitions move (Kafka Streams' exactly-once default, 10 s, would delay the takeover by up to 14 s).
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The longest that open transaction can hold the partitions: its timeout plus the broker's
     * {@code transaction.abort.timed.out.transaction.cleanup.interval.ms} (10 s) before it aborts it.
     */
    static final Duration TRANSACTION_ABORT = TRANSACTION_TIMEOUT.plusSeconds(10);
    /** What a loaded 2-core machine may add to a rebalance or a resumption (rebalances measured: 0.1-1.2 s). */
    static final Duration SLACK = Duration.ofSeconds(12);

    @TempDir
    Path stateDir;

    @Test
    void two_instances_share_the_cameras_and_the_survivors_take_over_mid_visit_losing_and_doubling_nothing() throws Exception {
        long testStart = System.nanoTime();
        String bootstrap = TestKafka.bootstrapServers();
        String run = "scale-" + UUID.randomUUID().toString().substring(0, 6);
        // one schema registry for the five JVMs: the in-memory one, served over HTTP by this JVM
        try (OpsServer registry = OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
             Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            registry.route("/registry", new RegistryRoutes("/registry", new InMemorySchemaRegistry()));
            Map<String, String> settings = FaultHarness.settings(bootstrap, "http://127.0.0.1:" + registry.port() + "/registry",
                    stateDir.resolve("here"), run + "-");
            settings.put("topics.partitions", Integer.toString(PARTITIONS));
            settings.put("kafka.client.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
            settings.put("kafka.client.transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
            provisionTopics(admin, settings);
            String detectorGroup = StreamsService.applicationId("detector", FaultHarness.config(settings));
            String matcherGroup = StreamsService.applicationId("matcher", FaultHarness.config(settings));
            List<String> cameras = camerasOnDistinctPartitions(run);

            ExecutorService pool = Executors.newFixedThreadPool(4);
            Map<String, ChildJvm> children = new LinkedHashMap<>();
            List<FaultHarness.Subscriber> subscribers = new ArrayList<>();
            List<FaultHarness.Camera> feeds = new ArrayList<>();
            try (FaultHarness.Services embedder = new FaultHarness.Services(FaultHarness.config(settings), List.of("embedder"))) {
                // given two detectors and two matchers, each in its own JVM, started together
                long childrenStart = System.nanoTime();
                Map<String, Future<ChildJvm>> starting = new LinkedHashMap<>();
                for (String name : List.of("detector-a", "detector-b", "matcher-a", "matcher-b")) {
                    List<String> args = childArgs(name, settings);
                    starting.put(name, pool.submit(() -> ChildJvm.start(ServiceProcessMain.class, List.of("-Xmx512m"), args,
                            Duration.ofSeconds(120))));
                }
                // every start is waited for (ChildJvm kills one that is not ready in time), so none outlives the test
                Exception failed = null;
                for (var e : starting.entrySet()) {
                    try {
                        children.put(e.getKey(), e.getValue().get(150, TimeUnit.SECONDS));
                    } catch (ExecutionException | TimeoutException notStarted) {
                        failed = failed == null ? notStarted : failed;
                    }
                }
                if (failed != null) {
                    throw new AssertionError("a child JVM did not start", failed);
                }
                // and each group stable with both members owning partitions
                Map<String, Set<TopicPartition>> detectorsBefore = awaitAssignment(admin, detectorGroup, Topics.FRAMES, 2, Duration.ofSeconds(60));
                Map<String, Set<TopicPartition>> matchersBefore = awaitAssignment(admin, matcherGroup, Topics.EMBEDDINGS, 2, Duration.ofSeconds(60));
                System.out.printf("[footfall-test] scale-out: 4 child JVMs ready in %.1f s (%s); detectors own %s; matchers own %s%n",
                        seconds(System.nanoTime() - childrenStart), children.entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue().startup().toMillis() / 1000.0 + " s").collect(Collectors.joining(", ")),
                        describe(detectorsBefore), describe(matchersBefore));
                assertThat(detectorsBefore.values()).as("frames partitions per detector").hasSize(2).allSatisfy(p -> assertThat(p).isNotEmpty());
                assertThat(matchersBefore.values()).as("embeddings partitions per matcher").hasSize(2).allSatisfy(p -> assertThat(p).isNotEmpty());

                // and six cameras, one per partition, in the middle of their first visit
                for (String camera : cameras) {
                    subscribers.add(new FaultHarness.Subscriber(bootstrap, embedder.context.serdes(), camera));
                    feeds.add(new FaultHarness.Camera(bootstrap, embedder.context.serdes(), camera, VISITS));
                }
                play(feeds, FaultHarness.Camera.middleOfVisit(0));
                await().atMost(Duration.ofSeconds(60)).until(() -> subscribers.stream()
                        .allMatch(s -> s.events.stream().anyMatch(e -> e.getType() == EventType.ENTERED)));

                // when one detector and one matcher are killed with SIGKILL while the cameras go on
                long killed = System.nanoTime();
                children.get("detector-a").kill();
                children.get("matcher-a").kill();
                Future<?> rest = pool.submit(() -> {
                    play(feeds, Integer.MAX_VALUE);
                    return null;
                });

                // then each group's survivor owns every partition once the dead member's session has expired
                Takeover detectors = new Takeover(admin, detectorGroup, Topics.FRAMES, detectorsBefore);
                Takeover matchers = new Takeover(admin, matcherGroup, Topics.EMBEDDINGS, matchersBefore);
                Duration resumeBound = TRANSACTION_ABORT.plus(SLACK);
                long deadline = killed + resumeBound.plusSeconds(5).toNanos();
                while ((!detectors.resumed() || !matchers.resumed()) && System.nanoTime() < deadline) {
                    detectors.check(killed);
                    matchers.check(killed);
                    Thread.sleep(100);
                }
                rest.get(60, TimeUnit.SECONDS);
                System.out.printf("[footfall-test] scale-out: killed detector-a %s and matcher-a %s; %s; %s (session timeout %d s, transaction timeout %d s)%n",
                        owned(detectors, cameras), owned(matchers, cameras), detectors.report(), matchers.report(), SESSION_TIMEOUT.toSeconds(),
                        TRANSACTION_TIMEOUT.toSeconds());
                for (Takeover t : List.of(detectors, matchers)) {
                    assertThat(t.done()).as("%s: the survivor owns every partition", t.group).isTrue();
                    assertThat(t.killedPartitions()).as("%s: the killed member owned partitions", t.group).isNotEmpty();
                    assertThat(t.movedNanos).as("%s: partitions moved within the session timeout plus %d s", t.group, SLACK.toSeconds())
                            .isLessThan(SESSION_TIMEOUT.plus(SLACK).toNanos());
                    assertThat(t.resumed()).as("%s: the survivor processes the dead member's partitions", t.group).isTrue();
                    assertThat(t.resumedNanos).as("%s: processing resumed before the dead member's transaction was aborted plus %d s",
                            t.group, SLACK.toSeconds()).isLessThan(resumeBound.toNanos());
                }

                // and every visit, each camera's visit in progress at the kill included, has one ENTERED and one LEFT
                FaultHarness.assertEveryVisitCountedOnce(subscribers, VISITS, Duration.ofSeconds(90));
                long lastEvent = subscribers.stream().flatMap(s -> s.eventArrivals.stream()).mapToLong(i -> i.toEpochMilli()).max().orElseThrow();
                System.out.printf("[footfall-test] scale-out: %d visits on %d cameras counted once each; last event %.1f s after the kill;"
                                + " test %.1f s%n", VISITS * CAMERAS, CAMERAS,
                        (lastEvent - (System.currentTimeMillis() - (System.nanoTime() - killed) / 1_000_000)) / 1e3,
                        seconds(System.nanoTime() - testStart));
                assertThat(children.get("detector-b").alive()).isTrue();
                assertThat(children.get("matcher-b").alive()).isTrue();
            } finally {
                for (ChildJvm child : children.values()) {
                    child.kill();
                }
                pool.shutdownNow();
                subscribers.forEach(FaultHarness.Subscriber::close);
                feeds.forEach(FaultHarness.Camera::close);
            }
        }
    }

    /**
     * The catalogue's topics, with at least {@link #PARTITIONS} partitions for those keyed by camera:
     * created so, or widened when an earlier test of this JVM made them narrower.
     */
    private static void provisionTopics(Admin admin, Map<String, String> settings) throws Exception {
        TopicProvisioner.ensure(admin, FaultHarness.config(settings), List.copyOf(Topics.all()));
        List<String> cameraTopics = Topics.all().stream().filter(Topic::keyedByCamera).map(Topic::name).toList();
        Map<String, NewPartitions> widen = new HashMap<>();
        admin.describeTopics(cameraTopics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) -> {
            if (d.partitions().size() < PARTITIONS) {
                widen.put(name, NewPartitions.increaseTo(PARTITIONS));
            }
        });
        if (!widen.isEmpty()) {
            admin.createPartitions(widen).all().get(30, TimeUnit.SECONDS);
            System.out.println("[footfall-test] scale-out: widened " + new TreeSet<>(widen.keySet()) + " to " + PARTITIONS + " partitions");
        }
    }

    /** One camera id per partition, as Kafka's default partitioner places a String key. */
    static List<String> camerasOnDistinctPartitions(String prefix) {
        String[] byPartition = new String[PARTITIONS];
        int found = 0;
        for (int i = 0; i < 10_000 && found < PARTITIONS; i++) {
            String id = prefix + "-cam" + i;
            int p = partitionOf(id);
            if (byPartition[p] == null) {
                byPartition[p] = id;
                found++;
            }
        }
        assertThat(found).as("cameras found for every partition").isEqualTo(PARTITIONS);
        return List.of(byPartition);
    }

    static int partitionOf(String camera) {
        return Utils.toPositive(Utils.murmur2(camera.getBytes(UTF_8))) % PARTITIONS;
    }

    private static List<String> childArgs(String name, Map<String, String> settings) {
        Map<String, String> own = new LinkedHashMap<>(settings);
        own.put("streams.state-dir", settings.get("streams.state-dir") + "-" + name);
        List<String> args = new ArrayList<>(List.of(name.substring(0, name.indexOf('-'))));
        own.forEach((k, v) -> args.add(k + "=" + v));
        return args;
    }

    /** The next {@code frames} shots of every camera, one each per {@link #PACE}. */
    private static void play(List<FaultHarness.Camera> feeds, int frames) throws InterruptedException {
        int total = Math.min(frames, feeds.get(0).shots.size());
        while (feeds.get(0).next < total) {
            for (FaultHarness.Camera feed : feeds) {
                feed.play(1, Duration.ZERO);
            }
            Thread.sleep(PACE.toMillis());
        }
    }

    /** Waits until {@code group} is stable with {@code members} members that own every partition of {@code topic}. */
    static Map<String, Set<TopicPartition>> awaitAssignment(Admin admin, String group, Topic<?, ?> topic, int members, Duration within) {
        AtomicReference<Map<String, Set<TopicPartition>>> seen = new AtomicReference<>();
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, Set<TopicPartition>> now = assignment(admin, group, topic);
            seen.set(now);
            return now != null && now.size() == members && covered(now) == PARTITIONS;
        });
        return seen.get();
    }

    /** Member id to its partitions of {@code topic}, or null while the group is not stable. */
    static Map<String, Set<TopicPartition>> assignment(Admin admin, String group, Topic<?, ?> topic) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
        if (d.groupState() != GroupState.STABLE) {
            return null;
        }
        Map<String, Set<TopicPartition>> byMember = new LinkedHashMap<>();
        for (MemberDescription m : d.members()) {
            byMember.put(m.consumerId(), m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic.name()))
                    .collect(Collectors.toCollection(() -> new TreeSet<>((x, y) -> Integer.compare(x.partition(), y.partition())))));
        }
        return byMember;
    }

    static int covered(Map<String, Set<TopicPartition>> assignment) {
        return (int) assignment.values().stream().flatMap(Set::stream).distinct().count();
    }

    static String describe(Map<String, Set<TopicPartition>> assignment) {
        return assignment.values().stream().map(ScaleOutIT::partitions).collect(Collectors.joining(" and "));
    }

    static String partitions(Set<TopicPartition> tps) {
        return tps.stream().map(tp -> Integer.toString(tp.partition())).collect(Collectors.joining(",", "[", "]"));
    }

    private static String owned(Takeover t, List<String> cameras) {
        Set<Integer> killed = t.killedPartitions().stream().map(TopicPartition::partition).collect(Collectors.toSet());
        return "(" + t.topic.name() + " " + partitions(t.killedPartitions()) + ": " + cameras.stream().filter(c -> killed.contains(partitionOf(c)))
                .collect(Collectors.joining(", ")) + ")";
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /**
     * One group's takeover after a member was killed: when the member left the group, when the survivor
     * owned everything, and when the survivor's first commit on the dead member's partitions showed that
     * their processing had resumed.
     */
    static final class Takeover {
        final Admin admin;
        final String group;
        final Topic<?, ?> topic;
        final Map<String, Set<TopicPartition>> before;
        /** Committed offsets when the dead member left the group: nobody can commit on its partitions until they move. */
        Map<TopicPartition, Long> committedAtLeave;
        long leftNanos = -1;
        long movedNanos = -1;
        long resumedNanos = -1;
        Map<String, Set<TopicPartition>> after;

        Takeover(Admin admin, String group, Topic<?, ?> topic, Map<String, Set<TopicPartition>> before) {
            this.admin = admin;
            this.group = group;
            this.topic = topic;
            this.before = before;
        }

        boolean done() {
            return movedNanos >= 0;
        }

        boolean resumed() {
            return resumedNanos >= 0;
        }

        void check(long killed) throws Exception {
            if (resumed()) {
                return;
            }
            if (!done()) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
                if (leftNanos < 0 && d.members().size() < before.size()) {
                    leftNanos = System.nanoTime() - killed;
                    committedAtLeave = committed();
                }
                Map<String, Set<TopicPartition>> now = assignment(admin, group, topic);
                if (now != null && now.size() == 1 && covered(now) == PARTITIONS && before.containsKey(now.keySet().iterator().next())) {
                    movedNanos = System.nanoTime() - killed;
                    after = now;
                }
            }
            if (done() && committedAtLeave != null) {
                Map<TopicPartition, Long> now = committed();
                if (killedPartitions().stream().anyMatch(tp -> now.getOrDefault(tp, -1L) > committedAtLeave.getOrDefault(tp, -1L))) {
                    resumedNanos = System.nanoTime() - killed;
                }
            }
        }

        private Map<TopicPartition, Long> committed() throws Exception {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .forEach((tp, o) -> offsets.put(tp, o == null ? -1L : o.offset()));
            return offsets;
        }

        /** What the member that is gone owned before the kill. */
        Set<TopicPartition> killedPartitions() {
            if (after == null) {
                return Set.of();
            }
            return before.entrySet().stream().filter(e -> !after.containsKey(e.getKey())).findFirst().map(Map.Entry::getValue).orElse(Set.of());
        }

        String report() {
            return String.format("%s: the dead member left the group %.1f s after the kill, the survivor owned all %d partitions %.1f s"
                    + " and committed on the dead member's %.1f s after it", group, seconds(leftNanos), PARTITIONS, seconds(movedNanos),
                    seconds(resumedNanos));
        }
    }
}
