package dev.relay.gateway.dialect.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import dev.relay.gateway.fleet.Fleet;
import org.junit.jupiter.api.Test;

class AudioFormatsTest {

    private static byte[] wav(int rate, int channels, int frames, boolean listChunk) {
        return Fleet.wav(rate, channels, frames, listChunk);
    }

    @Test
    void aWavFilesDurationComesFromItsByteRateAndDataSize() {
        assertEquals(2500, AudioFormats.wavMillis(wav(24_000, 1, 60_000, false)).getAsLong());
    }

    @Test
    void chunksBeforeTheDataAreSkippedWithTheirPadding() {
        assertEquals(1000, AudioFormats.wavMillis(wav(16_000, 2, 16_000, true)).getAsLong());
    }

    @Test
    void aPartialMillisecondIsRoundedUp() {
        assertEquals(1, AudioFormats.wavMillis(wav(24_000, 1, 1, false)).getAsLong());
    }

    @Test
    void aStreamedWavWithAnOversizedDataChunkCountsTheBytesThere() {
        byte[] streamed = wav(8_000, 1, 8_000, false);
        ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN).putInt(streamed.length - 8_000 * 2 - 4, -1);
        assertEquals(1000, AudioFormats.wavMillis(streamed).getAsLong());
    }

    @Test
    void aHeadersOwnByteRateIsNotTrustedForPcm() {
        byte[] lying = wav(16_000, 1, 16_000, false);
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(28, -1); // byte rate 0xFFFFFFFF
        assertEquals(1000, AudioFormats.wavMillis(lying).getAsLong());
    }

    @Test
    void aShortDataChunkFollowedByMoreAudioIsReadWhole() {
        byte[] split = wav(16_000, 1, 160_000, false); // 10 s, its data chunk claiming 2 bytes
        ByteBuffer.wrap(split).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 2);
        assertEquals(10_000, AudioFormats.wavMillis(split).getAsLong());
    }

    @Test
    void aZeroDataSizeCountsTheBytesThere() {
        byte[] streamed = wav(16_000, 1, 8_000, false);
        ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0);
        assertEquals(500, AudioFormats.wavMillis(streamed).getAsLong());
    }

    @Test
    void aFrameSizeThatIsNotChannelsTimesSampleSizeHasNoDuration() {
        byte[] odd = wav(16_000, 1, 100, false);
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putShort(32, (short) 7);
        assertTrue(AudioFormats.wavMillis(odd).isEmpty());
    }

    @Test
    void aSampleRateNoDecoderPlaysHasNoDuration() {
        assertTrue(AudioFormats.wavMillis(wav(500, 1, 100, false)).isEmpty());
        byte[] huge = wav(16_000, 1, 100, false);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(24, Integer.MAX_VALUE);
        assertTrue(AudioFormats.wavMillis(huge).isEmpty());
    }

    @Test
    void aWavWithoutAFormatChunkHasNoDuration() {
        byte[] noFormat = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).put("RIFF".getBytes()).putInt(12)
                .put("WAVE".getBytes()).put("data".getBytes()).putInt(0).array();
        assertTrue(AudioFormats.wavMillis(noFormat).isEmpty());
    }

    @Test
    void otherAudioIsKnownByItsFirstBytes() {
        assertEquals("audio/mpeg", AudioFormats.typeOf("ID3\u0004rest".getBytes(), null));
        assertEquals("audio/ogg", AudioFormats.typeOf("OggSrest".getBytes(), null));
        assertEquals("audio/flac", AudioFormats.typeOf("fLaCrest".getBytes(), null));
        assertEquals("audio/webm", AudioFormats.typeOf("whatever".getBytes(), "audio/webm"));
        assertEquals("application/octet-stream", AudioFormats.typeOf("whatever".getBytes(), "text/plain"));
    }
}
