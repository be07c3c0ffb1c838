package io.footfall.cli;

import io.footfall.detector.Detector;
import io.footfall.embedder.Embedder;
import io.footfall.faces.PhotoFaces;
import io.footfall.matcher.enrol.EnrolmentFolder;
import io.footfall.matcher.enrol.Enroller;
import io.footfall.matcher.enrol.Enrolment;
import io.footfall.matcher.enrol.FaceReader;
import io.footfall.matcher.enrol.IdentityTopic;
import io.footfall.matcher.enrol.Photo;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.kafka.KafkaClients;
import io.footfall.schema.Identity;
import io.footfall.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@code footfall demo --enroll DIR}: enrols a folder laid out as for {@code footfall enroll} into the demo's own
 * {@code identities} topic before the cameras start, with the demo's detector and embedder, printing each photo's
 * outcome. A person none of whose photos gave a face is reported and left out; the demo goes on with the others.
 */
final class DemoEnrolment {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(20);

    private DemoEnrolment() {}

    /** Returns the display names enrolled (or already enrolled, on a kept --data-dir). */
    static List<String> enrol(Path dir, Detector detector, Embedder embedder, ServiceContext context, PrintWriter out) throws Exception {
        EnrolmentFolder.Contents folder;
        try {
            folder = EnrolmentFolder.scan(dir);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--enroll " + dir + ": " + e.getMessage());
        }
        folder.skipped().forEach(s -> out.println("  enrol: skipped " + s));
        if (folder.people().isEmpty()) {
            throw new ConfigException("--enroll " + dir + ": no photos; put one photo per person as DIR/<name>.jpg, or several as "
                    + "DIR/<name>/*.jpg (JPEG, PNG, WebP or BMP)");
        }
        // the demo owns the detector and embedder: this reader borrows them and is never closed
        PhotoFaces faces = new PhotoFaces(detector, embedder, PhotoFaces.Limits.defaults());
        Enroller enroller = new Enroller(FaceReader.of(faces), Clock.systemUTC());
        Serializer<Identity> serializer = context.serdes().valueSerde(Topics.IDENTITIES).serializer();
        Map<String, Identity> existing = IdentityTopic.readAll(KafkaClients.common(context.config()),
                context.serdes().valueSerde(Topics.IDENTITIES).deserializer(), KAFKA_TIMEOUT);
        List<String> enrolled = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = context.producer(Topics.IDENTITIES, "footfall-demo-enroll", Map.of())) {
            for (EnrolmentFolder.Person person : folder.people()) {
                List<Photo> photos = person.photos().stream().map(p -> Photo.of(p, dir.relativize(p).toString())).toList();
                Enrolment result = enroller.enrol(new Enroller.Request(person.identityId(), person.displayName(), person.metadata(), photos),
                        existing.get(person.identityId()), outcome -> out.println("  enrol: " + outcome.describe()));
                if (result.current() == null) {
                    out.printf("  enrol: %s not enrolled: no photo gave a usable face%n", person.displayName());
                    continue;
                }
                if (result.changed()) {
                    IdentityTopic.write(producer, serializer, result.updated(), KAFKA_TIMEOUT);
                }
                enrolled.add(result.displayName());
            }
        }
        out.printf("Enrolled %d of %d people from %s: %s%n", enrolled.size(), folder.people().size(), dir,
                enrolled.isEmpty() ? "none" : String.join(", ", enrolled));
        out.flush();
        return enrolled;
    }

}
