import LoadModel

/// Throughput, latency and concurrency over the run, in one chart of three panels sharing the time axis:
/// exchanges completed per second for each operation, their mean latency, and mean exchanges in flight. The
/// nemesis's fault windows, when the run had any, are shaded across all three.
struct TimelineChart {
    var timeline: Timeline
    var windows: [NemesisSummary.Window] = []
    /// More buckets than this are merged for drawing, so an hour-long run stays a light page.
    static let maxPoints = 600

    func svg() -> String {
        var c = SVGCanvas(width: 1000, height: 610)
        let top = PlotArea(left: 78, top: 44, width: 880, height: 190)
        let middle = PlotArea(left: 78, top: 270, width: 880, height: 110)
        let bottom = PlotArea(left: 78, top: 420, width: 880, height: 110)
        let factor = (timeline.count + Self.maxPoints - 1) / Self.maxPoints
        let t = timeline.coarsened(by: max(factor, 1))
        let width = Double(t.bucketWidth) / 1e9
        let lastWindow = windows.map { Double($0.endNs) / 1e9 }.max() ?? 0
        let duration = max(Double(t.count) * width, width, lastWindow)
        let x = ChartScale(.linear, domain: 0...ChartScale.niceCeiling(duration, count: 10), range: top.left...top.right)
        let xTicks = x.ticks(count: 10).map { (x($0), tickLabel($0)) }
        let ops = OperationKind.allCases.map(\.rawValue)
        let rates = ops.indices.map { t.ratePerSecond(op: $0) }
        let rateMax = ChartScale.niceCeiling(rates.flatMap { $0 }.max() ?? 0)
        let yr = ChartScale(.linear, domain: 0...rateMax, range: top.top...top.bottom, flipped: true)
        // The fault windows first, so the lines are drawn over them.
        for w in windows {
            let x0 = x(Double(w.startNs) / 1e9), x1 = max(x(Double(w.endNs) / 1e9), x0 + 1)
            for area in [top, middle, bottom] {
                c.rect(x0, area.top, x1 - x0, area.height, fill: "#fecaca",
                       title: "window \(w.number): \(w.fault), \(tickLabel(Double(w.startNs) / 1e9))–\(tickLabel(Double(w.endNs) / 1e9)) s")
            }
        }
        c.axes(top, xTicks: xTicks, yTicks: yr.ticks(count: 4).map { (yr($0), tickLabel($0)) }, xTitle: "",
               yTitle: "completed / s")
        // Each bucket's value is drawn at the bucket's middle.
        func px(_ b: Int) -> Double { x((Double(b) + 0.5) * width) }
        for (i, series) in rates.enumerated() where series.contains(where: { $0 > 0 }) {
            c.polyline(series.indices.map { (px($0), yr(series[$0])) }, stroke: SpectrumChart.colors[i],
                       title: "\(ops[i]) exchanges completed per second")
        }
        let latency = t.meanLatencyMilliseconds
        let latencyMax = ChartScale.niceCeiling(latency.max() ?? 0, count: 3)
        let yl = ChartScale(.linear, domain: 0...max(latencyMax, 1e-3), range: middle.top...middle.bottom, flipped: true)
        c.axes(middle, xTicks: xTicks, yTicks: yl.ticks(count: 3).map { (yl($0), tickLabel($0)) }, xTitle: "", yTitle: "mean ms")
        c.polyline(latency.indices.map { (px($0), yl(latency[$0])) }, stroke: "#be185d",
                   title: "mean latency of the exchanges completed in each bucket, ms")
        let inFlight = t.meanInFlight
        let flightMax = ChartScale.niceCeiling(inFlight.max() ?? 0, count: 3)
        let yf = ChartScale(.linear, domain: 0...flightMax, range: bottom.top...bottom.bottom, flipped: true)
        c.axes(bottom, xTicks: xTicks, yTicks: yf.ticks(count: 3).map { (yf($0), tickLabel($0)) },
               xTitle: "time since the run started (s)", yTitle: "in flight")
        let flightPoints = inFlight.indices.map { (px($0), yf(inFlight[$0])) }
        c.area(flightPoints, baseline: bottom.bottom, fill: "#0f766e")
        c.polyline(flightPoints, stroke: "#0f766e", title: "mean exchanges in flight")
        var lx = top.left
        for (i, op) in ops.enumerated() { lx = c.legendItem("\(op) / s", x: lx, y: 22, color: SpectrumChart.colors[i]) }
        lx = c.legendItem("mean latency", x: lx + 20, y: 22, color: "#be185d")
        lx = c.legendItem("in flight", x: lx + 20, y: 22, color: "#0f766e")
        if !windows.isEmpty { lx = c.legendItem("fault window", x: lx + 20, y: 22, color: "#fecaca", swatch: true) }
        c.text("bucket: \(tickLabel(Double(t.bucketWidth) / 1e6)) ms", x: top.right, y: 22, anchor: "end", cls: "note")
        if timeline.count == 0 {
            c.text("no exchanges recorded", x: top.left + top.width / 2, y: top.top + top.height / 2, anchor: "middle", cls: "note")
        }
        return c.render(label: "Exchanges completed per second by operation, their mean latency, and exchanges in flight, over time"
            + (windows.isEmpty ? "" : ", with \(windows.count) fault windows shaded"))
    }
}
