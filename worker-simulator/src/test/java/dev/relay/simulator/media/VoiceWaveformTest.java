package dev.relay.simulator.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VoiceWaveformTest {

    @Test
    void isQuietButNotSilence() {
        byte[] pcm = new byte[2 * 24_000];
        VoiceWaveform.write(pcm, 0, 24_000, 24_000, 1, 2);

        int peak = 0;
        for (int i = 0; i < pcm.length; i += 2) {
            peak = Math.max(peak, Math.abs((short) ((pcm[i] & 0xFF) | pcm[i + 1] << 8)));
        }
        assertTrue(peak > 100, "audible, peak " + peak);
        assertTrue(peak < 4_000, "quiet, peak " + peak);
    }
}
