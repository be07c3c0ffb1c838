package io.footfall.cli;

import io.footfall.runtime.Service;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ServiceRunner;
import io.footfall.runtime.config.Config;
import java.io.PrintWriter;
import java.util.function.Function;

/** Runs one service of a command until SIGTERM or Ctrl-C, with its /metrics and /health endpoint. */
final class ServiceLauncher {

    private ServiceLauncher() {}

    static int run(Config config, PrintWriter out, Function<ServiceContext, Service> service) throws InterruptedException {
        ServiceRunner runner = new ServiceRunner();
        ServiceContext context = runner.add(ServiceContext.create(config));
        Service started = runner.start(service.apply(context));
        out.printf("%s running (%s); metrics at http://localhost:%d/metrics, health at /health. Ctrl-C stops.%n",
                started.name(), started.health().detail(), context.ops().port());
        out.flush();
        runner.await();
        return 0;
    }
}
