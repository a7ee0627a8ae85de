package org.kerone.compare.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.svggen.SVGIDGenerator;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.kerone.compare.Report;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Draws the comparison's charts with JFreeChart and turns each into an inline SVG element with
 * Batik's SVG generator. Each chart's ids carry its own prefix, so several can share one HTML page.
 */
final class SvgCharts {
    /** One drawn chart: an id, a title for the page, and the {@code <svg>} element. */
    record Chart(String id, String title, String svg) {
    }

    /** Series colours (Tableau 10): policies in the bar and line charts, VMs in the Gantt charts. */
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0x76B7B2), new Color(0xFF9DA7), new Color(0x9C755F),
        new Color(0xE15759), new Color(0xBAB0AC)};
    private static final Color RECONFIGURING = new Color(0x9A9A9A);
    private static final Color STOPPING = new Color(0xD62728);
    private static final Color GRID = new Color(0xDDDDDD);
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final int WIDTH = 760;
    private static final int HEIGHT = 360;
    private static final int GANTT_WIDTH = 960;
    /** Width of a Gantt chart's plot area: the chart less the PRR axis and margins. */
    private static final int GANTT_PLOT_WIDTH = GANTT_WIDTH - 70;

    static {
        // charts are drawn off screen: no display is needed, even where there is none
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private SvgCharts() {
    }

    /** Every chart of the report, in page order. */
    static List<Chart> all(Report report, List<PolicyTally> tallies) {
        List<Chart> charts = new ArrayList<>();
        charts.add(responseChart("mean", "Mean response time by priority class", report, Report.Jobs::meanResponseNs));
        charts.add(responseChart("p95", "95th percentile response time by priority class", report, Report.Jobs::p95ResponseNs));
        charts.add(responseChart("p99", "99th percentile response time by priority class", report, Report.Jobs::p99ResponseNs));
        charts.add(deadlineChart(report));
        charts.add(totalChart("reconfigurations", "Reconfigurations (bitstreams loaded), all runs", "reconfigurations",
                report, p -> p.reconfigurations()));
        charts.add(totalChart("preemptions", "Preemptions (jobs stopped for another VM), all runs", "preemptions", report,
                p -> p.preemptions()));
        charts.add(utilisationChart(tallies));
        for (int i = 0; i < tallies.size(); i++) {
            if (tallies.get(i).gantt != null) {
                charts.add(ganttChart("gantt-" + (i + 1), tallies.get(i).gantt));
            }
        }
        return charts;
    }

    private static String classLabel(int priority) {
        return "priority " + priority;
    }

    private static Chart responseChart(String id, String title, Report report, ToDoubleFunction<Report.Jobs> value) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Report.ClassResult c : report.classes()) {
            double ns = value.applyAsDouble(c.jobs());
            data.addValue(Double.isNaN(ns) ? null : (Number) (ns / 1e6), c.policy(), classLabel(c.priority()));
        }
        JFreeChart chart = ChartFactory.createBarChart(title, "priority class (VM priority)", "response time (ms)", data);
        styleBars(chart, false);
        return new Chart(id, title, svg(id, chart, WIDTH, HEIGHT));
    }

    private static Chart deadlineChart(Report report) {
        String title = "Deadline misses by priority class, all runs";
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Report.ClassResult c : report.classes()) {
            data.addValue(c.jobs().deadlineMisses(), c.policy(), classLabel(c.priority()));
        }
        JFreeChart chart = ChartFactory.createBarChart(title, "priority class (VM priority)", "jobs that missed their deadline", data);
        styleBars(chart, true);
        chart.addSubtitle(new TextTitle("late, failed, or unfinished past the deadline when the run stopped",
                new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        return new Chart("deadlines", title, svg("deadlines", chart, WIDTH, HEIGHT));
    }

    private static Chart totalChart(String id, String title, String axis, Report report,
            ToDoubleFunction<Report.PolicyResult> value) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Report.PolicyResult p : report.totals()) {
            data.addValue(value.applyAsDouble(p), axis, p.policy());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, "policy", axis, data);
        chart.removeLegend();
        styleBars(chart, true);
        // one bar per policy, in the policy's colour as in the other charts
        BarRenderer r = new BarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int row, int column) {
                return PALETTE[column % PALETTE.length];
            }
        };
        BarRenderer styled = (BarRenderer) chart.getCategoryPlot().getRenderer();
        r.setBarPainter(styled.getBarPainter());
        r.setShadowVisible(false);
        r.setMaximumBarWidth(0.25);
        r.setDefaultItemLabelGenerator(styled.getDefaultItemLabelGenerator());
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(styled.getDefaultItemLabelFont());
        chart.getCategoryPlot().setRenderer(r);
        return new Chart(id, title, svg(id, chart, WIDTH, HEIGHT));
    }

    private static void styleBars(JFreeChart chart, boolean valueLabels) {
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.05);
        for (int s = 0; s < plot.getDataset().getRowCount(); s++) {
            r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        }
        if (valueLabels) {
            r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator());
            r.setDefaultItemLabelsVisible(true);
            r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            plot.getRangeAxis().setUpperMargin(0.12);
        }
    }

    private static Chart utilisationChart(List<PolicyTally> tallies) {
        String title = "PRR utilisation over time, mean over runs";
        long width = tallies.stream().mapToLong(t -> t.occupancy.widthNs()).max().orElse(1);
        XYSeriesCollection data = new XYSeriesCollection();
        for (PolicyTally t : tallies) {
            t.occupancy.widenTo(width);
            XYSeries s = new XYSeries(t.policy, false, true);
            int n = t.occupancy.usedBuckets();
            for (int b = 0; b < n; b++) {
                double u = t.occupancy.utilisation(b);
                s.add(b * width / 1e6, Double.isNaN(u) ? null : (Number) (100 * u));
            }
            if (n > 0) {
                double u = t.occupancy.utilisation(n - 1);
                s.add(n * width / 1e6, Double.isNaN(u) ? null : (Number) (100 * u));
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYStepChart(title, "virtual time (ms)", "PRR time busy (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        plot.setDomainAxis(new NumberAxis("virtual time (ms)"));
        plot.getRangeAxis().setRange(0, 100);
        XYStepRenderer r = new XYStepRenderer();
        for (int s = 0; s < tallies.size(); s++) {
            r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            r.setSeriesStroke(s, new BasicStroke(1.8f));
        }
        plot.setRenderer(r);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT,
                "busy: running a job, loading a bitstream or stopping a job; buckets of %.3f ms", width / 1e6),
                new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        return new Chart("utilisation", title, svg("utilisation", chart, WIDTH, HEIGHT));
    }

    private static Chart ganttChart(String id, Gantt g) {
        String title = String.format(Locale.ROOT, "PRR occupancy under %s (seed %d, first %.1f ms)", g.policy, g.seed,
                g.shownNs() / 1e6);
        // series in this order: one per VM by id (colours follow VM ids), loading, stopping; labels
        // are kept per series by item index (the series do not sort), in the order segments are added
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        Map<Integer, Integer> seriesOfVm = new HashMap<>();
        List<List<String>> labels = new ArrayList<>();
        List<Paint> paints = new ArrayList<>();
        List<Integer> vms = new ArrayList<>(g.vmPriority.keySet());
        g.segments.stream().map(Gantt.Segment::vm).filter(v -> v >= 0 && !g.vmPriority.containsKey(v)).distinct().sorted()
                .forEach(vms::add);
        for (int v : vms) {
            Integer prio = g.vmPriority.get(v);
            seriesOfVm.put(v, data.getSeriesCount());
            data.addSeries(new XYIntervalSeries("VM " + v + (prio == null ? "" : " (priority " + prio + ")"), false, true));
            labels.add(new ArrayList<>());
            paints.add(PALETTE[paints.size() % PALETTE.length]);
        }
        int loading = data.getSeriesCount();
        data.addSeries(new XYIntervalSeries("loading bitstream", false, true));
        labels.add(new ArrayList<>());
        paints.add(RECONFIGURING);
        int stopping = data.getSeriesCount();
        data.addSeries(new XYIntervalSeries("stopping job", false, true));
        labels.add(new ArrayList<>());
        paints.add(STOPPING);
        double shownMs = g.shownNs() / 1e6;
        for (Gantt.Segment s : g.segments) {
            int series = switch (s.kind()) {
                case RECONFIGURING -> loading;
                case STOPPING -> stopping;
                case RUNNING -> seriesOfVm.get(s.vm());
            };
            double from = s.fromNs() / 1e6;
            double to = s.toNs() / 1e6;
            data.getSeries(series).add(from, from, to, s.prr(), s.prr() - 0.35, s.prr() + 0.35);
            // the device's name where the bar is wide enough to hold it (about 6 px a character)
            boolean fits = s.device() != null && (to - from) / shownMs * GANTT_PLOT_WIDTH >= 6.5 * s.device().length() + 6;
            labels.get(series).add(fits ? s.device() : null);
        }
        XYBarRenderer r = new XYBarRenderer();
        r.setUseYInterval(true);
        r.setShadowVisible(false);
        r.setBarPainter(new StandardXYBarPainter());
        r.setDrawBarOutline(false);
        for (int s = 0; s < paints.size(); s++) {
            r.setSeriesPaint(s, paints.get(s));
        }
        r.setDefaultItemLabelGenerator((dataset, series, item) -> labels.get(series).get(item));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.CENTER, TextAnchor.CENTER));
        NumberAxis time = new NumberAxis("virtual time (ms)");
        time.setRange(0, shownMs);
        SymbolAxis prrs = new SymbolAxis("PRR", g.prrIds.toArray(String[]::new));
        prrs.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(data, time, prrs, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (g.truncated) {
            chart.addSubtitle(new TextTitle("only the first " + Gantt.MAX_SEGMENTS + " segments are drawn",
                    new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        }
        int height = 150 + 46 * Math.max(1, g.prrIds.size());
        return new Chart(id, title, svg(id, chart, GANTT_WIDTH, height));
    }

    /** The chart drawn on Batik's SVG Graphics2D, as one {@code <svg>} element whose ids start with {@code id}. */
    static String svg(String id, JFreeChart chart, int width, int height) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                    .createDocument(SVG_NS, "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML DOM implementation", e);
        }
        SVGGeneratorContext ctx = SVGGeneratorContext.createDefault(doc);
        ctx.setComment(null);
        ctx.setPrecision(4);
        ctx.setEmbeddedFontsOn(false);
        SVGGeneratorContext.GraphicContextDefaults defaults = new SVGGeneratorContext.GraphicContextDefaults();
        defaults.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        ctx.setGraphicContextDefaults(defaults);
        ctx.setIDGenerator(new SVGIDGenerator() {
            @Override
            public String generateID(String prefix) {
                return id + "-" + super.generateID(prefix);
            }
        });
        SVGGraphics2D g2 = new SVGGraphics2D(ctx, false);
        g2.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        Element root = g2.getRoot();
        root.setAttributeNS(null, "id", id);
        root.setAttributeNS(null, "viewBox", "0 0 " + width + " " + height);
        // the one id the generator does not take from the id generator
        NodeList defs = root.getElementsByTagNameNS(SVG_NS, "defs");
        for (int i = 0; i < defs.getLength(); i++) {
            Element d = (Element) defs.item(i);
            if (!d.getAttribute("id").startsWith(id + "-")) {
                d.setAttributeNS(null, "id", id + "-" + d.getAttribute("id"));
            }
        }
        // written as a bare element (no XML declaration, no DOCTYPE) to sit inline in HTML
        StringWriter out = new StringWriter();
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            t.transform(new DOMSource(root), new StreamResult(out));
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the SVG of chart " + id, e);
        }
        return out.toString();
    }
}
