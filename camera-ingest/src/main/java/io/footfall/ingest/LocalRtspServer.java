package io.footfall.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP server on loopback (GStreamer's gst-rtsp-server, run by the system Python) looping a video file without
 * re-encoding: the demo's sample camera, and in tests a camera that can be killed, frozen and restarted like a
 * misbehaving one. Needs Debian's {@code python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base
 * gstreamer1.0-plugins-good gstreamer1.0-plugins-bad} ({@code scripts/setup-test-env.sh} installs them).
 */
public final class LocalRtspServer implements AutoCloseable {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private final Path video;
    private final int port;
    private final String user;
    private final String password;
    private Process process;

    private LocalRtspServer(Path video, int port, String user, String password) {
        this.video = video;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Why this machine cannot run the server, or null when it can. */
    public static String unavailableReason() {
        if (!Files.isExecutable(PYTHON)) {
            return "no /usr/bin/python3";
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c",
                    "import gi; gi.require_version('GstRtspServer','1.0'); from gi.repository import GstRtspServer")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor() == 0 ? null : "gst-rtsp-server Python bindings missing (run scripts/setup-test-env.sh): " + out.strip();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    public static LocalRtspServer start(Path video) throws IOException, InterruptedException {
        return start(video, null, null);
    }

    public static LocalRtspServer start(Path video, String user, String password) throws IOException, InterruptedException {
        LocalRtspServer server = new LocalRtspServer(video, freePort(), user, password);
        server.startProcess();
        return server;
    }

    public String url(String mount) {
        return "rtsp://127.0.0.1:" + port + mount;
    }

    public int port() {
        return port;
    }

    public void startProcess() throws IOException, InterruptedException {
        Path script = Files.createTempFile("rtsp_server", ".py");
        script.toFile().deleteOnExit();
        try (var in = LocalRtspServer.class.getResourceAsStream("rtsp_server.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(),
                "--port", Integer.toString(port), "--mount", "/cam", "--file", video.toString()));
        if (user != null) {
            command.addAll(List.of("--user", user, "--password", password));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line = out.readLine();
        if (line == null || !line.startsWith("READY")) {
            process.destroyForcibly();
            throw new IOException("the local RTSP server did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe from filling
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    /** Like a camera losing power: SIGKILL. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** Like a frozen camera: SIGSTOP keeps connections open but sends nothing. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process != null && process.isAlive()) {
            thaw();
            kill();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
