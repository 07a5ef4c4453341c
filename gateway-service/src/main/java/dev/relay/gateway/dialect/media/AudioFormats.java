package dev.relay.gateway.dialect.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;

/**
 * What the gateway reads of audio itself: a WAV file's duration (RIFF/WAVE, from its {@code fmt } and {@code data}
 * chunks), to hold credit for a transcription and to meter speech; and the type of other audio, by its first bytes.
 */
public final class AudioFormats {

    public static final String WAV = "audio/wav";
    /** Bytes after a WAV's data chunk still taken as metadata (LIST, id3 chunks), not audio. */
    private static final long TRAILING_METADATA = 64 * 1024;

    private AudioFormats() {
    }

    public static boolean isWav(byte[] audio) {
        return audio.length >= 12 && ascii(audio, 0, "RIFF") && ascii(audio, 8, "WAVE");
    }

    /**
     * The duration of a WAV file in milliseconds, rounded up; empty when its header cannot be read or makes no sense.
     * The rate is worked out from the sample rate and frame size as decoders read them, never taken from the header's
     * own byte-rate field (a file claiming a huge one would be held and charged as a millisecond). A {@code data} size
     * of 0 or larger than the bytes there (streamed WAVs write 0 or 0xFFFFFFFF) counts the bytes there.
     */
    public static OptionalLong wavMillis(byte[] audio) {
        if (!isWav(audio)) {
            return OptionalLong.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(audio).order(ByteOrder.LITTLE_ENDIAN);
        long byteRate = 0;
        long at = 12;
        while (at + 8 <= audio.length) {
            int chunk = (int) at;
            long size = Integer.toUnsignedLong(in.getInt(chunk + 4));
            if (ascii(audio, chunk, "fmt ")) {
                if (size < 16 || chunk + 24 > audio.length) {
                    return OptionalLong.empty();
                }
                byteRate = bytesPerSecond(in, chunk + 8);
                if (byteRate <= 0) {
                    return OptionalLong.empty();
                }
            } else if (ascii(audio, chunk, "data")) {
                long there = audio.length - (at + 8);
                // Streamed WAVs write 0 or 0xFFFFFFFF; a short data chunk followed by far more than trailing metadata
                // (a second data chunk) is read whole, as lenient decoders read it.
                long present = size == 0 || size > there || there - size > TRAILING_METADATA ? there : size;
                return byteRate <= 0 ? OptionalLong.empty()
                        : OptionalLong.of((present * 1000 + byteRate - 1) / byteRate);
            }
            at += 8 + size + (size & 1); // chunks are padded to an even size; a long: no size wraps it round
        }
        return OptionalLong.empty();
    }

    /**
     * Bytes a second of the {@code fmt } chunk at {@code at}: for PCM and float (and their extensible form) the sample
     * rate times the frame size, which must be the channels times the sample size; for compressed formats the
     * header's own rate, held to what the same samples uncompressed would need at most. 0 when it makes no sense.
     */
    private static long bytesPerSecond(ByteBuffer in, int at) {
        int format = Short.toUnsignedInt(in.getShort(at));
        int channels = Short.toUnsignedInt(in.getShort(at + 2));
        long sampleRate = Integer.toUnsignedLong(in.getInt(at + 4));
        long declared = Integer.toUnsignedLong(in.getInt(at + 8));
        int blockAlign = Short.toUnsignedInt(in.getShort(at + 12));
        int bits = Short.toUnsignedInt(in.getShort(at + 14));
        if (channels < 1 || channels > 16 || sampleRate < 1000 || sampleRate > 384_000) {
            return 0;
        }
        boolean uncompressed = format == 1 || format == 3 || format == 0xFFFE;
        if (uncompressed) {
            boolean sane = bits % 8 == 0 && bits >= 8 && bits <= 64 && blockAlign == channels * bits / 8;
            return sane ? sampleRate * blockAlign : 0;
        }
        return declared >= 100 && declared <= sampleRate * channels * 8 ? declared : 0;
    }

    /** The media type of audio by its first bytes; {@code declared} (a data: URL's) when they say nothing. */
    public static String typeOf(byte[] audio, String declared) {
        if (isWav(audio)) {
            return WAV;
        }
        if (ascii(audio, 0, "ID3") || audio.length > 1 && (audio[0] & 0xFF) == 0xFF && (audio[1] & 0xE0) == 0xE0) {
            return "audio/mpeg";
        }
        if (ascii(audio, 0, "OggS")) {
            return "audio/ogg";
        }
        if (ascii(audio, 0, "fLaC")) {
            return "audio/flac";
        }
        if (ascii(audio, 4, "ftyp")) {
            return "audio/mp4";
        }
        if (audio.length >= 4 && (audio[0] & 0xFF) == 0x1A && (audio[1] & 0xFF) == 0x45 && (audio[2] & 0xFF) == 0xDF
                && (audio[3] & 0xFF) == 0xA3) {
            return "audio/webm";
        }
        return declared != null && declared.startsWith("audio/") ? declared : "application/octet-stream";
    }

    private static boolean ascii(byte[] bytes, int at, String text) {
        if (at + text.length() > bytes.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
