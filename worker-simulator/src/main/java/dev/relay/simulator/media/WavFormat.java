package dev.relay.simulator.media;

/**
 * RIFF/WAVE: writing the 44-byte header of a PCM file, and reading the header of an uploaded one to learn how long
 * it plays. Reading is strict about what a decoder needs (a {@code fmt } chunk whose sizes agree, then a
 * {@code data} chunk) and lenient where real recorders are: a {@code data} size larger than what follows (streamed
 * WAVs write 0xFFFFFFFF) counts the bytes present.
 */
public final class WavFormat {

    public static final int HEADER_BYTES = 44;

    private WavFormat() {
    }

    /** What an uploaded WAV declares, and how long its samples play. */
    public record Info(int channels, int sampleRate, int bitsPerSample, long dataBytes) {
        public double durationSeconds() {
            return (double) dataBytes / ((long) sampleRate * channels * (bitsPerSample / 8));
        }
    }

    /** An uploaded file that claims to be a WAV (RIFF/WAVE) but cannot be decoded. */
    public static final class InvalidWav extends Exception {
        InvalidWav(String message) {
            super(message);
        }
    }

    /** Whether the bytes start as a RIFF/WAVE file does (then {@link #read} must accept them). */
    public static boolean looksLikeWav(byte[] file, int offset, int length) {
        return length >= 12 && tag(file, offset, "RIFF") && tag(file, offset + 8, "WAVE");
    }

    /** Writes the header of a PCM WAV holding {@code dataBytes} of samples at {@code target[offset..offset+44)}. */
    public static void writeHeader(byte[] target, int offset, int sampleRate, int channels, int bitsPerSample,
                                   int dataBytes) {
        int blockAlign = channels * bitsPerSample / 8;
        ascii(target, offset, "RIFF");
        putIntLe(target, offset + 4, 36 + dataBytes);
        ascii(target, offset + 8, "WAVE");
        ascii(target, offset + 12, "fmt ");
        putIntLe(target, offset + 16, 16);
        putShortLe(target, offset + 20, 1); // PCM
        putShortLe(target, offset + 22, channels);
        putIntLe(target, offset + 24, sampleRate);
        putIntLe(target, offset + 28, sampleRate * blockAlign);
        putShortLe(target, offset + 32, blockAlign);
        putShortLe(target, offset + 34, bitsPerSample);
        ascii(target, offset + 36, "data");
        putIntLe(target, offset + 40, dataBytes);
    }

    /** Reads the chunks up to {@code data}; anything a decoder would choke on is an {@link InvalidWav}. */
    public static Info read(byte[] file, int offset, int length) throws InvalidWav {
        if (!looksLikeWav(file, offset, length)) {
            throw new InvalidWav("the file does not start with a RIFF/WAVE header");
        }
        int end = offset + length;
        int at = offset + 12;
        Info format = null;
        while (at + 8 <= end) {
            long size = intLe(file, at + 4) & 0xFFFFFFFFL;
            int body = at + 8;
            if (tag(file, at, "fmt ")) {
                if (size < 16 || body + 16 > end) {
                    throw new InvalidWav("the fmt chunk is shorter than 16 bytes");
                }
                format = format(file, body);
            } else if (tag(file, at, "data")) {
                if (format == null) {
                    throw new InvalidWav("the data chunk comes before any fmt chunk");
                }
                long present = Math.min(size, end - body);
                return new Info(format.channels(), format.sampleRate(), format.bitsPerSample(), present);
            }
            at = (int) Math.min(end, body + size + (size & 1)); // chunks are padded to an even size
        }
        throw new InvalidWav(format == null ? "the file has no fmt chunk" : "the file has no data chunk");
    }

    private static Info format(byte[] file, int at) throws InvalidWav {
        int encoding = shortLe(file, at);
        int channels = shortLe(file, at + 2);
        int sampleRate = intLe(file, at + 4);
        int byteRate = intLe(file, at + 8);
        int blockAlign = shortLe(file, at + 12);
        int bits = shortLe(file, at + 14);
        if (encoding != 1 && encoding != 3 && encoding != 0xFFFE) {
            throw new InvalidWav("unsupported WAV encoding " + encoding + " (PCM or IEEE float expected)");
        }
        if (channels < 1 || channels > 16) {
            throw new InvalidWav("a WAV needs 1 to 16 channels, the header says " + channels);
        }
        if (sampleRate < 1000 || sampleRate > 384_000) {
            throw new InvalidWav("sample rate " + sampleRate + " Hz is out of range");
        }
        if (bits != 8 && bits != 16 && bits != 24 && bits != 32 && bits != 64) {
            throw new InvalidWav("unsupported sample size of " + bits + " bits");
        }
        if (blockAlign != channels * bits / 8 || byteRate != sampleRate * blockAlign) {
            throw new InvalidWav("the header's block align and byte rate disagree with its channels, rate and bits");
        }
        return new Info(channels, sampleRate, bits, 0);
    }

    private static boolean tag(byte[] file, int at, String tag) {
        for (int i = 0; i < 4; i++) {
            if (file[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void ascii(byte[] target, int at, String tag) {
        for (int i = 0; i < 4; i++) {
            target[at + i] = (byte) tag.charAt(i);
        }
    }

    private static int shortLe(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int intLe(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static void putShortLe(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
    }

    private static void putIntLe(byte[] b, int at, int value) {
        putShortLe(b, at, value);
        putShortLe(b, at + 2, value >>> 16);
    }
}
