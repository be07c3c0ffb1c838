package io.footfall.cli;

import io.footfall.faces.PhotoFaces;
import io.footfall.matcher.ModelSettings;
import io.footfall.matcher.enrol.EnrolmentFolder;
import io.footfall.matcher.enrol.Enroller;
import io.footfall.matcher.enrol.Enrolment;
import io.footfall.matcher.enrol.FaceReader;
import io.footfall.matcher.enrol.IdentityTopic;
import io.footfall.matcher.enrol.Photo;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.kafka.KafkaClients;
import io.footfall.runtime.kafka.SchemaRegistries;
import io.footfall.runtime.kafka.TopicProvisioner;
import io.footfall.schema.Identity;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Enrols people from a folder of photos into the compacted {@code identities} topic. */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = {"Enrol people from a folder of photos: DIR/<name>.jpg (one photo per person) or DIR/<name>/*.jpg|png (several).",
                "",
                "Each photo goes through the live pipeline's detector, quality gates and embedder and must show one clear face; "
                        + "a rejected photo is listed with its reason. Each accepted photo is one template. Running again with more "
                        + "photos adds them to the same person (id = the name as a slug) and never duplicates a photo. Nothing is "
                        + "written for a person none of whose photos gave a face.",
                "",
                "Exit code: 0 every person is enrolled, 1 some are not (or writing failed), 2 bad usage, no Kafka or no models.",
                ""})
final class EnrollCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of photos: DIR/<name>.jpg or DIR/<name>/*.jpg|png")
    Path dir;

    @Option(names = "--dry-run", description = "Check every photo and show what would be enrolled, without Kafka and without writing")
    boolean dryRun;

    @Option(names = "--kafka-timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "How long to wait for Kafka before giving up (default: ${DEFAULT-VALUE})")
    int kafkaTimeoutSeconds;

    private Duration kafkaTimeout() {
        return Duration.ofSeconds(Math.max(1, kafkaTimeoutSeconds));
    }

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EnrolmentFolder.Contents folder;
        try {
            folder = EnrolmentFolder.scan(dir);
        } catch (IllegalArgumentException e) {
            err.println("footfall enroll: " + e.getMessage());
            return 2;
        }
        folder.skipped().forEach(s -> err.println("skipped " + s));
        if (folder.people().isEmpty()) {
            err.println("footfall enroll: no photos in " + dir + "; put one photo per person as DIR/<name>.jpg, or several as "
                    + "DIR/<name>/*.jpg (JPEG, PNG, WebP or BMP)");
            return 2;
        }

        AvroSerdes serdes = new AvroSerdes(SchemaRegistries.forUrl(config.get(CoreSettings.REGISTRY_URL)), config.get(CoreSettings.REGISTRY_AUTO_REGISTER));
        Serializer<Identity> serializer = serdes.valueSerde(Topics.IDENTITIES).serializer();
        Map<String, Identity> existing = new HashMap<>();
        KafkaProducer<String, byte[]> producer = null;
        try {
            if (!dryRun) {
                checkRegistry(config, serializer);
                existing.putAll(readIdentities(config, serdes.valueSerde(Topics.IDENTITIES).deserializer(), kafkaTimeout()));
                err.printf("%d identities already enrolled on %s%n", existing.size(), config.get(CoreSettings.BOOTSTRAP_SERVERS));
                producer = new KafkaProducer<>(KafkaClients.producer(config, "footfall-enroll"), Topics.IDENTITIES.keySerde().serializer(),
                        new ByteArraySerializer());
            }
            PhotoFaces faces = openFaces(config);
            try (faces) {
                return enrolAll(config, folder, faces, existing, producer, serializer, out, err);
            }
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    private int enrolAll(Config config, EnrolmentFolder.Contents folder, PhotoFaces faces, Map<String, Identity> existing,
                         KafkaProducer<String, byte[]> producer, Serializer<Identity> serializer, PrintWriter out, PrintWriter err) throws Exception {
        String matcherModel = ModelSettings.modelId(config);
        if (!faces.modelId().equals(matcherModel)) {
            err.printf("warning: the embedder makes %s embeddings but matcher.model-id is %s: matchers with that setting will ignore these people%n",
                    faces.modelId(), matcherModel);
        }
        Enroller enroller = new Enroller(FaceReader.of(faces), Clock.systemUTC());
        int total = folder.photos();
        int[] done = {0};
        List<Enrolment> results = new ArrayList<>();
        List<String> written = new ArrayList<>();
        Set<String> notWritten = new HashSet<>();
        long started = System.nanoTime();
        for (EnrolmentFolder.Person person : folder.people()) {
            List<Photo> photos = person.photos().stream().map(p -> Photo.of(p, dir.relativize(p).toString())).toList();
            Enrolment result = enroller.enrol(new Enroller.Request(person.identityId(), person.displayName(), person.metadata(), photos),
                    existing.get(person.identityId()), outcome -> err.printf("[%d/%d] %s%n", ++done[0], total, outcome.describe()));
            if (result.note() != null) {
                err.println("note: " + result.displayName() + ": " + result.note());
            }
            if (result.changed() && !dryRun) {
                try {
                    IdentityTopic.write(producer, serializer, result.updated(), kafkaTimeout());
                } catch (IdentityTopic.TooLargeException e) {
                    err.println("footfall enroll: " + e.getMessage() + "; " + result.displayName() + " was not written");
                    notWritten.add(result.identityId());
                    results.add(result);
                    continue;
                } catch (Exception e) {
                    err.println("footfall enroll: could not write " + result.identityId() + " to Kafka (" + rootMessage(e) + ")"
                            + (written.isEmpty() ? "; nothing was written" : "; written before the failure: " + String.join(", ", written))
                            + ". Run the same command again when Kafka is back: it adds what is missing.");
                    return 1;
                }
                written.add(result.identityId());
            }
            results.add(result);
        }
        printSummary(results, notWritten, out);
        long notEnrolled = results.stream().filter(r -> r.current() == null).count();
        long rejected = results.stream().mapToLong(Enrolment::rejected).sum();
        out.printf("%d people, %d photos (%d rejected) in %.1f s; %s%n", results.size(), total, rejected,
                (System.nanoTime() - started) / 1e9, dryRun ? "dry run: nothing was written"
                        : written.size() + " identities written to '" + Topics.IDENTITIES.name() + "'");
        if (!notWritten.isEmpty()) {
            return 1;
        }
        if (notEnrolled > 0) {
            err.printf("%d %s not enrolled: none of their photos gave a usable face (see the reasons above); nothing was written for them%n",
                    notEnrolled, notEnrolled == 1 ? "person is" : "people are");
            return 1;
        }
        return 0;
    }


    private void printSummary(List<Enrolment> results, Set<String> notWritten, PrintWriter out) {
        int width = Math.max(6, results.stream().mapToInt(r -> r.displayName().length()).max().orElse(6));
        String row = "%-" + width + "s  %8s  %8s  %5s  %9s  %-12s  %s%n";
        out.printf(row, "PERSON", "ACCEPTED", "REJECTED", "NEW", "TEMPLATES", "STATUS", "IDENTITY ID");
        for (Enrolment r : results) {
            String status = notWritten.contains(r.identityId()) ? "not written" : r.current() == null ? "not enrolled" : !r.changed() ? "unchanged" : dryRun ? "would write" : r.existing() == null ? "enrolled" : "updated";
            out.printf(row, r.displayName(), r.accepted(), r.rejected(), r.added(), r.templates(), status,
                    r.current() == null ? "-" : r.identityId());
        }
    }

    /** Every identity on the topic, after checking Kafka is reachable and creating the topic if allowed. */
    private static Map<String, Identity> readIdentities(Config config, Deserializer<Identity> deserializer, Duration timeout) {
        String bootstrap = config.get(CoreSettings.BOOTSTRAP_SERVERS);
        Map<String, Object> props = KafkaClients.common(config);
        props.putIfAbsent("request.timeout.ms", (int) Math.min(10_000, timeout.toMillis()));
        props.putIfAbsent("default.api.timeout.ms", (int) timeout.toMillis());
        Admin admin = Admin.create(props);
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (config.get(CoreSettings.CREATE_TOPICS)) {
                TopicProvisioner.ensure(admin, config, List.of(Topics.IDENTITIES));
            }
        } catch (TimeoutException | ExecutionException e) {
            throw unreachable(bootstrap, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(bootstrap, timeout, e);
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
        try {
            return IdentityTopic.readAll(props, deserializer, timeout);
        } catch (KafkaException e) {
            throw unreachable(bootstrap, timeout, e);
        }
    }

    /** Serialises a sample record, which registers (or looks up) the schema: a registry problem shows before any photo work. */
    private static void checkRegistry(Config config, Serializer<Identity> serializer) {
        Identity sample = Identity.newBuilder().setIdentityId("sample").setDisplayName("sample").setModelId("sample")
                .setTemplates(List.of()).setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();
        try {
            serializer.serialize(Topics.IDENTITIES.name(), sample);
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? "Cannot use the schema registry at " + config.get(CoreSettings.REGISTRY_URL) + " ("
                    + rootMessage(e) + ")." : e.getMessage();
            throw new ConfigException(detail + " Pass the registry's address with --registry URL, or use --dry-run to check the photos without Kafka.");
        }
    }

    private static ConfigException unreachable(String bootstrap, Duration timeout, Exception e) {
        String why = e instanceof TimeoutException || e instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no answer" : rootMessage(e);
        return new ConfigException("Cannot reach Kafka at " + bootstrap + " within " + timeout.toSeconds() + " s (" + why
                + "). Start Kafka (or 'footfall demo' for a local one) and pass its address with --bootstrap HOST:PORT; "
                + "use --dry-run to check the photos without Kafka.");
    }

    private static PhotoFaces openFaces(Config config) {
        try {
            return PhotoFaces.open(config);
        } catch (ConfigException e) {
            throw e.getMessage().contains("models fetch") ? e
                    : new ConfigException(e.getMessage() + " Run 'footfall models fetch' first (or point detector.model-cache / embedder.model at your models).");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

}
