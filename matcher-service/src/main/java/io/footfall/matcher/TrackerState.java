package io.footfall.matcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The open tracks of one camera as stored in the matcher's changelogged state store (JSON), so
 * that a restarted or migrated matcher continues every visit where it was.
 */
public record TrackerState(List<TrackState> tracks) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param unobservedMillis time since lastSeenMillis the camera sent no frames (0 in state written before it existed)
     * @param attributes       the visit's age, gender and expression so far (null in state written before it existed)
     */
    public record TrackState(String id, long firstSeenMillis, long lastSeenMillis, long unobservedMillis, Box lastBox, float[] lastVector,
                             int faceCount, List<Track.Evidence> evidence, Track.Decision decision, VisitAttributes attributes) {}

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrackerState fromBytes(byte[] bytes) {
        try {
            return JSON.readValue(bytes, TrackerState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt tracker state: " + e.getMessage(), e);
        }
    }
}
