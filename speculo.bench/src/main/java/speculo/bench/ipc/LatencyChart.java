package speculo.bench.ipc;

import java.util.Locale;
import java.util.Map;

/**
 * Draws latency distributions as an SVG line chart: percentiles ({@link Measure#PERCENTILES}) along
 * x, nanoseconds on a logarithmic y axis, one line per transport. Plain SVG text, no dependency.
 */
final class LatencyChart {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 80;
    private static final int RIGHT = 250;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final String[] COLORS = {"#888888", "#d62728", "#1f77b4", "#2ca02c", "#9467bd"};

    private LatencyChart() {
    }

    /** {@return the SVG document for {@code curves}: label → latency in ns at each percentile} */
    static String svg(Map<String, double[]> curves) {
        double lowest = Double.MAX_VALUE;
        double highest = 1;
        for (double[] values : curves.values()) {
            for (double v : values) {
                if (v > 0 && !Double.isNaN(v)) {
                    lowest = Math.min(lowest, v);
                    highest = Math.max(highest, v);
                }
            }
        }
        int minDecade = (int) Math.floor(Math.log10(Math.max(1, lowest)));
        int maxDecade = Math.max(minDecade + 1, (int) Math.ceil(Math.log10(highest)));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int points = Measure.PERCENTILES.length;

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">One-way latency of 64-byte chunks "
                + "between two processes (log scale)</text>%n", LEFT));
        for (int decade = minDecade; decade <= maxDecade; decade++) {
            double y = TOP + plotHeight * (1 - (double) (decade - minDecade) / (maxDecade - minDecade));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n",
                    LEFT, y, LEFT + plotWidth, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                    nanos(Math.pow(10, decade))));
        }
        for (int i = 0; i < points; i++) {
            double p = Measure.PERCENTILES[i];
            String label = p == 100 ? "max" : "p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x(i, points, plotWidth),
                    HEIGHT - BOTTOM + 18, label));
        }
        int line = 0;
        for (Map.Entry<String, double[]> curve : curves.entrySet()) {
            String color = COLORS[line % COLORS.length];
            StringBuilder path = new StringBuilder();
            double[] values = curve.getValue();
            for (int i = 0; i < Math.min(points, values.length); i++) {
                if (values[i] > 0 && !Double.isNaN(values[i])) {
                    double y = TOP + plotHeight * (1 - (Math.log10(values[i]) - minDecade) / (maxDecade - minDecade));
                    path.append(path.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x(i, points, plotWidth), y));
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    color, path));
            int legendY = TOP + 10 + 22 * line;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    WIDTH - RIGHT + 16, legendY, WIDTH - RIGHT + 40, legendY, color));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 46, legendY + 4,
                    escape(curve.getKey())));
            line++;
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444444\"/>%n",
                LEFT, TOP, plotWidth, plotHeight));
        return svg.append("</svg>\n").toString();
    }

    private static double x(int index, int points, int plotWidth) {
        return LEFT + plotWidth * (index + 0.5) / points;
    }

    private static String nanos(double value) {
        if (value >= 1e9) {
            return String.format(Locale.ROOT, "%.0f s", value / 1e9);
        }
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.0f ms", value / 1e6);
        }
        return value >= 1e3 ? String.format(Locale.ROOT, "%.0f µs", value / 1e3) : String.format(Locale.ROOT, "%.0f ns", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
