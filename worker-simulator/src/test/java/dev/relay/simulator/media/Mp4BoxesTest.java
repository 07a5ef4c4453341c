package dev.relay.simulator.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class Mp4BoxesTest {

    @Test
    void topLevelBoxesAreFtypMoovMdatAndTileTheFile() {
        byte[] mp4 = Mp4Boxes.mp4(4, 1280, 720, 1);

        assertEquals(List.of("ftyp", "moov", "mdat"), IsoBoxes.parse(mp4).children().stream().map(IsoBoxes.Box::type)
                .toList());
    }

    @Test
    void mvhdGivesTheDurationInSeconds() {
        assertEquals(12.0, IsoBoxes.movieSeconds(Mp4Boxes.mp4(12, 1280, 720, 1)));
    }

    @Test
    void videoTrackHeaderCarriesTheSize() {
        byte[] mp4 = Mp4Boxes.mp4(8, 720, 1280, 1);
        IsoBoxes.Box tkhd = IsoBoxes.parse(mp4).find("tkhd");

        assertNotNull(tkhd);
        ByteBuffer b = ByteBuffer.wrap(mp4);
        assertEquals(720, b.getInt(tkhd.offset() + tkhd.size() - 8) >>> 16);
        assertEquals(1280, b.getInt(tkhd.offset() + tkhd.size() - 4) >>> 16);
        assertNotNull(IsoBoxes.parse(mp4).find("hdlr"));
    }

    @Test
    void sameSeedSameBytesAndTheMediaDataGrowsWithTheDuration() {
        assertArrayEquals(Mp4Boxes.mp4(4, 1280, 720, 9), Mp4Boxes.mp4(4, 1280, 720, 9));
        assertTrue(IsoBoxes.parse(Mp4Boxes.mp4(8, 1280, 720, 9)).find("mdat").size()
                > IsoBoxes.parse(Mp4Boxes.mp4(4, 1280, 720, 9)).find("mdat").size());
    }
}
