package dev.relay.simulator.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class WavFormatTest {

    private static byte[] wav(int sampleRate, int channels, int bits, int dataBytes) {
        byte[] file = new byte[WavFormat.HEADER_BYTES + dataBytes];
        WavFormat.writeHeader(file, 0, sampleRate, channels, bits, dataBytes);
        return file;
    }

    @Test
    void writtenHeaderIsReadByJavaSoundWithItsFormatAndLength() throws Exception {
        byte[] file = wav(24_000, 1, 16, 2 * 36_000);

        try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(file))) {
            AudioFormat format = audio.getFormat();
            assertEquals(24_000f, format.getSampleRate());
            assertEquals(16, format.getSampleSizeInBits());
            assertEquals(1, format.getChannels());
            assertEquals(36_000, audio.getFrameLength());
        }
    }

    @Test
    void durationIsDataBytesOverByteRate() throws Exception {
        assertEquals(1.5, WavFormat.read(wav(16_000, 2, 16, 96_000), 0, 44 + 96_000).durationSeconds());
    }

    @Test
    void dataSizeLargerThanTheFileCountsTheBytesPresent() throws Exception {
        byte[] file = wav(8_000, 1, 8, 4_000);
        file[40] = (byte) 0xFF; // a streamed WAV's "unknown" size
        file[41] = (byte) 0xFF;
        file[42] = (byte) 0xFF;
        file[43] = (byte) 0xFF;

        assertEquals(0.5, WavFormat.read(file, 0, file.length).durationSeconds());
    }

    @Test
    void chunksBeforeDataAreSkipped() throws Exception {
        byte[] plain = wav(8_000, 1, 16, 16_000);
        byte[] file = new byte[plain.length + 12];
        System.arraycopy(plain, 0, file, 0, 36);
        byte[] oddSizedChunk = {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0}; // 3 bytes, padded to 4
        System.arraycopy(oddSizedChunk, 0, file, 36, 12);
        System.arraycopy(plain, 36, file, 48, plain.length - 36);

        assertEquals(1.0, WavFormat.read(file, 0, file.length).durationSeconds());
    }

    @Test
    void byteRateDisagreeingWithTheFormatIsInvalid() {
        byte[] file = wav(24_000, 1, 16, 100);
        file[28] = 1;

        assertThrows(WavFormat.InvalidWav.class, () -> WavFormat.read(file, 0, file.length));
    }

    @Test
    void truncatedHeaderIsInvalid() {
        byte[] file = wav(24_000, 1, 16, 100);

        assertThrows(WavFormat.InvalidWav.class, () -> WavFormat.read(file, 0, 30));
    }

    @Test
    void onlyRiffWaveLooksLikeAWav() {
        assertTrue(WavFormat.looksLikeWav(wav(24_000, 1, 16, 0), 0, 44));
        assertFalse(WavFormat.looksLikeWav("ID3 this is an mp3 ...".getBytes(), 0, 22));
    }
}
