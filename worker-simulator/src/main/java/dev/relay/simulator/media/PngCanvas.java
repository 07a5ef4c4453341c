package dev.relay.simulator.media;

import dev.relay.simulator.engine.SplitMix;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A generated picture as a real PNG (8-bit RGB), written by hand because it must be cheap even at 2048x2048: every
 * pixel is {@code base + horizontal wave(x) + vertical wave(y)} per channel, so with PNG's "Up" filter each row after
 * the first is one repeated three-byte difference. Such rows cost next to nothing to fill and to deflate, and a
 * 1024x1024 picture takes a few tens of KB. The waves' frequencies, phases and colours come from the seed.
 */
public final class PngCanvas {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int FILTER_NONE = 0;
    private static final int FILTER_UP = 2;
    /** Each wave stays within ±AMPLITUDE around 128, so a pixel never wraps past 0 or 255: smooth, no banding. */
    private static final int AMPLITUDE = 60;

    private PngCanvas() {
    }

    public static byte[] png(int width, int height, long seed) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a PNG needs a positive size, got " + width + "x" + height);
        }
        int[][] columns = new int[3][];
        int[][] rows = new int[3][];
        for (int c = 0; c < 3; c++) {
            columns[c] = wave(width, SplitMix.mix(seed + 2L * c + 1));
            rows[c] = wave(height, SplitMix.mix(seed + 2L * c + 2));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024 + width * height / 64);
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", header(width, height));
        chunk(out, "IDAT", pixels(width, height, columns, rows));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A smooth wave over {@code length} pixels: one to four periods of a sine, phase and period from the seed. */
    private static int[] wave(int length, long seed) {
        double periods = 1 + (seed >>> 40) % 4;
        double phase = (seed & 0xFFFF) / 65536.0 * 2 * Math.PI;
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            values[i] = (int) Math.round(AMPLITUDE * Math.sin(phase + 2 * Math.PI * periods * i / length));
        }
        return values;
    }

    private static byte[] header(int width, int height) {
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bits per channel
        ihdr[9] = 2; // colour type RGB
        return ihdr; // compression, filter and interlace methods 0
    }

    private static byte[] pixels(int width, int height, int[][] columns, int[][] rows) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(8 * 1024 + width * height / 64);
        byte[] buffer = new byte[64 * 1024];
        byte[] row = new byte[1 + 3 * width];
        row[0] = FILTER_NONE;
        for (int x = 0; x < width; x++) {
            for (int c = 0; c < 3; c++) {
                row[1 + 3 * x + c] = (byte) (128 + columns[c][x] + rows[c][0]);
            }
        }
        feed(deflater, row, compressed, buffer);
        row[0] = FILTER_UP;
        for (int y = 1; y < height; y++) {
            byte r = (byte) (rows[0][y] - rows[0][y - 1]);
            byte g = (byte) (rows[1][y] - rows[1][y - 1]);
            byte b = (byte) (rows[2][y] - rows[2][y - 1]);
            for (int i = 1; i < row.length; i += 3) {
                row[i] = r;
                row[i + 1] = g;
                row[i + 2] = b;
            }
            feed(deflater, row, compressed, buffer);
        }
        deflater.finish();
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return compressed.toByteArray();
    }

    private static void feed(Deflater deflater, byte[] row, ByteArrayOutputStream out, byte[] buffer) {
        deflater.setInput(row);
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        byte[] length = new byte[4];
        putInt(length, 0, data.length);
        out.writeBytes(length);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] checksum = new byte[4];
        putInt(checksum, 0, (int) crc.getValue());
        out.writeBytes(checksum);
    }

    private static void putInt(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }
}
