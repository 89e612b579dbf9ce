import Foundation
import HdrHistogram
import LoadModel

/// The percentile spectrum of every operation in one chart: corrected latency solid, uncorrected dashed,
/// one colour per operation, x on the "1/(1−p)" axis and latency in ms on a log axis (the tail of a
/// loaded run is often a hundred times its median).
struct SpectrumChart {
    var corrected: [Histogram]
    var uncorrected: [Histogram]

    static let colors = ["#2563eb", "#ea580c", "#9333ea"]

    func svg() -> String {
        var c = SVGCanvas(width: 1000, height: 400)
        let area = PlotArea(left: 78, top: 44, width: 880, height: 296)
        let ops = OperationKind.allCases.map(\.rawValue)
        var series: [(op: Int, dash: Bool, points: [(x: Double, value: Int64)])] = []
        for i in ops.indices {
            series.append((i, false, PercentileSpectrum.points(corrected[i])))
            series.append((i, true, PercentileSpectrum.points(uncorrected[i])))
        }
        let all = series.flatMap { $0.points }
        guard !all.isEmpty else { return Self.empty(c, area) }
        let maxX = Double(min(7, max(4, Int(ceil(all.map(\.x).max()! - 1e-9)))))
        let x = ChartScale(.linear, domain: 0...maxX, range: area.left...area.right)
        let y = Self.yScale(series.map(\.points), area: area)
        c.axes(area, xTicks: (0...Int(maxX)).map { (x(Double($0)), PercentileSpectrum.label(nines: $0)) },
               yTicks: y.ticks(count: 5).map { (y($0), tickLabel($0)) },
               xTitle: "percentile (log scale of 1/(1−p))", yTitle: y.kind == .log ? "latency (ms, log scale)" : "latency (ms)")
        func py(_ v: Int64) -> Double { Swift.min(area.bottom, y(Swift.max(Double(v) / 1e6, y.domain.lowerBound))) }
        for s in series where !s.points.isEmpty {
            let kind = s.dash ? "uncorrected (from send)" : "corrected (from intended start)"
            let max = s.points.last.map { ns($0.value) } ?? ""
            c.polyline(s.points.map { (x($0.x), py($0.value)) }, stroke: Self.colors[s.op],
                       dash: s.dash, title: "\(ops[s.op]) \(kind), max \(max)")
        }
        var lx = area.left
        for (i, op) in ops.enumerated() where corrected[i].totalCount > 0 {
            lx = c.legendItem(op, x: lx, y: 22, color: Self.colors[i], swatch: true)
        }
        lx = c.legendItem("corrected (from intended start)", x: lx + 20, y: 22, color: "#374151")
        c.legendItem("uncorrected (from send)", x: lx, y: 22, color: "#374151", dash: true)
        return c.render(label: "Latency by percentile for each operation, corrected and uncorrected")
    }

    /// Linear milliseconds from 0, the way HdrHistogram's plotter draws it, unless the tail is more than 50 times
    /// the median: then decades, from the one below the smallest median, so the body is not flattened to a line.
    static func yScale(_ series: [[(x: Double, value: Int64)]], area: PlotArea) -> ChartScale {
        let top = Double(series.flatMap { $0 }.map(\.value).max() ?? 1) / 1e6
        let medians = series.compactMap { s in s.first(where: { $0.x >= PercentileSpectrum.x(percentile: 0.5) - 1e-9 }) }
            .map { max(Double($0.value) / 1e6, 1e-3) }
        let median = medians.min() ?? top
        guard top > 50 * median else {
            return ChartScale(.linear, domain: 0...ChartScale.niceCeiling(max(top, 1e-3)), range: area.top...area.bottom, flipped: true)
        }
        let lo = pow(10, floor(log10(median)) - 1), hi = pow(10, ceil(log10(top)))
        return ChartScale(.log, domain: lo...hi, range: area.top...area.bottom, flipped: true)
    }

    /// Axes and a note, so an empty run still gets its chart (and the page its layout).
    static func empty(_ canvas: SVGCanvas, _ area: PlotArea) -> String {
        var c = canvas
        let x = ChartScale(.linear, domain: 0...4, range: area.left...area.right)
        c.axes(area, xTicks: (0...4).map { (x(Double($0)), PercentileSpectrum.label(nines: $0)) }, yTicks: [],
               xTitle: "percentile (log scale of 1/(1−p))", yTitle: "latency (ms, log)")
        c.text("no exchanges recorded", x: area.left + area.width / 2, y: area.top + area.height / 2, anchor: "middle", cls: "note")
        return c.render(label: "Latency by percentile: no exchanges recorded")
    }
}
