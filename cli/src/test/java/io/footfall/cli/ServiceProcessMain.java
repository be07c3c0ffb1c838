package io.footfall.cli;

import io.footfall.ingest.IngestService;
import io.footfall.runtime.Service;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.testing.ChildJvm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One Footfall service in a JVM of its own, for the kill -9 tests ({@link ChildJvm}).
 * Arguments: the service ({@code detector}, {@code embedder}, {@code matcher} or {@code camera-ingest}, whose
 * cameras come from {@code ingest.cameras-file}), then KEY=VALUE settings.
 */
public final class ServiceProcessMain {

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Config config = Config.of(AllSettings.all(), settings);
        ServiceContext context = ServiceContext.create(config);
        if (args[0].equals("camera-ingest")) {
            new IngestService(context, List.of()).start();
            System.out.println(ChildJvm.READY);
            System.out.flush();
            Thread.currentThread().join();
        }
        Service service = FaultHarness.create(args[0], context);
        service.start();
        var streams = FaultHarness.streams(service);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                System.out.println("FAILED " + streams.state());
                System.exit(1);
            }
            Thread.sleep(50);
        }
        System.out.println(ChildJvm.READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}
