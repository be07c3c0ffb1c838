package io.footfall.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service in a JVM of its own, on the test's class path, so a test can kill it with SIGKILL
 * ({@code kill -9}: no shutdown hook, no Kafka transaction committed or aborted, no state flushed)
 * and start it again. The child prints {@link #READY} on a line of its own once it is processing;
 * its output goes to a log file that a failure message quotes.
 */
public final class ChildJvm implements AutoCloseable {

    /** The line a child prints when it is up. */
    public static final String READY = "RUNNING";

    private final Process process;
    private final Path log;
    private final long startedNanos;
    private final long readyNanos;

    private ChildJvm(Process process, Path log, long startedNanos, long readyNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
        this.readyNanos = readyNanos;
    }

    /**
     * Starts {@code mainClass} with {@code args} on this JVM's class path and waits until it prints
     * {@link #READY}, or fails with its output.
     */
    public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(mainClass.getSimpleName() + "-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xss4m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.readAllLines(log).contains(READY)) {
                return new ChildJvm(process, log, started, System.nanoTime());
            }
            Thread.sleep(100);
        }
        process.destroyForcibly().waitFor();
        throw new AssertionError(mainClass.getSimpleName() + " did not print " + READY + " within " + timeout.toSeconds()
                + " s; its output (" + log + "):\n" + Files.readString(log));
    }

    /** SIGKILL, as {@code kill -9}; returns when the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: the child's shutdown hooks run; returns when the process is gone (SIGKILL after {@code grace}). */
    public void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** From the start of the JVM until it printed {@link #READY}. */
    public Duration startup() {
        return Duration.ofNanos(readyNanos - startedNanos);
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
