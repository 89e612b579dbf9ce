/// The plot area of a chart inside its canvas, in pixels.
struct PlotArea {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var right: Double { left + width }
    var bottom: Double { top + height }
}

extension SVGCanvas {
    /// Draws a plot's frame: horizontal grid lines at the y ticks, tick marks and labels on both axes, the two
    /// axis lines and the axis titles. Ticks are (pixel position, label) pairs so callers choose the labels
    /// (percentiles, milliseconds, seconds).
    mutating func axes(_ area: PlotArea, xTicks: [(Double, String)], yTicks: [(Double, String)], xTitle: String, yTitle: String) {
        for (y, label) in yTicks {
            line(area.left, y, area.right, y, cls: "grid")
            line(area.left - 4, y, area.left, y, cls: "axis")
            text(label, x: area.left - 7, y: y + 4, anchor: "end")
        }
        for (x, label) in xTicks {
            line(x, area.top, x, area.bottom, cls: "grid")
            line(x, area.bottom, x, area.bottom + 4, cls: "axis")
            text(label, x: x, y: area.bottom + 17, anchor: "middle")
        }
        line(area.left, area.top, area.left, area.bottom, cls: "axis")
        line(area.left, area.bottom, area.right, area.bottom, cls: "axis")
        text(xTitle, x: area.left + area.width / 2, y: area.bottom + 36, anchor: "middle", cls: "axis-title")
        text(yTitle, x: area.left - 48, y: area.top + area.height / 2, anchor: "middle", cls: "axis-title", rotate: true)
    }
}
