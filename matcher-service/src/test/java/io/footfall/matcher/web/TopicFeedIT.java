package io.footfall.matcher.web;

import static io.footfall.matcher.web.WebFixtures.count;
import static io.footfall.matcher.web.WebFixtures.entered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.matcher.ApiAccess;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The page's feed on a real broker: every partition of both topics, history at start, live records, bad records skipped. */
class TopicFeedIT {

    @Test
    void reads_every_partition_from_before_it_started_and_live_and_skips_unreadable_records() throws Exception {
        // given: events and counts of cameras already on different partitions
        String run = UUID.randomUUID().toString().substring(0, 8);
        Config config = Config.of(CoreSettings.all(), Map.of("kafka.bootstrap-servers", TestKafka.bootstrapServers(), "registry.url", "in-process",
                "metrics.host", "127.0.0.1", "metrics.port", "0", "topics.partitions", "3"));
        Instant now = Instant.now();
        Instant window = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        try (ServiceContext context = ServiceContext.create(config);
             var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            context.ensureTopics(List.of(Topics.RECOGNITION_EVENTS, Topics.FOOTFALL_COUNTS));
            var events = context.serdes().valueSerde(Topics.RECOGNITION_EVENTS).serializer();
            var counts = context.serdes().valueSerde(Topics.FOOTFALL_COUNTS).serializer();
            String e = Topics.RECOGNITION_EVENTS.name();
            String c = Topics.FOOTFALL_COUNTS.name();
            // the topics may exist already, made by another test with fewer partitions
            int partitions = Math.min(3, Math.min(producer.partitionsFor(e).size(), producer.partitionsFor(c).size()));
            assertThat(partitions).as("partitions of the topics").isGreaterThanOrEqualTo(2);
            List<String> expected = new java.util.ArrayList<>();
            List<String> expectedCounts = new java.util.ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                String camera = "cam" + p + "-" + run;
                producer.send(new ProducerRecord<>(e, p, camera, events.serialize(e, entered(camera, "t1", "ada", "Ada", now)))).get();
                producer.send(new ProducerRecord<>(c, p, camera, counts.serialize(c, count(camera, window, 1, 1, 0)))).get();
                producer.send(new ProducerRecord<>(c, p, camera, counts.serialize(c, count(camera, window, 2, 1, 1)))).get();
                expected.add(camera + ":t1:ENTERED");
                expectedCounts.add(camera + "=2");
            }

            // when: a matcher's page starts
            try (WebPage page = WebPage.start(context, "web-feed-" + run, new ApiAccess("", "", 0))) {
                await().atMost(Duration.ofSeconds(30)).until(page::caughtUp);

                // then: it has the history of every partition, the latest count of each window
                assertThat(ids(page, run)).containsExactlyInAnyOrderElementsOf(expected);
                LocalDate today = window.atZone(ZoneOffset.UTC).toLocalDate();
                assertThat(page.counts().day(today)).filteredOn(x -> x.getCameraId().endsWith(run))
                        .extracting(x -> x.getCameraId() + "=" + x.getEntries())
                        .containsExactlyInAnyOrderElementsOf(expectedCounts);

                // and a record it cannot read is skipped, and live records keep coming
                producer.send(new ProducerRecord<>(e, 1, "cam1-" + run, new byte[] {0, 0, 0, 0, 42, 1, 2, 3})).get();
                producer.send(new ProducerRecord<>(e, 1, "cam1-" + run, events.serialize(e, entered("cam1-" + run, "t2", null, null, now)))).get();
                await().atMost(Duration.ofSeconds(10)).until(() -> ids(page, run).contains("cam1-" + run + ":t2:ENTERED"));
                assertThat(page.unreadable()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    private static List<String> ids(WebPage page, String run) {
        return page.events().snapshot().stream().map(RecentEvents.Item::id).filter(id -> id.contains(run)).toList();
    }
}
