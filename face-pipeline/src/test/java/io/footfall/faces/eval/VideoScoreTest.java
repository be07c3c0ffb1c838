package io.footfall.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The video evaluation's scoring, pinned on hand-made clips. */
class VideoScoreTest {

    static final VideoScore.Counters SEEN = new VideoScore.Counters(10, 12, 9, Map.of("BLURRED", 3));

    static List<VideoTruth.Person> truth(String... rows) {
        return VideoTruth.parse(Path.of("truth.csv"), List.of(("clip,person,name,required,presence\n" + String.join("\n", rows)).split("\n")));
    }

    static VideoScore.Visit unknown(String track, String visitor, long from, long to) {
        return new VideoScore.Visit(track, false, visitor, null, from, to, 5);
    }

    static VideoScore.Visit known(String track, String name, long from, long to) {
        return new VideoScore.Visit(track, true, "id-" + name, name, from, to, 5);
    }

    @Test
    void a_clip_of_two_people_reported_as_two_is_counted_exactly() {
        var t = truth("door.mp4,a,,0,always", "door.mp4,b,,0,always");
        var score = VideoScore.score("door.mp4", t, List.of(unknown("t1", "v-1", 0, 1000), unknown("t2", "v-2", 0, 1000)), SEEN, 2, 1);
        assertThat(score.people()).isEqualTo(2);
        assertThat(score.reported()).isEqualTo(2);
        assertThat(score.countedExactly()).isTrue();
        assertThat(score.missed()).isZero();
        assertThat(score.extra()).isZero();
    }

    @Test
    void two_people_in_one_frame_given_one_visitor_id_are_one_missed_and_one_shared_id() {
        var t = truth("door.mp4,a,,0,always", "door.mp4,b,,0,always");
        var score = VideoScore.score("door.mp4", t, List.of(unknown("t1", "v-1", 0, 1000), unknown("t2", "v-1", 500, 1500)), SEEN, 2, 1);
        assertThat(score.visits()).isEqualTo(2);
        assertThat(score.reported()).isEqualTo(1);
        assertThat(score.countedExactly()).isFalse();
        assertThat(score.missed()).isEqualTo(1);
        assertThat(score.sharedIds()).isEqualTo(1);
    }

    @Test
    void visits_per_appearance_counts_one_presence_split_into_several_visits() {
        // one person on camera once, split into three visits (a tracker losing them twice), and someone who came twice
        var t = VideoTruth.parse(Path.of("truth.csv"), List.of("clip,person,name,required,presence,appearances",
                "door.mp4,a,,0,always,", "door.mp4,b,,0,always,2", "door.mp4,c,,0,maybe,"));
        var score = VideoScore.score("door.mp4", t, List.of(unknown("t1", "v-1", 0, 1000), unknown("t2", "v-1", 1500, 2000),
                unknown("t3", "v-1", 2500, 3000), unknown("t4", "v-2", 0, 500), unknown("t5", "v-2", 9000, 9500)), SEEN, 10, 1);
        assertThat(score.appearances()).as("a once, b twice; c, who may be counted, was not").isEqualTo(3);
        assertThat(score.visits()).isEqualTo(5);
        assertThat(VideoScore.fragmentation(score.visits(), score.appearances())).isCloseTo(5 / 3.0, within(1e-9));

        // a background person who was counted adds their one appearance
        var withC = VideoScore.score("door.mp4", t, List.of(unknown("t1", "v-1", 0, 1000), unknown("t4", "v-2", 0, 500),
                unknown("t5", "v-2", 9000, 9500), unknown("t6", "v-3", 0, 500)), SEEN, 10, 1);
        assertThat(withC.appearances()).isEqualTo(4);
        assertThat(VideoScore.fragmentation(withC.visits(), withC.appearances())).isEqualTo(1.0);
        assertThat(VideoScore.total(List.of(score, withC)).appearances()).isEqualTo(7);
        assertThat(VideoScore.fragmentation(0, 0)).isNaN();
    }

    @Test
    void appearances_must_be_a_whole_number_from_one() {
        assertThatThrownBy(() -> VideoTruth.parse(Path.of("truth.csv"), List.of("clip,person,name,required,appearances", "door.mp4,a,,0,0",
                "door.mp4,b,,0,twice")))
                .hasMessageContaining("line 2: appearances is '0'").hasMessageContaining("line 3: appearances is 'twice'");
    }

    @Test
    void one_person_coming_back_keeps_an_id_without_it_counting_as_shared() {
        var t = truth("door.mp4,a,,0,always");
        var score = VideoScore.score("door.mp4", t, List.of(unknown("t1", "v-1", 0, 1000), unknown("t2", "v-1", 5000, 6000)), SEEN, 6, 1);
        assertThat(score.visits()).isEqualTo(2);
        assertThat(score.reported()).isEqualTo(1);
        assertThat(score.countedExactly()).isTrue();
        assertThat(score.sharedIds()).isZero();
    }

    @Test
    void a_visit_naming_someone_not_in_the_clip_is_a_wrong_name_and_the_required_name_is_missing() {
        var t = truth("door.mp4,a,Ada,1,always", "door.mp4,b,,0,always");
        var score = VideoScore.score("door.mp4", t, List.of(known("t1", "Bob", 0, 1000), unknown("t2", "v-2", 0, 1000)), SEEN, 2, 1);
        assertThat(score.wrongNames()).isEqualTo(1);
        assertThat(score.wrongNamesGiven()).containsExactly("Bob");
        assertThat(score.requiredNames()).isEqualTo(1);
        assertThat(score.requiredNamed()).isZero();
        assertThat(score.countedExactly()).isTrue(); // two people reported, though one wrongly named
    }

    @Test
    void people_who_may_be_there_widen_the_exact_range() {
        var t = truth("hall.mp4,a,,0,always", "hall.mp4,b,,0,maybe", "hall.mp4,c,,0,maybe");
        var one = VideoScore.score("hall.mp4", t, List.of(unknown("t1", "v-1", 0, 1)), SEEN, 1, 1);
        var four = VideoScore.score("hall.mp4", t, List.of(unknown("t1", "v-1", 0, 1), unknown("t2", "v-2", 0, 1), unknown("t3", "v-3", 0, 1),
                unknown("t4", "v-4", 0, 1)), SEEN, 1, 1);
        var none = VideoScore.score("hall.mp4", t, List.of(), SEEN, 1, 1);
        assertThat(one.countedExactly()).isTrue();
        assertThat(four.countedExactly()).isFalse();
        assertThat(four.extra()).isEqualTo(1);
        assertThat(none.missed()).isEqualTo(1);
        var total = VideoScore.total(List.of(one, four, none));
        assertThat(total.clips()).isEqualTo(3);
        assertThat(total.countedExactly()).isEqualTo(1);
        assertThat(total.gated()).containsEntry("BLURRED", 9);
    }

    @Test
    void bad_truth_rows_are_listed_by_line() {
        assertThatThrownBy(() -> VideoTruth.parse(Path.of("t.csv"), List.of("clip,person,name,required", "a.mp4,p1,,2", "a.mp4,p1,,0",
                "a.mp4,p3,,1", "b.mp4")))
                .isInstanceOf(VideoTruth.BadTruthException.class)
                .hasMessageContaining("line 2: required is '2'")
                .hasMessageContaining("line 3: person 'p1' is already used")
                .hasMessageContaining("line 4: required 1 needs a name")
                .hasMessageContaining("line 5: expected 4 fields, got 1");
        assertThatThrownBy(() -> VideoTruth.parse(Path.of("t.csv"), List.of("clip,who,name")))
                .hasMessageContaining("no 'person' column");
    }

    @Test
    void comments_and_extra_columns_are_read_past() {
        var t = VideoTruth.parse(Path.of("t.csv"), List.of("# who is where", "clip,person,name,required,note", "a.mp4,p1,Ada,1,left of the door"));
        assertThat(t).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.name()).isEqualTo("Ada");
            assertThat(p.required()).isTrue();
            assertThat(p.maybe()).isFalse();
        });
    }
}
