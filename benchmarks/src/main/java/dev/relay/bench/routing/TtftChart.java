package dev.relay.bench.routing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Draws TTFT p90 against offered request rate, one line per strategy, log-scaled TTFT axis (java.awt, headless). */
public final class TtftChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 200;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728)};

    private TtftChart() {
    }

    public static void write(List<RoutingRun.Result> results, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<RoutingRun.Result>> byStrategy = new LinkedHashMap<>();
        results.forEach(r -> byStrategy.computeIfAbsent(r.strategy(), k -> new java.util.ArrayList<>()).add(r));
        double maxRate = results.stream().mapToDouble(RoutingRun.Result::offeredRate).max().orElse(1);
        double minTtft = results.stream().mapToDouble(RoutingRun.Result::ttftP90).min().orElse(1);
        double maxTtft = results.stream().mapToDouble(RoutingRun.Result::ttftP90).max().orElse(10);
        double lowDecade = Math.floor(Math.log10(Math.max(1, minTtft)));
        double highDecade = Math.ceil(Math.log10(Math.max(10, maxTtft)));
        if (highDecade <= lowDecade) {
            highDecade = lowDecade + 1;
        }

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        // Axes, grid and labels.
        for (double d = lowDecade; d <= highDecade; d++) {
            for (int m = 1; m < 10 && d + Math.log10(m) <= highDecade; m++) {
                int y = yOf(Math.pow(10, d) * m, lowDecade, highDecade, plotH);
                g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(LEFT, y, LEFT + plotW, y);
                if (m == 1) {
                    g.setColor(Color.BLACK);
                    g.drawString(formatMs(Math.pow(10, d)), LEFT - 60, y + 4);
                }
            }
        }
        int ticks = 8;
        for (int i = 0; i <= ticks; i++) {
            double rate = maxRate * i / ticks;
            int x = LEFT + (int) Math.round(plotW * rate / maxRate);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.1f", rate), x - 10, TOP + plotH + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("offered request rate (requests/s)", LEFT + plotW / 2 - 100, HEIGHT - 25);
        g.rotate(-Math.PI / 2);
        g.drawString("TTFT p90 (log scale)", -(TOP + plotH / 2 + 60), 25);
        g.rotate(Math.PI / 2);

        int series = 0;
        for (Map.Entry<String, List<RoutingRun.Result>> entry : byStrategy.entrySet()) {
            Color color = COLORS[series % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2.5f));
            int px = -1;
            int py = -1;
            for (RoutingRun.Result r : entry.getValue()) {
                int x = LEFT + (int) Math.round(plotW * r.offeredRate() / maxRate);
                int y = yOf(r.ttftP90(), lowDecade, highDecade, plotH);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 4, y - 4, 8, 8);
                px = x;
                py = y;
            }
            int ly = TOP + 20 + 22 * series;
            g.drawLine(LEFT + plotW + 15, ly - 4, LEFT + plotW + 45, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), LEFT + plotW + 52, ly);
            series++;
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static int yOf(double ms, double lowDecade, double highDecade, int plotH) {
        double v = Math.log10(Math.max(ms, Math.pow(10, lowDecade)));
        return TOP + plotH - (int) Math.round(plotH * (v - lowDecade) / (highDecade - lowDecade));
    }

    private static String formatMs(double ms) {
        return ms >= 1000 ? String.format("%.0f s", ms / 1000) : String.format("%.0f ms", ms);
    }
}
