package io.footfall.matcher.web;

import io.footfall.schema.EventType;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.SubjectKind;
import java.time.Instant;

/** Events and counts as the matcher writes them. */
final class WebFixtures {

    private WebFixtures() {}

    static RecognitionEvent entered(String camera, String track, String identity, String name, Instant at) {
        return RecognitionEvent.newBuilder().setEventId(camera + ":" + track + ":ENTERED").setType(EventType.ENTERED).setCameraId(camera)
                .setTrackId(track).setSubject(identity == null ? SubjectKind.UNKNOWN : SubjectKind.KNOWN).setIdentityId(identity)
                .setDisplayName(name).setVisitorId(identity == null ? "visitor-" + track : null).setSimilarity(identity == null ? null : 0.91f)
                .setModelId("dlib-resnet29-128").setFirstSeenAt(at).setLastSeenAt(at.plusMillis(300)).setDwellMillis(300).setFaceCount(3)
                .setEmittedAt(at.plusMillis(400)).build();
    }

    static FootfallCount count(String camera, Instant start, long entries, long known, long unknown) {
        return new FootfallCount(camera, start, start.plusSeconds(3600), entries, known, unknown, start.plusSeconds(60), java.util.Map.of(), java.util.Map.of());
    }
}
