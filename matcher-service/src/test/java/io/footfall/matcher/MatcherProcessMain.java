package io.footfall.matcher;

import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** A matcher in its own JVM, so a test can kill it with SIGKILL. Arguments: KEY=VALUE settings. */
public final class MatcherProcessMain {

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        List<io.footfall.runtime.config.Setting<?>> declared = new ArrayList<>(CoreSettings.all());
        declared.addAll(MatcherSettings.all());
        ServiceContext context = ServiceContext.create(Config.of(declared, settings));
        MatcherService matcher = new MatcherService(context);
        matcher.start();
        while (matcher.streams().state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = matcher.streams().state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                System.out.println("FAILED " + state);
                System.exit(1);
            }
            Thread.sleep(50);
        }
        System.out.println("RUNNING");
        System.out.flush();
        Thread.currentThread().join();
    }
}
