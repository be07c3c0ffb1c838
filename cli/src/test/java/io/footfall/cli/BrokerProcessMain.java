package io.footfall.cli;

import io.footfall.kafka.embedded.EmbeddedKafka;
import io.footfall.testing.ChildJvm;
import java.nio.file.Path;

/** The embedded broker in a JVM of its own, for the broker fault test. Arguments: data directory, port. */
public final class BrokerProcessMain {

    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(Path.of(args[0])).port(Integer.parseInt(args[1])).maxMessageBytes(4 << 20).start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "broker-shutdown"));
        System.out.println(ChildJvm.READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}
