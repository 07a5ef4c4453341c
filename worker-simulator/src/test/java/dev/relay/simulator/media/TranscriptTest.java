package dev.relay.simulator.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {

    @Test
    void aboutTwoAndAHalfWordsPerSecondOfAudio() {
        assertEquals(25, Transcript.of(1, 10.0).text().split(" ").length);
        assertEquals(1, Transcript.of(1, 0.1).text().split(" ").length);
    }

    @Test
    void segmentsFollowEachOtherFromZeroToTheEndAndSpellTheText() {
        Transcript transcript = Transcript.of(5, 30.0);
        List<Transcript.Segment> segments = transcript.segments();

        assertEquals(0.0, segments.get(0).start());
        assertEquals(30.0, segments.get(segments.size() - 1).end());
        for (int i = 0; i < segments.size(); i++) {
            assertEquals(i, segments.get(i).id());
            assertTrue(segments.get(i).end() > segments.get(i).start());
            if (i > 0) {
                assertEquals(segments.get(i - 1).end(), segments.get(i).start());
            }
        }
        String spelled = String.join("", segments.stream().map(Transcript.Segment::text).toList());
        assertEquals(transcript.text(), spelled.strip());
    }

    @Test
    void sameSeedSameWords() {
        assertEquals(Transcript.of(77, 12.0), Transcript.of(77, 12.0));
    }
}
