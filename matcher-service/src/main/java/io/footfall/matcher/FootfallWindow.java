package io.footfall.matcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.SubjectKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The visits of one camera in one window: entries, and who they were, to count unique people. */
public record FootfallWindow(long entries, Set<String> known, Set<String> unknown) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static FootfallWindow empty() {
        return new FootfallWindow(0, new TreeSet<>(), new TreeSet<>());
    }

    public FootfallWindow add(RecognitionEvent entered) {
        Set<String> k = new TreeSet<>(known);
        Set<String> u = new TreeSet<>(unknown);
        if (entered.getSubject() == SubjectKind.KNOWN) {
            k.add(entered.getIdentityId());
        } else {
            u.add(entered.getVisitorId());
        }
        return new FootfallWindow(entries + 1, k, u);
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
