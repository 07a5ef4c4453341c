package dev.relay.simulator.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** WAV files written and read with the JDK's own javax.sound, independently of the simulator's code. */
final class Audio {

    private Audio() {
    }

    /** A WAV of 16-bit PCM of that length, filled with a simple ramp. */
    static byte[] wav(double seconds, int sampleRate, int channels) throws IOException {
        AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
        int frames = (int) Math.round(seconds * sampleRate);
        byte[] samples = new byte[frames * format.getFrameSize()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (i % 64);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(samples), format, frames),
                AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    static AudioInputStream read(byte[] wav) throws IOException, UnsupportedAudioFileException {
        return AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav));
    }

    static double seconds(AudioInputStream audio) {
        return audio.getFrameLength() / audio.getFormat().getFrameRate();
    }
}
