package io.footfall.cli;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.kafka.KafkaClients;
import io.footfall.runtime.streams.StreamsService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows how the Streams services' instances share their partitions: the consumer group of each, its members and lag. */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = {"Show each Streams service's consumer group: state, members, the partitions each owns, and lag",
                "",
                "One line a member, 'member CLIENT-ID host=ADDRESS partitions=topic-N,...', then each input partition's "
                        + "committed offset and lag. Scaling a service is adding members; partitions move between them."})
final class GroupsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "SERVICE", arity = "0..*",
            description = "detector, embedder or matcher (default: all three), or a consumer group id")
    List<String> services = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = services.isEmpty() ? Arrays.stream(PipelineService.values()).filter(s -> s != PipelineService.INGEST)
                .map(PipelineService::serviceName).toList() : services;
        List<String> groups = names.stream().map(n -> Arrays.stream(PipelineService.values()).anyMatch(s -> s.serviceName().equals(n))
                ? StreamsService.applicationId(n, config) : n).toList();
        Admin admin = KafkaClients.admin(config);
        try {
            Map<String, KafkaFuture<ConsumerGroupDescription>> described = admin.describeConsumerGroups(groups).describedGroups();
            for (String group : groups) {
                try {
                    describe(admin, described.get(group).get(30, TimeUnit.SECONDS), out);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    out.printf("group %s: not found (no instance has joined it yet)%n", group);
                }
            }
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
        return 0;
    }

    private static void describe(Admin admin, ConsumerGroupDescription group, PrintWriter out) throws Exception {
        List<MemberDescription> members = group.members().stream().sorted((a, b) -> a.host().compareTo(b.host())).toList();
        out.printf("group %s: %s, %d members%n", group.groupId(), group.groupState(), members.size());
        for (MemberDescription m : members) {
            String owned = m.assignment().topicPartitions().stream().sorted((a, b) -> a.toString().compareTo(b.toString()))
                    .map(TopicPartition::toString).collect(Collectors.joining(","));
            out.printf("  member %s host=%s partitions=%s%n", m.clientId(), m.host().replaceFirst("^/", ""), owned.isEmpty() ? "-" : owned);
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        admin.listOffsets(committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        long total = 0;
        StringBuilder each = new StringBuilder();
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long lag = c == null ? e.getValue() : Math.max(0, e.getValue() - c.offset());
            total += lag;
            each.append(each.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(c == null ? "-" : c.offset()).append('/')
                    .append(e.getValue());
        }
        out.printf("  lag %d (committed/end: %s)%n", total, each.length() == 0 ? "nothing committed yet" : each);
    }
}
