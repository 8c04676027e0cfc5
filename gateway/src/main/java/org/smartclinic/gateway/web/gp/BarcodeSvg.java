package org.smartclinic.gateway.web.gp;

import java.util.Locale;

/**
 * A Code 128 barcode as inline SVG for the label page: one {@code <rect>} per bar, sized in modules (the
 * {@code viewBox} is the symbol's width including its 10-module quiet zones), so the printer scales it without
 * blurring and the page needs no image files. {@code shape-rendering="crispEdges"} keeps bar edges sharp at any
 * zoom. The text itself is printed under the bars by the page, for a person to read.
 */
public final class BarcodeSvg {

    /** The quiet zone each side, in modules (ISO/IEC 15417 asks for at least 10). */
    static final int QUIET = 10;

    private BarcodeSvg() {
    }

    /**
     * The SVG element for {@code text}.
     *
     * @param height the bars' height in modules (e.g. 50: about 12 mm at 0.25 mm per module)
     * @param label  the accessible name (e.g. "Sample 1234567890")
     */
    public static String svg(String text, int height, String label) {
        int[] widths = Code128.widths(text);
        int total = QUIET * 2;
        for (int w : widths) {
            total += w;
        }
        StringBuilder b = new StringBuilder(256 + widths.length * 40);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"barcode\" role=\"img\" aria-label=\"")
                .append(escape(label)).append("\" viewBox=\"0 0 ").append(total).append(' ').append(height)
                .append("\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\" data-modules=\"")
                .append(total).append("\"><rect width=\"").append(total).append("\" height=\"").append(height)
                .append("\" fill=\"#fff\"/>");
        int x = QUIET;
        for (int i = 0; i < widths.length; i++) {
            if (i % 2 == 0) {
                b.append(String.format(Locale.ROOT, "<rect x=\"%d\" width=\"%d\" height=\"%d\"/>", x, widths[i],
                        height));
            }
            x += widths[i];
        }
        return b.append("</svg>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
