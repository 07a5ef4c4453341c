package dev.relay.simulator.media;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A test-side ISO BMFF reader: the boxes of a byte range, strictly (a size running past its parent fails). */
public final class IsoBoxes {

    private static final List<String> CONTAINERS = List.of("moov", "trak", "mdia", "minf", "dinf", "stbl");

    public record Box(String type, int offset, int size, List<Box> children) {
        /** The first box of that type among the children, at any depth. */
        public Box find(String wanted) {
            for (Box child : children) {
                if (child.type().equals(wanted)) {
                    return child;
                }
                Box deeper = child.find(wanted);
                if (deeper != null) {
                    return deeper;
                }
            }
            return null;
        }
    }

    private IsoBoxes() {
    }

    /** The top-level boxes; they must tile the file exactly. */
    public static Box parse(byte[] file) {
        return new Box("file", 0, file.length, boxes(file, 0, file.length));
    }

    private static List<Box> boxes(byte[] file, int from, int to) {
        List<Box> boxes = new ArrayList<>();
        int at = from;
        while (at < to) {
            if (at + 8 > to) {
                throw new AssertionError("a box header runs past its parent at " + at);
            }
            int size = ByteBuffer.wrap(file, at, 4).getInt();
            String type = new String(file, at + 4, 4, StandardCharsets.US_ASCII);
            if (size < 8 || at + size > to) {
                throw new AssertionError("box " + type + " at " + at + " has size " + size + " past " + to);
            }
            List<Box> children = CONTAINERS.contains(type) ? boxes(file, at + 8, at + size) : List.of();
            boxes.add(new Box(type, at, size, children));
            at += size;
        }
        return boxes;
    }

    /** The {@code mvhd} duration in seconds (version 0: timescale at +20, duration at +24 from the box start). */
    public static double movieSeconds(byte[] file) {
        Box mvhd = parse(file).find("mvhd");
        if (mvhd == null) {
            throw new AssertionError("no mvhd box");
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        if (file[mvhd.offset() + 8] != 0) {
            throw new AssertionError("mvhd version " + file[mvhd.offset() + 8] + " is not 0");
        }
        return (double) (b.getInt(mvhd.offset() + 24) & 0xFFFFFFFFL) / b.getInt(mvhd.offset() + 20);
    }
}
