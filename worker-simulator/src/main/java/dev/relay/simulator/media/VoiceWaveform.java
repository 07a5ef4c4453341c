package dev.relay.simulator.media;

import dev.relay.simulator.engine.SplitMix;

/**
 * Stand-in speech: 16-bit mono samples of a quiet tone whose pitch depends on the voice, shaped into syllables of
 * about a fifth of a second (each with its own loudness, some of them pauses) with a little noise, so it sounds
 * like murmuring rather than silence or a test beep. Integer arithmetic over a sine table keeps even twenty minutes
 * of audio to a few tens of milliseconds.
 */
public final class VoiceWaveform {

    private static final int TABLE_SIZE = 4096;
    private static final short[] SINE = new short[TABLE_SIZE];

    static {
        for (int i = 0; i < TABLE_SIZE; i++) {
            SINE[i] = (short) Math.round(32767 * Math.sin(2 * Math.PI * i / TABLE_SIZE));
        }
    }

    private VoiceWaveform() {
    }

    /**
     * Writes {@code samples} little-endian 16-bit samples at {@code target[offset..]}.
     *
     * @param pitchSeed picks the pitch (same voice, same pitch)
     * @param contentSeed picks the syllables' loudness and the noise (same text, same sound)
     */
    public static void write(byte[] target, int offset, int samples, int sampleRate, long pitchSeed, long contentSeed) {
        double pitchHz = 110 + Long.remainderUnsigned(SplitMix.mix(pitchSeed), 120);
        long step = (long) (pitchHz * TABLE_SIZE / sampleRate * 65536); // 16.16 fixed-point phase increment
        int syllable = Math.max(1, sampleRate / 5);
        long phase = 0;
        long noise = SplitMix.mix(contentSeed) | 1;
        int loudness = 0;
        for (int i = 0; i < samples; i++) {
            int inSyllable = i % syllable;
            if (inSyllable == 0) {
                long h = SplitMix.mix(contentSeed + i / syllable);
                loudness = (h & 7) == 0 ? 0 : 600 + (int) ((h >>> 8) % 1400); // about -35 to -27 dBFS, or a pause
            }
            // A triangle envelope over the syllable avoids clicks at its edges.
            int envelope = Math.min(inSyllable, syllable - inSyllable) * 2 * 1024 / syllable;
            noise ^= noise << 13;
            noise ^= noise >>> 7;
            noise ^= noise << 17;
            int tone = SINE[(int) (phase >>> 16) & (TABLE_SIZE - 1)];
            int sample = (int) ((long) tone * loudness / 32767 * envelope / 1024) + (int) (noise % 24);
            phase += step;
            target[offset + 2 * i] = (byte) sample;
            target[offset + 2 * i + 1] = (byte) (sample >> 8);
        }
    }
}
