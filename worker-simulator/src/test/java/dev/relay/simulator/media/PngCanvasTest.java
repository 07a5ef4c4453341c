package dev.relay.simulator.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngCanvasTest {

    private static BufferedImage decode(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void isAPngImageIoDecodesAtExactlyTheRequestedSize() throws Exception {
        BufferedImage image = decode(PngCanvas.png(640, 352, 7));

        assertEquals(640, image.getWidth());
        assertEquals(352, image.getHeight());
    }

    @Test
    void samePixelsForTheSameSeed() {
        assertArrayEquals(PngCanvas.png(128, 64, 42), PngCanvas.png(128, 64, 42));
    }

    @Test
    void anotherSeedPaintsAnotherPicture() {
        assertFalse(Arrays.equals(PngCanvas.png(128, 64, 42), PngCanvas.png(128, 64, 43)));
    }

    @Test
    void isAGradientNotAFlatColour() throws Exception {
        BufferedImage image = decode(PngCanvas.png(256, 256, 3));

        assertTrue(image.getRGB(0, 0) != image.getRGB(128, 128) || image.getRGB(0, 0) != image.getRGB(255, 0));
    }

    @Test
    void largestPicturesStaySmall() {
        assertTrue(PngCanvas.png(1024, 1024, 1).length < 100_000, "1024x1024 in tens of KB");
        assertTrue(PngCanvas.png(2048, 2048, 1).length < 300_000, "2048x2048 in a few hundred KB at most");
    }
}
