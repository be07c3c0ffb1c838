package io.footfall.matcher.web;

import static io.footfall.matcher.web.WebFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.schema.FootfallCount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FootfallCountsTest {

    final Instant now = Instant.parse("2026-11-23T15:30:00Z");
    final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    @Test
    void keeps_the_latest_count_of_each_camera_and_window_of_the_day() {
        FootfallCounts counts = new FootfallCounts(Duration.ofDays(8), 1000, clock);
        Instant nine = Instant.parse("2026-11-23T09:00:00Z");
        counts.put(count("door", nine, 1, 1, 0));
        counts.put(count("door", nine, 2, 1, 1));
        counts.put(count("till", nine, 5, 2, 3));
        counts.put(count("door", nine.plusSeconds(3600), 4, 0, 4));
        counts.put(count("door", Instant.parse("2026-11-22T23:00:00Z"), 7, 0, 7));

        List<FootfallCount> today = counts.day(LocalDate.parse("2026-11-23"));

        assertThat(today).extracting(c -> c.getCameraId() + "@" + c.getWindowStart() + "=" + c.getEntries())
                .containsExactly("door@2026-11-23T09:00:00Z=2", "door@2026-11-23T10:00:00Z=4", "till@2026-11-23T09:00:00Z=5");
        assertThat(counts.day(LocalDate.parse("2026-11-22"))).hasSize(1);
    }

    @Test
    void is_bounded_by_age_and_by_number_of_windows() {
        FootfallCounts counts = new FootfallCounts(Duration.ofDays(2), 3, clock);
        counts.put(count("door", now.minus(Duration.ofDays(3)), 1, 1, 0));
        assertThat(counts.size()).isZero();

        for (int h = 0; h < 5; h++) {
            counts.put(count("door", Instant.parse("2026-11-23T00:00:00Z").plusSeconds(3600L * h), h, 0, h));
        }

        assertThat(counts.size()).isEqualTo(3);
        assertThat(counts.day(LocalDate.parse("2026-11-23"))).extracting(FootfallCount::getEntries).containsExactly(2L, 3L, 4L);
    }

    @Test
    void the_day_view_sums_entries_per_camera() {
        Instant nine = Instant.parse("2026-11-23T09:00:00Z");
        Map<String, Object> view = CountsApi.view(LocalDate.parse("2026-11-23"),
                List.of(count("door", nine, 2, 1, 1), count("door", nine.plusSeconds(3600), 3, 3, 0), count("till", nine, 1, 0, 1)));

        String json = Json.write(view);

        assertThat(json).startsWith("{\"day\":\"2026-11-23\",\"timeZone\":\"UTC\",\"from\":\"2026-11-23T00:00:00Z\",\"to\":\"2026-11-24T00:00:00Z\",\"entries\":6,")
                .contains("{\"cameraId\":\"door\",\"entries\":5,\"windows\":[{\"windowStart\":\"2026-11-23T09:00:00Z\",\"windowEnd\":\"2026-11-23T10:00:00Z\",\"entries\":2,\"known\":1,\"unknown\":1,")
                .contains("{\"cameraId\":\"till\",\"entries\":1,");
    }
}
