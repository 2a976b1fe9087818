package org.timebank.ops.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The latency-over-time chart: one panel per run (scenario and mode), p50 and p99 per second in
 * milliseconds with the hops per second beneath. Written as SVG (text, needs nothing installed)
 * and as PNG when the JVM can draw text (it needs fonts; skipped quietly on a machine without).
 */
final class LatencyChart {
    /** One panel: a run's title and its per-second points. */
    record Panel(String title, List<LoadRun.Point> points) {}

    private static final int W = 520, H = 260, LEFT = 56, RIGHT = 12, TOP = 28, BOTTOM = 36, COLS = 2;

    /** Writes {@code latency.svg} (and {@code latency.png} when possible); answers the files written. */
    static List<String> write(Path dir, List<Panel> panels) throws Exception {
        Files.writeString(dir.resolve("latency.svg"), svg(panels));
        try {
            System.setProperty("java.awt.headless", "true");
            ImageIO.write(png(panels), "png", dir.resolve("latency.png").toFile());
            return List.of("latency.svg", "latency.png");
        } catch (Throwable noFonts) {
            return List.of("latency.svg");
        }
    }

    private static double maxOf(List<LoadRun.Point> pts, ToDoubleFunction<LoadRun.Point> f) {
        double m = 0;
        for (LoadRun.Point p : pts) m = Math.max(m, f.applyAsDouble(p));
        return m <= 0 ? 1 : m;
    }

    /** A round upper bound for an axis: 1, 2, 5 × 10^n. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * p >= v) return m * p;
        return 10 * p;
    }

    static String svg(List<Panel> panels) {
        int rows = (panels.size() + COLS - 1) / COLS;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                W * COLS, H * rows));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            int x0 = (i % COLS) * W, y0 = (i / COLS) * H;
            double seconds = Math.max(1, p.points().isEmpty() ? 1 : p.points().get(p.points().size() - 1).second());
            double yMax = niceCeiling(maxOf(p.points(), LoadRun.Point::p99Ms));
            int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
            s.append(String.format(Locale.ROOT, "<g transform=\"translate(%d,%d)\">%n", x0, y0));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-weight=\"bold\">%s</text>%n", LEFT, escape(p.title())));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", LEFT, TOP, pw, ph));
            for (int k = 0; k <= 4; k++) {
                double v = yMax * k / 4;
                int y = TOP + ph - (int) (ph * k / 4.0);
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + pw, y, y, LEFT - 4, y + 4, label(v)));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">ms</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s s</text>%n",
                    TOP + 10, LEFT + pw, H - 8, label(seconds)));
            s.append(polyline(p.points(), LoadRun.Point::p50Ms, yMax, seconds, pw, ph, "#1f77b4"));
            s.append(polyline(p.points(), LoadRun.Point::p99Ms, yMax, seconds, pw, ph, "#d62728"));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#1f77b4\">p50</text><text x=\"%d\" y=\"%d\" fill=\"#d62728\">p99</text>"
                    + "<text x=\"%d\" y=\"%d\">peak %s hops/s</text>%n", LEFT, H - 8, LEFT + 32, H - 8, LEFT + 70, H - 8,
                    label(maxOf(p.points(), LoadRun.Point::hops))));
            s.append("</g>\n");
        }
        return s.append("</svg>\n").toString();
    }

    private static String polyline(List<LoadRun.Point> pts, ToDoubleFunction<LoadRun.Point> f, double yMax, double seconds, int pw, int ph,
                                   String color) {
        StringBuilder s = new StringBuilder("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" + color + "\" points=\"");
        for (LoadRun.Point p : pts) {
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + pw * p.second() / seconds,
                    TOP + ph - ph * Math.min(1, f.applyAsDouble(p) / yMax)));
        }
        return s.append("\"/>\n").toString();
    }

    static BufferedImage png(List<Panel> panels) {
        int rows = (panels.size() + COLS - 1) / COLS;
        BufferedImage img = new BufferedImage(W * COLS, H * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            int x0 = (i % COLS) * W, y0 = (i / COLS) * H, pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
            double seconds = Math.max(1, p.points().isEmpty() ? 1 : p.points().get(p.points().size() - 1).second());
            double yMax = niceCeiling(maxOf(p.points(), LoadRun.Point::p99Ms));
            g.setColor(Color.BLACK);
            g.drawString(p.title(), x0 + LEFT, y0 + 16);
            for (int k = 0; k <= 4; k++) {
                int y = y0 + TOP + ph - (int) (ph * k / 4.0);
                g.setColor(new Color(0xEE, 0xEE, 0xEE));
                g.drawLine(x0 + LEFT, y, x0 + LEFT + pw, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(label(yMax * k / 4), x0 + 6, y + 4);
            }
            g.setColor(Color.GRAY);
            g.drawRect(x0 + LEFT, y0 + TOP, pw, ph);
            g.drawString("ms", x0 + 6, y0 + TOP - 4);
            g.drawString(label(seconds) + " s", x0 + LEFT + pw - 40, y0 + H - 8);
            line(g, p.points(), LoadRun.Point::p50Ms, new Color(0x1f, 0x77, 0xb4), x0, y0, yMax, seconds, pw, ph);
            line(g, p.points(), LoadRun.Point::p99Ms, new Color(0xd6, 0x27, 0x28), x0, y0, yMax, seconds, pw, ph);
            g.setColor(new Color(0x1f, 0x77, 0xb4));
            g.drawString("p50", x0 + LEFT, y0 + H - 8);
            g.setColor(new Color(0xd6, 0x27, 0x28));
            g.drawString("p99", x0 + LEFT + 32, y0 + H - 8);
            g.setColor(Color.BLACK);
            g.drawString("peak " + label(maxOf(p.points(), LoadRun.Point::hops)) + " hops/s", x0 + LEFT + 70, y0 + H - 8);
        }
        g.dispose();
        return img;
    }

    private static void line(Graphics2D g, List<LoadRun.Point> pts, ToDoubleFunction<LoadRun.Point> f, Color c, int x0, int y0, double yMax,
                             double seconds, int pw, int ph) {
        g.setColor(c);
        g.setStroke(new BasicStroke(1.5f));
        int px = -1, py = -1;
        for (LoadRun.Point p : pts) {
            int x = x0 + LEFT + (int) (pw * p.second() / seconds);
            int y = y0 + TOP + ph - (int) (ph * Math.min(1, f.applyAsDouble(p) / yMax));
            if (px >= 0) g.drawLine(px, py, x, y);
            px = x;
            py = y;
        }
    }

    private static String label(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
