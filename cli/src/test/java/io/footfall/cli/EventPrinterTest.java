package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.schema.EventType;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.SubjectKind;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPrinterTest {

    static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void a_visit_with_estimates_shows_age_gender_and_expression_and_one_without_shows_nothing_more() {
        RecognitionEvent.Builder e = RecognitionEvent.newBuilder().setEventId("door:t:ENTERED").setType(EventType.ENTERED).setCameraId("door")
                .setTrackId("t").setSubject(SubjectKind.UNKNOWN).setVisitorId("v-1").setModelId("m").setFirstSeenAt(T).setLastSeenAt(T)
                .setDwellMillis(0).setFaceCount(3).setEmittedAt(T);
        assertThat(EventPrinter.estimates(e.build())).isEmpty();
        assertThat(EventPrinter.estimates(e.setAge(34.7f).setAgeBand("25-34").setGender("female").setGenderConfidence(0.9f)
                .setExpression("happy").setAttributeFaces(3).build())).isEqualTo(" · ~34 · female · happy");
    }

    @Test
    void a_count_shows_its_breakdown_when_it_has_one() {
        FootfallCount plain = new FootfallCount("door", T, T.plusSeconds(3600), 2L, 1L, 1L, T, Map.of(), Map.of());
        assertThat(EventPrinter.breakdown(plain)).isEmpty();
        FootfallCount split = new FootfallCount("door", T, T.plusSeconds(3600), 2L, 1L, 1L, T, Map.of("25-34", 1L, "unknown", 1L),
                Map.of("female", 1L, "unknown", 1L));
        assertThat(EventPrinter.breakdown(split)).isEqualTo(" · 25-34 1, unknown 1 · female 1, unknown 1");
    }
}
