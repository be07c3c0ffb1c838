package io.footfall.matcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.SubjectKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The visits of one camera in one window: entries, who they were (to count unique people), and entries by estimated age
 * band and gender ({@link AgeBands#UNKNOWN} without an estimate; both null in windows stored before they existed).
 */
public record FootfallWindow(long entries, Set<String> known, Set<String> unknown, Map<String, Long> byAgeBand, Map<String, Long> byGender) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static FootfallWindow empty() {
        return new FootfallWindow(0, new TreeSet<>(), new TreeSet<>(), new TreeMap<>(), new TreeMap<>());
    }

    public FootfallWindow add(RecognitionEvent entered) {
        Set<String> k = new TreeSet<>(known);
        Set<String> u = new TreeSet<>(unknown);
        if (entered.getSubject() == SubjectKind.KNOWN) {
            k.add(entered.getIdentityId());
        } else {
            u.add(entered.getVisitorId());
        }
        Map<String, Long> bands = byAgeBand == null ? new TreeMap<>() : new TreeMap<>(byAgeBand);
        Map<String, Long> genders = byGender == null ? new TreeMap<>() : new TreeMap<>(byGender);
        bands.merge(entered.getAgeBand() == null ? AgeBands.UNKNOWN : entered.getAgeBand(), 1L, Long::sum);
        genders.merge(entered.getGender() == null ? AgeBands.UNKNOWN : entered.getGender(), 1L, Long::sum);
        return new FootfallWindow(entries + 1, k, u, bands, genders);
    }

    /** JSON serde for the windowed aggregate's store and changelog. */
    public static Serde<FootfallWindow> serde() {
        return Serdes.serdeFrom((topic, value) -> {
            try {
                return value == null ? null : JSON.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, (topic, bytes) -> {
            try {
                return bytes == null ? null : JSON.readValue(bytes, FootfallWindow.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
