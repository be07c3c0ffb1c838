package io.footfall.matcher.web;

import io.footfall.schema.FootfallCount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest footfall count of each camera and window, as read from {@code footfall-counts} (each update of a
 * window replaces the previous one). Bounded: windows that ended more than {@code keep} ago are dropped, and above
 * {@code maxWindows} the oldest windows go first.
 */
public final class FootfallCounts {

    private record Key(Instant windowStart, String cameraId) {}

    private static final Comparator<Key> OLDEST_FIRST = Comparator.comparing(Key::windowStart).thenComparing(Key::cameraId);

    private final Duration keep;
    private final int maxWindows;
    private final Clock clock;
    private final TreeMap<Key, FootfallCount> windows = new TreeMap<>(OLDEST_FIRST);

    public FootfallCounts(Duration keep, int maxWindows, Clock clock) {
        this.keep = keep;
        this.maxWindows = maxWindows;
        this.clock = clock;
    }

    /** How far back counts are kept, so a reader of the topic knows where to start. */
    public Duration keep() {
        return keep;
    }

    public synchronized void put(FootfallCount count) {
        Instant horizon = clock.instant().minus(keep);
        if (count.getWindowEnd().isBefore(horizon)) {
            return;
        }
        windows.put(new Key(count.getWindowStart(), count.getCameraId()), count);
        prune(horizon);
    }

    private void prune(Instant horizon) {
        while (!windows.isEmpty() && (windows.size() > maxWindows || windows.firstEntry().getValue().getWindowEnd().isBefore(horizon))) {
            windows.pollFirstEntry();
        }
    }

    public synchronized int size() {
        return windows.size();
    }

    /** The windows that start on {@code day} (UTC), by camera, then by start. */
    public synchronized List<FootfallCount> day(LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        prune(clock.instant().minus(keep));
        List<FootfallCount> out = new ArrayList<>();
        for (Map.Entry<Key, FootfallCount> e : windows.subMap(new Key(from, ""), new Key(to, "")).entrySet()) {
            out.add(e.getValue());
        }
        out.sort(Comparator.comparing(FootfallCount::getCameraId).thenComparing(FootfallCount::getWindowStart));
        return out;
    }
}
