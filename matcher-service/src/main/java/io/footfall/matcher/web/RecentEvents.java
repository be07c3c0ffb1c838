package io.footfall.matcher.web;

import io.footfall.schema.RecognitionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

/**
 * The latest recognition events, kept in a bounded ring, and their live delivery to subscribers (the page's
 * event streams), along with notices that are only pushed live. A subscriber first gets what the ring holds (or only what came after the last event it saw,
 * when it reconnects), then every new event, with nothing lost or repeated in between. A subscriber that falls
 * more than its queue behind is dropped; it reconnects and catches up from the ring.
 */
public final class RecentEvents {

    /**
     * One message ready to send: its SSE event name, its id (null for a notice, which is not kept or replayed) and its
     * JSON.
     */
    public record Item(String event, String id, String json) {}

    /** Wakes a subscriber's writer when its subscription is closed; never sent. */
    static final Item END = new Item("end", null, "");

    /** The SSE event name of recognition events. */
    public static final String RECOGNITION = "recognition";

    private final int capacity;
    private final ArrayDeque<Item> ring = new ArrayDeque<>();
    private final Set<String> ids = new HashSet<>();
    private final Set<Subscription> subscribers = new CopyOnWriteArraySet<>();

    public RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Adds an event (an id already held is ignored: event ids are deterministic) and pushes it to every subscriber. */
    public void add(RecognitionEvent event) {
        add(new Item(RECOGNITION, event.getEventId(), Json.write(Json.event(event))));
    }

    synchronized void add(Item item) {
        if (!ids.add(item.id())) {
            return;
        }
        ring.addLast(item);
        if (ring.size() > capacity) {
            ids.remove(ring.removeFirst().id());
        }
        push(item);
    }

    /** Pushes a notice (e.g. "the counts changed") to every current subscriber; it is not kept for later ones. */
    public synchronized void notice(String event, String json) {
        push(new Item(event, null, json));
    }

    private void push(Item item) {
        for (Subscription s : subscribers) {
            if (!s.queue.offer(item)) {
                s.overflowed = true;
                subscribers.remove(s);
            }
        }
    }

    /** What the ring holds, oldest first. */
    public synchronized List<Item> snapshot() {
        return List.copyOf(ring);
    }

    public int subscribers() {
        return subscribers.size();
    }

    /**
     * Subscribes to new events. The backlog is the ring's content, or, when {@code lastEventId} is still in the ring,
     * only the events after it.
     */
    public synchronized Subscription subscribe(String lastEventId, int maxQueued) {
        List<Item> backlog = new ArrayList<>();
        boolean after = lastEventId == null || !ids.contains(lastEventId);
        for (Item item : ring) {
            if (after) {
                backlog.add(item);
            } else if (item.id().equals(lastEventId)) {
                after = true;
            }
        }
        Subscription s = new Subscription(List.copyOf(backlog), maxQueued);
        subscribers.add(s);
        return s;
    }

    /** Ends every subscription (their streams close at their next poll). */
    public void closeAll() {
        subscribers.forEach(Subscription::close);
    }

    /** One subscriber's view: a backlog, then a bounded queue of live events. */
    public final class Subscription implements AutoCloseable {
        private final List<Item> backlog;
        private final BlockingQueue<Item> queue;
        private volatile boolean overflowed;
        private volatile boolean closed;

        private Subscription(List<Item> backlog, int maxQueued) {
            this.backlog = backlog;
            this.queue = new ArrayBlockingQueue<>(Math.max(1, maxQueued));
        }

        public List<Item> backlog() {
            return backlog;
        }

        /** The next live event, or null after {@code timeout} with none (time for a heartbeat) or once closed. */
        public Item next(long timeout, TimeUnit unit) throws InterruptedException {
            Item item = queue.poll(timeout, unit);
            return item == END ? null : item;
        }

        /** Whether the stream should end: closed, or too slow to keep up. Queued events are still delivered first. */
        public boolean ended() {
            return (closed || overflowed) && (queue.isEmpty() || queue.peek() == END);
        }

        public boolean overflowed() {
            return overflowed;
        }

        @Override
        public void close() {
            closed = true;
            subscribers.remove(this);
            queue.offer(END); // a full queue means its writer is awake anyway
        }
    }
}
