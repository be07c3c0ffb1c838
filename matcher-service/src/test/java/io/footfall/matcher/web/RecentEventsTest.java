package io.footfall.matcher.web;

import static io.footfall.matcher.web.WebFixtures.entered;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

    final Instant t0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void keeps_the_latest_events_up_to_its_capacity_and_ignores_repeats() {
        RecentEvents events = new RecentEvents(3);
        for (int i = 0; i < 5; i++) {
            events.add(entered("door", "t" + i, "ada", "Ada", t0.plusSeconds(i)));
        }
        events.add(entered("door", "t4", "ada", "Ada", t0.plusSeconds(4)));

        assertThat(events.snapshot()).extracting(RecentEvents.Item::id).containsExactly("door:t2:ENTERED", "door:t3:ENTERED", "door:t4:ENTERED");
        assertThat(events.snapshot().get(0).json()).contains("\"type\":\"ENTERED\"", "\"cameraId\":\"door\"", "\"name\":\"Ada\"",
                "\"similarity\":0.91", "\"at\":\"2026-11-23T10:00:02Z\"");
    }

    @Test
    void a_subscriber_gets_the_backlog_then_every_new_event() throws Exception {
        RecentEvents events = new RecentEvents(10);
        events.add(entered("door", "t1", "ada", "Ada", t0));

        RecentEvents.Subscription s = events.subscribe(null, 10);
        events.add(entered("door", "t2", null, null, t0.plusSeconds(1)));

        assertThat(s.backlog()).extracting(RecentEvents.Item::id).containsExactly("door:t1:ENTERED");
        assertThat(s.next(1, TimeUnit.SECONDS).id()).isEqualTo("door:t2:ENTERED");
        assertThat(s.next(10, TimeUnit.MILLISECONDS)).isNull();
        assertThat(s.ended()).isFalse();

        // closing wakes a waiting writer at once
        events.closeAll();
        long start = System.nanoTime();
        assertThat(s.next(10, TimeUnit.SECONDS)).isNull();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(s.ended()).isTrue();
        assertThat(events.subscribers()).isZero();
    }

    @Test
    void a_reconnecting_subscriber_gets_only_what_came_after_its_last_event() {
        RecentEvents events = new RecentEvents(10);
        for (int i = 0; i < 4; i++) {
            events.add(entered("door", "t" + i, "ada", "Ada", t0.plusSeconds(i)));
        }

        assertThat(events.subscribe("door:t1:ENTERED", 10).backlog()).extracting(RecentEvents.Item::id)
                .containsExactly("door:t2:ENTERED", "door:t3:ENTERED");
        // an id that has left the ring (or never was) gets everything the ring holds
        assertThat(events.subscribe("door:gone:ENTERED", 10).backlog()).hasSize(4);
    }

    @Test
    void a_subscriber_that_falls_behind_is_dropped_after_what_it_has_queued() throws Exception {
        RecentEvents events = new RecentEvents(10);
        RecentEvents.Subscription slow = events.subscribe(null, 2);
        for (int i = 0; i < 3; i++) {
            events.add(entered("door", "t" + i, "ada", "Ada", t0.plusSeconds(i)));
        }

        assertThat(slow.overflowed()).isTrue();
        assertThat(events.subscribers()).isZero();
        assertThat(slow.ended()).isFalse();
        slow.next(1, TimeUnit.SECONDS);
        slow.next(1, TimeUnit.SECONDS);
        assertThat(slow.ended()).isTrue();
    }
}
