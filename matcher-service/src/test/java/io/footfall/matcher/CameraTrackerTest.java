package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faces become visits: one ENTERED once identity is decided, one LEFT when the person is gone. */
class CameraTrackerTest {

    static final int DIM = 32;
    final Random random = new Random(42);
    final float[] ada = ExactIndexTest.randomUnit(random, DIM);
    final float[] bob = ExactIndexTest.randomUnit(random, DIM);
    final float[] stranger = ExactIndexTest.randomUnit(random, DIM);

    Gallery gallery;
    VisitorRegistry visitors;
    IdentityVote vote;

    @BeforeEach
    void enrol() {
        gallery = new Gallery("test-model", DIM);
        gallery.apply("p-ada", identity("p-ada", "Ada", ada));
        gallery.apply("p-bob", identity("p-bob", "Bob", bob));
        visitors = new VisitorRegistry(0.6f, Duration.ofHours(1));
        vote = new IdentityVote(gallery, new Thresholds(0.6f, 0.4f), visitors, 3);
    }

    @Test
    void a_known_person_walking_past_is_one_visit() {
        CameraTracker tracker = new CameraTracker("door", TrackingRules.defaults());
        List<CameraTracker.Visit> visits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            visits.addAll(tracker.observe(1_000 + i * 200L, 0, false, List.of(face(0, 100 + i * 5, 100, ada)), vote));
        }
        // decided after three agreeing faces, not on the first one
        assertThat(visits).hasSize(1);
        CameraTracker.Visit entered = visits.get(0);
        assertThat(entered.entered()).isTrue();
        assertThat(entered.track().decision().identityId()).isEqualTo("p-ada");
        assertThat(entered.track().decision().displayName()).isEqualTo("Ada");
        assertThat(entered.track().id()).isEqualTo("door-1000-0"); // camera, capture time, face

        // when nobody is seen for longer than the gap
        List<CameraTracker.Visit> left = tracker.expire(1_000 + 9 * 200L + 3_001, vote);
        assertThat(left).singleElement().satisfies(v -> {
            assertThat(v.entered()).isFalse();
            assertThat(v.track().faceCount()).isEqualTo(10);
            assertThat(v.track().lastSeenMillis() - v.track().firstSeenMillis()).isEqualTo(1_800);
        });
        assertThat(tracker.openTracks()).isZero();
    }

    @Test
    void someone_standing_for_ten_minutes_is_still_one_visit() {
        CameraTracker tracker = new CameraTracker("desk", TrackingRules.defaults());
        int events = 0;
        for (int i = 0; i < 3_000; i++) {
            events += tracker.observe(i * 200L, 0, false, List.of(face(0, 300, 200, bob)), vote).size();
        }
        assertThat(events).isEqualTo(1);
        assertThat(tracker.openTracks()).isEqualTo(1);
    }

    /** A camera at 5 fps with its tracker and cadence, as the matcher keeps them. */
    final class Feed {
        final CameraTracker tracker = new CameraTracker("door", TrackingRules.defaults());
        final FrameCadence cadence = new FrameCadence();
        long t = 1_000;

        /** {@code frames} frames showing {@code person} at (x, 100), or nobody when null; the visits they made. */
        List<CameraTracker.Visit> play(int frames, float[] person, float x) {
            List<CameraTracker.Visit> visits = new ArrayList<>();
            for (int i = 0; i < frames; i++, t += 200) {
                visits.addAll(tracker.observe(t, cadence.unobserved(t), false, person == null ? List.of() : List.of(face(0, x, 100, person)), vote));
            }
            return visits;
        }

        /** No frames at all for {@code millis}: ingest restarting, the camera reconnecting. */
        void outage(long millis) {
            t += millis;
        }

        long lastFrame() {
            return t - 200;
        }
    }

    @Test
    void a_visit_through_an_outage_of_the_camera_is_one_visit() {
        Feed door = new Feed();
        List<CameraTracker.Visit> visits = new ArrayList<>(door.play(10, ada, 100));
        // the ingest restarts: 5 s without any frame (longer than the 3 s gap), then the same person again
        door.outage(5_000);
        visits.addAll(door.play(10, ada, 102));
        assertThat(visits).singleElement().satisfies(v -> assertThat(v.entered()).isTrue());
        assertThat(door.tracker.openTracks()).isEqualTo(1);

        // then frames keep coming without her: she has left after the gap of frames that saw nobody
        assertThat(door.play(17, null, 0)).singleElement().satisfies(v -> {
            assertThat(v.entered()).isFalse();
            assertThat(v.track().faceCount()).isEqualTo(20);
        });
    }

    @Test
    void someone_who_left_during_an_outage_has_left_after_the_gap_of_frames_that_saw_nobody() {
        Feed door = new Feed();
        door.play(10, ada, 100);
        long lastSeen = door.lastFrame();
        door.outage(10_000);
        long firstEmpty = door.t;
        List<CameraTracker.Visit> left = new ArrayList<>();
        while (left.isEmpty() && door.t < firstEmpty + 4_000) {
            left.addAll(door.play(1, null, 0));
        }
        assertThat(left).singleElement().satisfies(v -> {
            assertThat(v.entered()).isFalse();
            assertThat(v.track().lastSeenMillis()).isEqualTo(lastSeen); // the dwell ends where she was last seen
        });
        assertThat(door.lastFrame() - firstEmpty).isBetween(2_800L, 3_400L);
    }

    @Test
    void someone_else_in_the_same_place_after_an_outage_is_a_new_visit() {
        Feed door = new Feed();
        List<CameraTracker.Visit> visits = new ArrayList<>(door.play(10, ada, 100));
        door.outage(5_000);
        visits.addAll(door.play(20, bob, 100));
        assertThat(visits).extracting(v -> (v.entered() ? "ENTERED " : "LEFT ") + v.track().decision().displayName())
                .containsExactly("ENTERED Ada", "ENTERED Bob", "LEFT Ada");
    }

    @Test
    void the_time_a_camera_sent_nothing_survives_a_restart_of_the_matcher() {
        CameraTracker tracker = new CameraTracker("door", TrackingRules.defaults());
        tracker.observe(1_000, 0, false, List.of(face(0, 100, 100, ada)), vote);
        tracker.observe(1_200, 0, false, List.of(face(0, 100, 100, ada)), vote);
        tracker.observe(7_400, 6_000, false, List.of(), vote);
        CameraTracker restored = CameraTracker.restore("door", TrackingRules.defaults(),
                TrackerState.fromBytes(tracker.snapshot().toBytes()));
        // seen last at 1 200, then 200 ms of frames without her and the 6 s outage: absent 200 ms so far
        assertThat(restored.expire(7_400 + 2_700, vote)).isEmpty();
        assertThat(restored.expire(7_400 + 2_900, vote)).isNotEmpty();
    }

    @Test
    void two_people_in_one_frame_are_two_tracks() {
        CameraTracker tracker = new CameraTracker("hall", TrackingRules.defaults());
        List<CameraTracker.Visit> visits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            visits.addAll(tracker.observe(i * 200L, 0, false, List.of(face(0, 100, 100, ada), face(1, 500, 100, bob)), vote));
        }
        assertThat(visits).extracting(v -> v.track().decision().identityId()).containsExactlyInAnyOrder("p-ada", "p-bob");
    }

    @Test
    void someone_else_stepping_into_the_same_place_starts_a_new_track() {
        CameraTracker tracker = new CameraTracker("till", TrackingRules.defaults());
        List<CameraTracker.Visit> visits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            visits.addAll(tracker.observe(i * 200L, 0, false, List.of(face(0, 100, 100, ada)), vote));
        }
        for (int i = 4; i < 8; i++) {
            visits.addAll(tracker.observe(i * 200L, 0, false, List.of(face(0, 100, 100, bob)), vote));
        }
        assertThat(visits).extracting(v -> v.track().decision().identityId()).containsExactly("p-ada", "p-bob");
        assertThat(tracker.openTracks()).isEqualTo(2);
    }

    @Test
    void a_shot_cut_ends_every_track_and_the_same_person_after_it_keeps_their_visitor_id() {
        // a stranger on a camera whose picture cuts (a TV feed, a multiplexed recorder): the face stays where it was
        CameraTracker tracker = new CameraTracker("stage", TrackingRules.defaults());
        List<CameraTracker.Visit> visits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            visits.addAll(tracker.observe(i * 200L, 0, false, List.of(face(0, 100, 100, stranger)), vote));
        }
        // the cut: the open track ends there (LEFT) before the frame's faces are linked, which start a new track
        List<CameraTracker.Visit> atCut = tracker.observe(1_000, 0, true, List.of(face(0, 100, 100, stranger)), vote);
        assertThat(atCut).extracting(CameraTracker.Visit::entered).containsExactly(false);
        visits.addAll(atCut);
        for (int i = 6; i < 10; i++) {
            visits.addAll(tracker.observe(i * 200L, 0, false, List.of(face(0, 100, 100, stranger)), vote));
        }
        visits.addAll(tracker.endAll(vote));

        assertThat(visits).extracting(CameraTracker.Visit::entered).containsExactly(true, false, true, false);
        assertThat(visits.get(0).track().id()).isNotEqualTo(visits.get(2).track().id());
        assertThat(visits.get(2).track().decision().visitorId()).as("one person across the cut").isEqualTo(visits.get(0).track().decision().visitorId());
        assertThat(tracker.openTracks()).isZero();
    }

    @Test
    void an_unknown_person_is_one_anonymous_visitor_across_cameras_and_visits() {
        CameraTracker door = new CameraTracker("door", TrackingRules.defaults());
        CameraTracker till = new CameraTracker("till", TrackingRules.defaults());
        List<CameraTracker.Visit> visits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            visits.addAll(door.observe(i * 200L, 0, false, List.of(face(0, 100, 100, stranger)), vote));
        }
        for (int i = 0; i < 5; i++) {
            visits.addAll(till.observe(60_000 + i * 200L, 0, false, List.of(face(0, 50, 80, stranger)), vote));
        }
        assertThat(visits).hasSize(2).allSatisfy(v -> assertThat(v.track().decision().known()).isFalse());
        assertThat(visits.get(0).track().decision().visitorId()).isEqualTo("v-door-0-0")
                .isEqualTo(visits.get(1).track().decision().visitorId());
        assertThat(visitors.size()).isEqualTo(1);
    }

    @Test
    void a_short_track_is_decided_when_it_ends() {
        CameraTracker tracker = new CameraTracker("door", TrackingRules.defaults());
        assertThat(tracker.observe(0, 0, false, List.of(face(0, 100, 100, ada)), vote)).isEmpty();
        assertThat(tracker.observe(200, 0, false, List.of(face(0, 100, 100, ada)), vote)).isEmpty();
        List<CameraTracker.Visit> visits = tracker.expire(5_000, vote);
        assertThat(visits).extracting(CameraTracker.Visit::entered).containsExactly(true, false);
        assertThat(visits.get(0).track().decision().identityId()).isEqualTo("p-ada");
    }

    @Test
    void a_track_that_ends_after_one_face_is_not_named_on_it() {
        CameraTracker tracker = new CameraTracker("door", TrackingRules.defaults());
        tracker.observe(0, 0, false, List.of(face(0, 100, 100, ada)), vote);
        List<CameraTracker.Visit> visits = tracker.expire(5_000, vote);
        assertThat(visits).extracting(CameraTracker.Visit::entered).containsExactly(true, false);
        assertThat(visits.get(0).track().decision().known()).isFalse();
    }

    @Test
    void a_track_whose_faces_all_failed_quality_gates_is_an_unknown_visit_when_it_ends() {
        // given a person seen in five frames, every face too small or blurred to embed
        CameraTracker tracker = new CameraTracker("door", TrackingRules.defaults());
        for (int i = 0; i < 5; i++) {
            assertThat(tracker.observe(i * 200L, 0, false, List.of(new CameraTracker.Face(0, new Box(100, 100, 80, 80), null, 0.1f)), vote)).isEmpty();
        }
        // when the track ends
        List<CameraTracker.Visit> visits = tracker.expire(10_000, vote);
        // then it was someone: one unknown visit with a visitor id of its own
        assertThat(visits).extracting(CameraTracker.Visit::entered).containsExactly(true, false);
        Track.Decision d = visits.get(0).track().decision();
        assertThat(d.known()).isFalse();
        assertThat(d.visitorId()).isEqualTo("v-" + visits.get(0).track().id());
    }

    @Test
    void faces_are_linked_to_tracks_all_at_once_not_greedily() {
        // given two people side by side
        CameraTracker tracker = new CameraTracker("door", TrackingRules.defaults());
        tracker.observe(0, 0, false, List.of(new CameraTracker.Face(0, new Box(100, 100, 80, 80), null, 0.9f),
                new CameraTracker.Face(1, new Box(160, 100, 80, 80), null, 0.9f)), vote);
        // when both step right and the sharper face now overlaps the other person's last place more than its own
        tracker.observe(200, 0, false, List.of(new CameraTracker.Face(0, new Box(140, 100, 80, 80), null, 0.99f),
                new CameraTracker.Face(1, new Box(200, 100, 80, 80), null, 0.5f)), vote);
        // then each keeps their track: no third track for the face a greedy pick would have left over
        assertThat(tracker.openTracks()).isEqualTo(2);
        assertThat(tracker.snapshot().tracks()).extracting(t -> t.lastBox().x()).containsExactlyInAnyOrder(140f, 200f);
    }

    @Test
    void a_single_unrecognisable_face_is_not_a_visit() {
        CameraTracker tracker = new CameraTracker("door", TrackingRules.defaults());
        tracker.observe(0, 0, false, List.of(new CameraTracker.Face(0, new Box(100, 100, 80, 80), null, 0.1f)), vote);
        assertThat(tracker.expire(10_000, vote)).isEmpty();
    }

    @Test
    void two_unknown_people_in_one_frame_never_share_a_visitor_id() {
        // given two unknown faces in the same frames whose embeddings are as alike as one person's
        float[] lookalike = stranger.clone();
        lookalike[0] += 0.01f;
        Vectors.normalize(lookalike);
        CameraTracker tracker = new CameraTracker("door", TrackingRules.defaults());
        List<CameraTracker.Visit> visits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            visits.addAll(tracker.observe(i * 200L, 0, false, List.of(face(0, 100, 100, stranger), face(1, 600, 100, lookalike)), vote));
        }
        // then they are two visitors
        assertThat(visits).hasSize(2).allSatisfy(v -> assertThat(v.track().decision().known()).isFalse());
        assertThat(visits.get(0).track().decision().visitorId()).isNotEqualTo(visits.get(1).track().decision().visitorId());
    }

    @Test
    void an_erased_identity_is_no_longer_recognised() {
        gallery.apply("p-ada", null);
        CameraTracker tracker = new CameraTracker("door", TrackingRules.defaults());
        List<CameraTracker.Visit> visits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            visits.addAll(tracker.observe(i * 200L, 0, false, List.of(face(0, 100, 100, ada)), vote));
        }
        assertThat(visits).singleElement().satisfies(v -> assertThat(v.track().decision().known()).isFalse());
    }

    CameraTracker.Face face(int index, float x, float y, float[] person) {
        float[] v = person.clone();
        for (int d = 0; d < v.length; d++) {
            v[d] += (float) random.nextGaussian() * 0.05f;
        }
        return new CameraTracker.Face(index, new Box(x, y, 80, 80), Vectors.normalize(v), 0.9f);
    }

    static Identity identity(String id, String name, float[] vector) {
        List<Float> values = new ArrayList<>();
        for (float f : vector) {
            values.add(f);
        }
        Instant now = Instant.now();
        return Identity.newBuilder().setIdentityId(id).setDisplayName(name).setModelId("test-model")
                .setTemplates(List.of(new FaceTemplate("t-" + id, values, null, now))).setCreatedAt(now).setUpdatedAt(now).build();
    }
}
