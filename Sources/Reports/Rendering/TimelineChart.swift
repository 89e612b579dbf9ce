import LoadModel

/// Throughput and concurrency over the run, in one chart of two panels sharing the time axis: exchanges
/// completed per second for each operation above, mean exchanges in flight below.
struct TimelineChart {
    var timeline: Timeline
    /// More buckets than this are merged for drawing, so an hour-long run stays a light page.
    static let maxPoints = 600

    func svg() -> String {
        var c = SVGCanvas(width: 1000, height: 470)
        let top = PlotArea(left: 78, top: 44, width: 880, height: 190)
        let bottom = PlotArea(left: 78, top: 300, width: 880, height: 110)
        let factor = (timeline.count + Self.maxPoints - 1) / Self.maxPoints
        let t = timeline.coarsened(by: max(factor, 1))
        let width = Double(t.bucketWidth) / 1e9
        let duration = max(Double(t.count) * width, width)
        let x = ChartScale(.linear, domain: 0...ChartScale.niceCeiling(duration, count: 10), range: top.left...top.right)
        let xTicks = x.ticks(count: 10).map { (x($0), tickLabel($0)) }
        let ops = OperationKind.allCases.map(\.rawValue)
        let rates = ops.indices.map { t.ratePerSecond(op: $0) }
        let rateMax = ChartScale.niceCeiling(rates.flatMap { $0 }.max() ?? 0)
        let yr = ChartScale(.linear, domain: 0...rateMax, range: top.top...top.bottom, flipped: true)
        c.axes(top, xTicks: xTicks, yTicks: yr.ticks(count: 4).map { (yr($0), tickLabel($0)) }, xTitle: "",
               yTitle: "completed / s")
        // Each bucket's value is drawn at the bucket's middle.
        func px(_ b: Int) -> Double { x((Double(b) + 0.5) * width) }
        for (i, series) in rates.enumerated() where series.contains(where: { $0 > 0 }) {
            c.polyline(series.indices.map { (px($0), yr(series[$0])) }, stroke: SpectrumChart.colors[i],
                       title: "\(ops[i]) exchanges completed per second")
        }
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
        lx = c.legendItem("exchanges in flight (mean per bucket)", x: lx + 20, y: 22, color: "#0f766e")
        c.text("bucket: \(tickLabel(Double(t.bucketWidth) / 1e6)) ms", x: top.right, y: 22, anchor: "end", cls: "note")
        if timeline.count == 0 {
            c.text("no exchanges recorded", x: top.left + top.width / 2, y: top.top + top.height / 2, anchor: "middle", cls: "note")
        }
        return c.render(label: "Exchanges completed per second by operation, and exchanges in flight, over time")
    }
}
