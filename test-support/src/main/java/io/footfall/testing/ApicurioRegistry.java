package io.footfall.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry process on loopback, serving the Confluent-compatible API at
 * {@link #confluentApiUrl()}, with global BACKWARD compatibility as a Confluent registry has.
 *
 * <p>Apicurio 3 needs Java 21 or newer; {@link #findJava21()} looks for one so the test can skip
 * with a reason where there is none.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path logFile;

    private ApicurioRegistry(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    public String confluentApiUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /** Starts the registry and waits until its Confluent API answers (about 5 s here). */
    public static ApicurioRegistry start(Path java) throws IOException, InterruptedException {
        Path home = distribution();
        int port = freePort();
        int managementPort = freePort();
        Path logFile = Files.createTempFile("apicurio-registry-", ".log");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.rules.global.compatibility=BACKWARD",
                "-jar", home.resolve("quarkus-run.jar").toString()));
        Process process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        ApicurioRegistry registry = new ApicurioRegistry(process, port, logFile);
        registry.awaitReady(Duration.ofSeconds(90));
        System.out.println("[footfall-test] Apicurio Registry " + version() + " (real registry, Confluent API) at "
                + registry.confluentApiUrl() + ", Java " + java);
        return registry;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/subjects"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("Apicurio Registry did not answer within " + timeout + "; log:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The unpacked distribution the build prepared. */
    public static Path distribution() {
        Path home = Path.of(properties().getProperty("apicurio.home"));
        if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("Apicurio Registry is not unpacked at " + home
                    + "; run the build (mvn -pl test-support generate-resources) to fetch it from Maven Central.");
        }
        return home;
    }

    public static String version() {
        return properties().getProperty("apicurio.version");
    }

    private static Properties properties() {
        try (InputStream in = ApicurioRegistry.class.getResourceAsStream("/footfall-test-support.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A {@code java} launcher of version 21 or newer: {@code FOOTFALL_JAVA21_HOME}, then the
     * running JVM, then {@code JAVA_HOME}, then any JDK under {@code /usr/lib/jvm}.
     */
    public static Optional<Path> findJava21() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("FOOTFALL_JAVA21_HOME")).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.sorted().forEach(candidates::add);
            } catch (IOException ignored) {
                // no extra candidates
            }
        }
        return candidates.stream()
                .filter(home -> featureVersion(home) >= 21)
                .map(home -> home.resolve("bin/java"))
                .findFirst();
    }

    static int featureVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(javaHome.resolve("bin/java"))) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String major = v.startsWith("1.") ? v.substring(2, 3) : v.split("[.+-]")[0];
                    return Integer.parseInt(major);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
