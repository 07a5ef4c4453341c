package dev.relay.simulator.service;

/**
 * How long each media job keeps the GPU busy at {@code speed-factor} 1, in simulated seconds ({@link MediaQueue}
 * divides by the speed factor and scales to the wall clock). The rates are round figures of a diffusion model on
 * one large GPU, a TTS model at ten times real time, Whisper at twenty times real time, and a video model.
 */
public final class GpuTime {

    private GpuTime() {
    }

    /** 0.6 s per megapixel per picture. */
    public static double images(int width, int height, int count) {
        return 0.6 * width * height / 1_000_000.0 * count;
    }

    /** A tenth of the speech's own duration. */
    public static double speech(double audioSeconds) {
        return audioSeconds * 0.1;
    }

    /** A twentieth of the audio's duration. */
    public static double transcription(double audioSeconds) {
        return audioSeconds * 0.05;
    }

    /** 1.5 s per second of video. */
    public static double video(int seconds) {
        return seconds * 1.5;
    }
}
