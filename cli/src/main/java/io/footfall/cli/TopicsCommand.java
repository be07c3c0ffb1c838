package io.footfall.cli;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.kafka.KafkaClients;
import io.footfall.runtime.kafka.TopicProvisioner;
import io.footfall.topics.Topic;
import io.footfall.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Creates Footfall's missing topics on a cluster and lists them. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create Footfall's missing topics (with their retention and compaction) and list them with partition counts")
final class TopicsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        PrintWriter out = spec.commandLine().getOut();
        Admin admin = KafkaClients.admin(config);
        try {
            List<String> created = TopicProvisioner.ensure(admin, config, List.copyOf(Topics.all()));
            Map<String, TopicDescription> described = admin.describeTopics(Topics.all().stream().map(Topic::name).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            out.printf("%-20s %10s  %-8s %s%n", "topic", "partitions", "", "carries");
            for (Topic<?, ?> t : Topics.all()) {
                out.printf("%-20s %10d  %-8s %s%n", t.name(), described.get(t.name()).partitions().size(),
                        created.contains(t.name()) ? "created" : "", t.description());
            }
        } finally {
            admin.close(Duration.ofSeconds(5)); // do not wait out the API timeout when the cluster is down
        }
        return 0;
    }
}
