package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.models.NpmFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code footfall enroll} into a running demo, through the Kafka and registry addresses the demo prints: the person is
 * then listed by the demo's matcher.
 */
class DemoRegistryIT {

    static final Pattern ENROL_MORE = Pattern.compile("enrol more footfall enroll DIR --bootstrap (\\S+) --registry (\\S+)");
    static final Pattern WEB_PAGE = Pattern.compile("web page +(http://localhost:\\d+)/#token=([0-9a-f]+)");

    @Test
    void footfall_enroll_reaches_a_running_demo_through_its_printed_addresses(@TempDir Path tmp) throws Exception {
        Path people = tmp.resolve("people");
        Path franck = Files.createDirectories(people.resolve("Franck"));
        Files.copy(NpmFiles.clmtrackrMedia("franck_01829.jpg"), franck.resolve("franck_01829.jpg"));

        StringWriter demoOut = new StringWriter();
        StringWriter demoErr = new StringWriter();
        AtomicInteger demoCode = new AtomicInteger(-1);
        Thread demo = new Thread(() -> demoCode.set(Footfall.run(new PrintWriter(demoOut, true), new PrintWriter(demoErr, true), "demo",
                "--duration", "45s", "--set", "metrics.port=0")), "demo");
        demo.start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> ENROL_MORE.matcher(demoOut.toString()).find() || !demo.isAlive());
            Matcher printed = ENROL_MORE.matcher(demoOut.toString());
            assertThat(printed.find()).as("the demo prints where to enrol: %s %s", demoOut, demoErr).isTrue();
            Matcher web = WEB_PAGE.matcher(demoOut.toString());
            assertThat(web.find()).isTrue();

            // the demo listens on this machine only, and says so
            assertThat(demoOut.toString()).contains("this machine only; --set metrics.host=0.0.0.0 serves every interface");
            int port = URI.create(web.group(1)).getPort();
            java.net.InetAddress outside = nonLoopbackAddress();
            if (outside == null) {
                System.out.println("[footfall-test] no non-loopback address on this machine: the demo's port was checked on loopback only");
            } else {
                try (java.net.Socket s = new java.net.Socket()) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress(outside, port), 1_000))
                            .as("the demo's port on %s", outside).isInstanceOf(java.io.IOException.class);
                }
                System.out.println("[footfall-test] the demo's port " + port + " refuses connections on " + outside.getHostAddress());
            }

            // when a folder is enrolled with the printed addresses
            FootfallCliTest.Result enrolled = FootfallCliTest.run("enroll", people.toString(), "--bootstrap", printed.group(1), "--registry",
                    printed.group(2));

            // then it is written, and the demo's matcher lists the person
            assertThat(enrolled.code()).as(enrolled.err()).isZero();
            assertThat(enrolled.out()).contains("1 identities written to 'identities'");
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(web.group(1) + "/api/identities")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("reading the people needs the token").isEqualTo(401);
            await().atMost(Duration.ofSeconds(20)).until(() -> http.send(HttpRequest.newBuilder(URI.create(web.group(1) + "/api/identities"))
                    .header("Authorization", "Bearer " + web.group(2)).build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"displayName\":\"Franck\""));
        } finally {
            demo.join(Duration.ofSeconds(90).toMillis());
        }
        assertThat(demoCode.get()).as(demoErr.toString()).isZero();
    }

    /** An address of this machine other than loopback (an interface a neighbour could reach), or null. */
    static java.net.InetAddress nonLoopbackAddress() throws java.net.SocketException {
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }
}
