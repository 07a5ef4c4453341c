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

    private AudioFormats() {
    }

    public static boolean isWav(byte[] audio) {
        return audio.length >= 12 && ascii(audio, 0, "RIFF") && ascii(audio, 8, "WAVE");
    }

    /**
     * The duration of a WAV file in milliseconds, rounded up; empty when its header cannot be read. A {@code data}
     * size larger than the bytes there (a streamed WAV writes 0xFFFFFFFF) counts the bytes there.
     */
    public static OptionalLong wavMillis(byte[] audio) {
        if (!isWav(audio)) {
            return OptionalLong.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(audio).order(ByteOrder.LITTLE_ENDIAN);
        long byteRate = 0;
        int at = 12;
        while (at + 8 <= audio.length) {
            long size = Integer.toUnsignedLong(in.getInt(at + 4));
            if (ascii(audio, at, "fmt ") && size >= 16 && at + 24 <= audio.length) {
                byteRate = Integer.toUnsignedLong(in.getInt(at + 16));
            } else if (ascii(audio, at, "data")) {
                long present = Math.min(size, audio.length - (at + 8L));
                return byteRate <= 0 ? OptionalLong.empty()
                        : OptionalLong.of((present * 1000 + byteRate - 1) / byteRate);
            }
            at += 8 + size + (size & 1); // chunks are padded to an even size
            if (at < 0 || size > audio.length) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
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
