package io.footfall.matcher.web;

import io.footfall.schema.FootfallCount;
import io.footfall.schema.RecognitionEvent;
import io.footfall.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code recognition-events} and {@code footfall-counts} for the web page, on its own thread. It assigns
 * itself every partition of both topics (no consumer group), so each matcher instance's page shows the events
 * and counts of all cameras, not only of the partitions its Streams threads own. At start it rewinds each
 * events partition by the ring's capacity and each counts partition to the counts' horizon; it reads committed
 * records only (the matcher writes with exactly-once transactions). New partitions are picked up. Once caught up,
 * each batch of count updates is announced to the page's event streams as one {@code counts} notice per day.
 */
public final class TopicFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicFeed.class);
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);
    /** The SSE event name of the notice that footfall counts changed. */
    public static final String COUNTS_NOTICE = "counts";

    private final Consumer<String, byte[]> consumer;
    private final Deserializer<RecognitionEvent> eventReader;
    private final Deserializer<FootfallCount> countReader;
    private final RecentEvents events;
    private final int rewind;
    private final FootfallCounts counts;
    private final Clock clock;
    private final Thread thread;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile long unreadable;

    public TopicFeed(Consumer<String, byte[]> consumer, Deserializer<RecognitionEvent> eventReader, Deserializer<FootfallCount> countReader,
                     RecentEvents events, int rewind, FootfallCounts counts, Clock clock) {
        this.consumer = consumer;
        this.eventReader = eventReader;
        this.countReader = countReader;
        this.events = events;
        this.rewind = rewind;
        this.counts = counts;
        this.clock = clock;
        this.thread = new Thread(this::loop, "footfall-web-feed");
        this.thread.setDaemon(true);
    }

    public TopicFeed start() {
        thread.start();
        return this;
    }

    /** Whether the feed has read up to where the topics were when it (last) assigned partitions. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public long unreadable() {
        return unreadable;
    }

    private void loop() {
        long nextRefresh = 0;
        Map<TopicPartition, Long> startEnds = Map.of();
        int failures = 0;
        try {
            while (running) {
                try {
                    if (System.currentTimeMillis() >= nextRefresh) {
                        Map<TopicPartition, Long> ends = assignNewPartitions();
                        if (!ends.isEmpty()) {
                            startEnds = ends;
                            caughtUp = false;
                        }
                        nextRefresh = System.currentTimeMillis() + PARTITION_REFRESH.toMillis();
                    }
                    Map<String, Set<String>> changed = new java.util.TreeMap<>();
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        read(r, changed);
                    }
                    if (caughtUp) {
                        // one notice per day and poll, however many counts changed: the page then reloads that day
                        changed.forEach((day, cameras) -> events.notice(COUNTS_NOTICE, Json.write(Map.of("day", day, "cameras", cameras))));
                    }
                    if (!caughtUp) {
                        Map<TopicPartition, Long> target = startEnds;
                        caughtUp = target.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                    }
                    failures = 0;
                } catch (WakeupException stopping) {
                    throw stopping;
                } catch (RuntimeException e) {
                    // a broker that is away: the page shows what it has and catches up when the broker is back
                    failures++;
                    if (failures == 1) {
                        log.warn("The web page's feed of events and counts cannot read Kafka ({}); retrying", e.toString());
                    }
                    nextRefresh = 0;
                    Thread.sleep(Math.min(10_000, 500L * failures));
                }
            }
        } catch (WakeupException | InterruptedException stopping) {
            // close() woke the poll
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void read(ConsumerRecord<String, byte[]> r, Map<String, Set<String>> changedCounts) {
        if (r.value() == null) {
            return;
        }
        try {
            if (r.topic().equals(Topics.RECOGNITION_EVENTS.name())) {
                events.add(eventReader.deserialize(r.topic(), r.headers(), r.value()));
            } else {
                FootfallCount count = countReader.deserialize(r.topic(), r.headers(), r.value());
                counts.put(count);
                changedCounts.computeIfAbsent(count.getWindowStart().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString(),
                        day -> new java.util.TreeSet<>()).add(count.getCameraId());
            }
        } catch (RuntimeException e) {
            unreadable++;
            log.warn("Skipping an unreadable record at {}-{}@{} for the web page: {}", r.topic(), r.partition(), r.offset(), e.toString());
        }
    }

    /** Assigns partitions not assigned yet and seeks them to where the page's history starts; returns their end offsets. */
    private Map<TopicPartition, Long> assignNewPartitions() {
        List<TopicPartition> fresh = new ArrayList<>();
        for (String topic : List.of(Topics.RECOGNITION_EVENTS.name(), Topics.FOOTFALL_COUNTS.name())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null) {
                continue;
            }
            for (PartitionInfo p : partitions) {
                TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                if (!assigned.contains(tp)) {
                    fresh.add(tp);
                }
            }
        }
        if (fresh.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> since = new HashMap<>();
        long horizon = clock.millis() - counts.keep().toMillis();
        for (TopicPartition tp : fresh) {
            if (tp.topic().equals(Topics.FOOTFALL_COUNTS.name())) {
                since.put(tp, horizon);
            }
        }
        // assigned before their offsets are looked up (a read_committed consumer warns about offsets of partitions it
        // does not hold), and given back if a lookup fails, so nothing stays half assigned
        List<TopicPartition> all = new ArrayList<>(assigned);
        all.addAll(fresh);
        consumer.assign(all);
        Map<TopicPartition, Long> begins;
        Map<TopicPartition, Long> ends;
        Map<TopicPartition, OffsetAndTimestamp> at;
        try {
            begins = consumer.beginningOffsets(fresh);
            ends = consumer.endOffsets(fresh);
            at = since.isEmpty() ? Map.of() : consumer.offsetsForTimes(since);
        } catch (RuntimeException e) {
            consumer.assign(new ArrayList<>(assigned));
            throw e;
        }
        assigned.addAll(fresh);
        for (TopicPartition tp : fresh) {
            if (since.containsKey(tp)) {
                OffsetAndTimestamp o = at.get(tp);
                consumer.seek(tp, o == null ? ends.get(tp) : o.offset());
            } else {
                consumer.seek(tp, Math.max(begins.get(tp), ends.get(tp) - rewind));
            }
        }
        log.info("The web page reads {} new partitions of {} and {}", fresh.size(), Topics.RECOGNITION_EVENTS.name(), Topics.FOOTFALL_COUNTS.name());
        return ends;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
