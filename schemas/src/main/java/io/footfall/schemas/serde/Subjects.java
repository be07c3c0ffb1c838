package io.footfall.schemas.serde;

/** Confluent's default TopicNameStrategy: the subject of a topic's values is {@code <topic>-value}. */
public final class Subjects {
    private Subjects() {}

    public static String of(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
