package io.footfall.matcher.web;

import io.footfall.matcher.ApiAccess;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.kafka.KafkaClients;
import io.footfall.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The matcher's web page on its ops port: {@code GET /} (the page and its files), {@code GET /api/events} (live
 * recognition events, Server-Sent Events) and {@code GET /api/counts?day=} (footfall per camera and window). Like
 * {@code /metrics}, these are open to read; changes to identities go through {@code /api/identities} with the API
 * token.
 */
public final class WebPage implements AutoCloseable {

    /** Recent events a page gets when it opens. */
    public static final int RECENT_EVENTS = 200;
    /** Open event streams at most (each holds a thread and a connection). */
    public static final int MAX_STREAMS = 32;
    /** How far back footfall counts are kept in memory, and how many windows at most. */
    public static final Duration COUNTS_KEPT = Duration.ofDays(8);
    public static final int MAX_WINDOWS = 100_000;

    private final RecentEvents events;
    private final FootfallCounts counts;
    private final EventStream stream;
    private final TopicFeed feed;

    private WebPage(RecentEvents events, FootfallCounts counts, EventStream stream, TopicFeed feed) {
        this.events = events;
        this.counts = counts;
        this.stream = stream;
        this.feed = feed;
    }

    /** Starts reading the topics and routes the page's paths on the context's ops server, the events behind {@code access}. */
    public static WebPage start(ServiceContext context, String clientId, ApiAccess access) {
        Clock clock = Clock.systemUTC();
        RecentEvents events = new RecentEvents(RECENT_EVENTS);
        FootfallCounts counts = new FootfallCounts(COUNTS_KEPT, MAX_WINDOWS, clock);
        Map<String, Object> props = KafkaClients.common(context.config());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        TopicFeed feed = new TopicFeed(consumer, context.serdes().valueSerde(Topics.RECOGNITION_EVENTS).deserializer(),
                context.serdes().valueSerde(Topics.FOOTFALL_COUNTS).deserializer(), events, RECENT_EVENTS, counts, clock);
        EventStream stream = new EventStream(events, MAX_STREAMS, Duration.ofSeconds(15));
        WebPage page = new WebPage(events, counts, stream, feed);
        Gauge.builder("footfall_matcher_web_event_streams", stream, EventStream::open)
                .description("Open live event streams of the matcher's web page").register(context.meters());
        context.ops().route("/", new StaticFiles("web"));
        context.ops().route("/api/events", access.readers(stream));
        context.ops().route("/api/counts", new CountsApi(counts, clock));
        feed.start();
        return page;
    }

    public RecentEvents events() {
        return events;
    }

    public FootfallCounts counts() {
        return counts;
    }

    public boolean caughtUp() {
        return feed.caughtUp();
    }

    /** Records the feed skipped because they could not be read. */
    public long unreadable() {
        return feed.unreadable();
    }

    @Override
    public void close() {
        events.closeAll();
        feed.close();
    }
}
