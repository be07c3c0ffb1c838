package io.footfall.matcher.web;

import io.footfall.runtime.ops.Replies;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.RecognitionEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON the web page reads: events and counts as flat objects with ISO-8601 UTC times. */
final class Json {

    private Json() {}

    static String write(Object value) {
        return new String(Replies.toJson(value), StandardCharsets.UTF_8);
    }

    /** An event as the page shows it; {@code at} is when it happened: first seen for ENTERED, last seen for LEFT. */
    static Map<String, Object> event(RecognitionEvent e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("eventId", e.getEventId());
        v.put("type", e.getType().name());
        v.put("cameraId", e.getCameraId());
        v.put("trackId", e.getTrackId());
        v.put("subject", e.getSubject().name());
        v.put("identityId", e.getIdentityId());
        v.put("name", e.getDisplayName());
        v.put("visitorId", e.getVisitorId());
        v.put("similarity", e.getSimilarity());
        v.put("at", (e.getType() == io.footfall.schema.EventType.LEFT ? e.getLastSeenAt() : e.getFirstSeenAt()).toString());
        v.put("firstSeenAt", e.getFirstSeenAt().toString());
        v.put("lastSeenAt", e.getLastSeenAt().toString());
        v.put("dwellMillis", e.getDwellMillis());
        v.put("faceCount", e.getFaceCount());
        v.put("emittedAt", e.getEmittedAt().toString());
        v.put("age", e.getAge());
        v.put("ageBand", e.getAgeBand());
        v.put("gender", e.getGender());
        v.put("genderConfidence", e.getGenderConfidence());
        v.put("expression", e.getExpression());
        v.put("attributeFaces", e.getAttributeFaces());
        return v;
    }

    static Map<String, Object> window(FootfallCount c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("windowStart", c.getWindowStart().toString());
        v.put("windowEnd", c.getWindowEnd().toString());
        v.put("entries", c.getEntries());
        v.put("known", c.getUniqueKnown());
        v.put("unknown", c.getUniqueUnknown());
        v.put("updatedAt", c.getUpdatedAt().toString());
        v.put("byAgeBand", new java.util.TreeMap<>(c.getByAgeBand()));
        v.put("byGender", new java.util.TreeMap<>(c.getByGender()));
        return v;
    }
}
