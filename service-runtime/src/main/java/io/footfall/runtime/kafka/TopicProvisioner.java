package io.footfall.runtime.kafka;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.topics.Topic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's missing topics with their declared retention and compaction, and warns
 * when a camera-keyed topic has fewer partitions than configured (it then cannot use more workers).
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {}

    /** Returns the names of the topics it created. */
    public static List<String> ensure(Admin admin, Config config, Collection<Topic<?, ?>> topics) {
        int partitions = config.get(CoreSettings.PARTITIONS);
        short replication = config.get(CoreSettings.REPLICATION_FACTOR).shortValue();
        int maxMessageBytes = config.get(CoreSettings.MAX_MESSAGE_BYTES);
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> t : topics) {
                if (!existing.contains(t.name())) {
                    missing.add(t.newTopic(t.keyedByCamera() ? partitions : t.defaultPartitions(), replication, maxMessageBytes));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            if (!created.isEmpty()) {
                log.info("Created topics {}", created);
            }
            warnAboutPartitions(admin, topics, partitions);
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create Footfall's topics at " + config.get(CoreSettings.BOOTSTRAP_SERVERS)
                    + ": " + e.getCause().getMessage() + ". Create them yourself or grant this client CreateTopics.", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.get(CoreSettings.BOOTSTRAP_SERVERS)
                    + " did not answer within 30 s; check that the cluster is up and kafka.bootstrap-servers"
                    + " (--bootstrap host:port, or FOOTFALL_KAFKA_BOOTSTRAP_SERVERS) points at it.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    private static void warnAboutPartitions(Admin admin, Collection<Topic<?, ?>> topics, int wanted)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> cameraTopics = topics.stream().filter(Topic::keyedByCamera).map(Topic::name).toList();
        Map<String, TopicDescription> described = null;
        // a topic created a moment ago may not be in the broker's metadata yet: ask again for a few seconds
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (described == null) {
            try {
                described = admin.describeTopics(cameraTopics).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    log.warn("Could not check the partitions of {}: {}", cameraTopics, e.getCause().getMessage());
                    return;
                }
                Thread.sleep(100);
            }
        }
        described.forEach((name, d) -> {
            if (d.partitions().size() < wanted) {
                log.warn("Topic {} has {} partitions, fewer than topics.partitions={}: at most {} instances can share its work",
                        name, d.partitions().size(), wanted, d.partitions().size());
            }
        });
    }
}
