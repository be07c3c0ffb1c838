package io.footfall.cli;

import io.footfall.runtime.config.Setting;
import java.util.List;

/**
 * Settings of the two infrastructure commands a container stack runs from Footfall's own image where no broker or registry
 * image can be pulled: {@code footfall broker} and {@code footfall registry}.
 */
final class StackSettings {

    private StackSettings() {}

    static final Setting<String> BROKER_DATA_DIR = Setting.string("broker.data-dir", "kafka-data",
            "footfall broker: directory of the broker's logs and metadata, formatted on first start and kept across restarts");

    static final Setting<String> BROKER_LISTENERS = Setting.string("broker.listeners", "PLAINTEXT://:9092",
            "footfall broker: listeners served, NAME://host:port[,...] (empty host: every interface), all PLAINTEXT; "
                    + "the first one is used between brokers");

    static final Setting<String> BROKER_ADVERTISED_LISTENERS = Setting.string("broker.advertised-listeners", "PLAINTEXT://localhost:9092",
            "footfall broker: the addresses clients are told for each listener, e.g. PLAINTEXT://kafka:9092,HOST://localhost:9094");

    static final Setting<Integer> BROKER_CONTROLLER_PORT = Setting.integer("broker.controller-port", 9093, 1, 65_535,
            "footfall broker: port of the KRaft controller, on 127.0.0.1 only");

    static final Setting<String> REGISTRY_DATA_DIR = Setting.string("registry.data-dir", "registry-data",
            "footfall registry: directory of the registered schemas (a journal replayed at start, so ids survive restarts)");

    static List<Setting<?>> all() {
        return List.of(BROKER_DATA_DIR, BROKER_LISTENERS, BROKER_ADVERTISED_LISTENERS, BROKER_CONTROLLER_PORT, REGISTRY_DATA_DIR);
    }
}
