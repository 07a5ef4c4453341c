package dev.relay.simulator.media;

import dev.relay.simulator.engine.SplitMix;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal, well-formed ISO BMFF (MP4) file: {@code ftyp}, a {@code moov} whose {@code mvhd}, {@code tkhd} and
 * {@code mdhd} give the clip's duration and its track's width and height, with empty sample tables, then an
 * {@code mdat} of deterministic filler. Players will not show a picture, but every box parser agrees on its
 * structure and duration, which is what a gateway and its tests can check.
 */
public final class Mp4Boxes {

    /** {@code mvhd} ticks per second (so the duration is exact in milliseconds). */
    public static final int MOVIE_TIMESCALE = 1000;
    /** The video track's ticks per second, ffmpeg's usual choice. */
    private static final int MEDIA_TIMESCALE = 12_800;
    /** Filler per second of video: enough to look like content, small enough to keep in no cache. */
    private static final int MDAT_BYTES_PER_SECOND = 8 * 1024;
    private static final int[] IDENTITY_MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

    private Mp4Boxes() {
    }

    public static byte[] mp4(int seconds, int width, int height, long seed) {
        Writer out = new Writer();
        out.box("ftyp", () -> {
            out.ascii("isom").int32(0x200);
            for (String brand : new String[] {"isom", "iso2", "avc1", "mp41"}) {
                out.ascii(brand);
            }
        });
        out.box("moov", () -> {
            out.fullBox("mvhd", 0, 0, () -> {
                out.int32(0).int32(0).int32(MOVIE_TIMESCALE).int32(seconds * MOVIE_TIMESCALE);
                out.int32(0x00010000).int16(0x0100).zeros(10).matrix().zeros(24).int32(2); // rate, volume, next track
            });
            out.box("trak", () -> {
                out.fullBox("tkhd", 0, 3, () -> { // enabled, in movie
                    out.int32(0).int32(0).int32(1).zeros(4).int32(seconds * MOVIE_TIMESCALE).zeros(8);
                    out.int16(0).int16(0).int16(0).zeros(2).matrix().int32(width << 16).int32(height << 16);
                });
                out.box("mdia", () -> {
                    out.fullBox("mdhd", 0, 0, () -> out.int32(0).int32(0).int32(MEDIA_TIMESCALE)
                            .int32(seconds * MEDIA_TIMESCALE).int16(0x55C4).int16(0)); // language "und"
                    out.fullBox("hdlr", 0, 0, () -> out.int32(0).ascii("vide").zeros(12).text("VideoHandler"));
                    out.box("minf", () -> {
                        out.fullBox("vmhd", 0, 1, () -> out.zeros(8));
                        out.box("dinf", () -> out.fullBox("dref", 0, 0,
                                () -> out.int32(1).fullBox("url ", 0, 1, () -> { }))); // media in this file
                        out.box("stbl", () -> {
                            out.fullBox("stsd", 0, 0, () -> out.int32(0));
                            out.fullBox("stts", 0, 0, () -> out.int32(0));
                            out.fullBox("stsc", 0, 0, () -> out.int32(0));
                            out.fullBox("stsz", 0, 0, () -> out.int32(0).int32(0));
                            out.fullBox("stco", 0, 0, () -> out.int32(0));
                        });
                    });
                });
            });
        });
        out.box("mdat", () -> {
            long state = seed;
            for (int i = 0; i < seconds * MDAT_BYTES_PER_SECOND / 8; i++) {
                state = SplitMix.mix(state + 0x9E3779B97F4A7C15L);
                out.int32((int) (state >>> 32)).int32((int) state);
            }
        });
        return out.bytes.toByteArray(); // every box is closed: this is the file
    }

    /** Big-endian writing; a box's content is written into a buffer of its own, then framed by its size and type. */
    private static final class Writer {

        private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Writer box(String type, Runnable content) {
            ByteArrayOutputStream parent = bytes;
            bytes = new ByteArrayOutputStream();
            content.run();
            byte[] inner = bytes.toByteArray();
            bytes = parent;
            int32(8 + inner.length).ascii(type);
            bytes.writeBytes(inner);
            return this;
        }

        Writer fullBox(String type, int version, int flags, Runnable content) {
            return box(type, () -> {
                int32(version << 24 | flags);
                content.run();
            });
        }

        Writer int32(int value) {
            bytes.write(value >>> 24);
            bytes.write(value >>> 16);
            bytes.write(value >>> 8);
            bytes.write(value);
            return this;
        }

        Writer int16(int value) {
            bytes.write(value >>> 8);
            bytes.write(value);
            return this;
        }

        Writer zeros(int count) {
            bytes.write(new byte[count], 0, count);
            return this;
        }

        Writer ascii(String fourCc) {
            bytes.writeBytes(fourCc.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Writer text(String nulTerminated) {
            bytes.writeBytes(nulTerminated.getBytes(StandardCharsets.US_ASCII));
            bytes.write(0);
            return this;
        }

        Writer matrix() {
            for (int value : IDENTITY_MATRIX) {
                int32(value);
            }
            return this;
        }
    }
}
