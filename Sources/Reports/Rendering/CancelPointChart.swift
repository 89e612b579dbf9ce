/// Final state by planned cancel point: one horizontal bar per point, stacked succeeded, failed, cancelled
/// and none (never terminal), so one glance shows which points actually stop jobs.
struct CancelPointChart {
    var jobs: JobsAggregate

    static let colors = ["#16a34a", "#dc2626", "#4f46e5", "#9ca3af"]
    static let rowHeight = 24.0

    func svg() -> String {
        let points = jobs.points
        let area = PlotArea(left: 150, top: 40, width: 800, height: max(Double(points.count), 1) * Self.rowHeight)
        var c = SVGCanvas(width: 1000, height: area.bottom + 50)
        let maxJobs = points.map { jobs.byPoint[$0]!.reduce(0, +) }.max() ?? 0
        let x = ChartScale(.linear, domain: 0...ChartScale.niceCeiling(Double(max(maxJobs, 1)), count: 8), range: area.left...area.right)
        c.axes(area, xTicks: x.ticks(count: 8).map { (x($0), tickLabel($0)) }, yTicks: [], xTitle: "jobs", yTitle: "")
        for (row, point) in points.enumerated() {
            let counts = jobs.byPoint[point]!
            let y = area.top + Double(row) * Self.rowHeight
            c.text(point, x: area.left - 8, y: y + Self.rowHeight / 2 + 4, anchor: "end", cls: "label")
            var from = 0
            for (s, n) in counts.enumerated() where n > 0 {
                let x0 = x(Double(from)), x1 = x(Double(from + n))
                c.rect(x0, y + 3, x1 - x0, Self.rowHeight - 6, fill: Self.colors[s],
                       title: "\(point): \(n) \(JobsAggregate.finalStates[s])")
                // Numbers go inside a segment only when they fit.
                if x1 - x0 >= Double(String(n).count) * 7 + 6 {
                    c.text(String(n), x: (x0 + x1) / 2, y: y + Self.rowHeight / 2 + 4, anchor: "middle", cls: "bar-label")
                }
                from += n
            }
            c.text(String(from), x: x(Double(from)) + 5, y: y + Self.rowHeight / 2 + 4, cls: "tick")
        }
        if points.isEmpty {
            c.text("no jobs recorded", x: area.left + area.width / 2, y: area.top + 16, anchor: "middle", cls: "note")
        }
        var lx = area.left
        for (s, name) in JobsAggregate.finalStates.enumerated() {
            lx = c.legendItem(name == "none" ? "none (never terminal)" : name, x: lx, y: 22, color: Self.colors[s], swatch: true)
        }
        return c.render(label: "Final state of jobs by planned cancel point")
    }
}
