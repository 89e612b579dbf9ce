/// Builds one inline `<svg>` element as text: the few shapes the report's charts draw, every text escaped.
///
/// No `xmlns` attribute: inside HTML the parser supplies the SVG namespace, and leaving it out keeps the
/// report free of any URL that a checker could mistake for a network reference.
struct SVGCanvas {
    let width: Double
    let height: Double
    private var parts: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String) {
        parts.append("<line class=\"\(cls)\" x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"/>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, title: String? = nil) {
        let shape = "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(w, 0)))\" height=\"\(n(max(h, 0)))\" fill=\"\(fill)\""
        if let title { parts.append(shape + "><title>\(HTMLText.escape(title))</title></rect>") } else { parts.append(shape + "/>") }
    }

    /// A polyline through the points; `dash` makes it dashed (the uncorrected series).
    mutating func polyline(_ points: [(Double, Double)], stroke: String, dash: Bool = false, width w: Double = 1.8, title: String? = nil) {
        guard !points.isEmpty else { return }
        var pts = points
        // A single point would draw nothing; stretch it into a short tick so the series stays visible.
        if pts.count == 1 { pts.append((pts[0].0 + 3, pts[0].1)) }
        let coords = pts.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        var attrs = "fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(w))\" stroke-linejoin=\"round\""
        if dash { attrs += " stroke-dasharray=\"6 4\"" }
        let body = "<polyline \(attrs) points=\"\(coords)\""
        if let title { parts.append(body + "><title>\(HTMLText.escape(title))</title></polyline>") } else { parts.append(body + "/>") }
    }

    /// A filled area under a series down to `baseline`.
    mutating func area(_ points: [(Double, Double)], baseline: Double, fill: String) {
        guard let first = points.first, let last = points.last else { return }
        let coords = ([(first.0, baseline)] + points + [(last.0, baseline)]).map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        parts.append("<polygon fill=\"\(fill)\" fill-opacity=\"0.18\" stroke=\"none\" points=\"\(coords)\"/>")
    }

    /// Text; `anchor` is start, middle or end; `cls` picks a style from the report's CSS.
    mutating func text(_ s: String, x: Double, y: Double, anchor: String = "start", cls: String = "tick", rotate: Bool = false) {
        let transform = rotate ? " transform=\"rotate(-90 \(n(x)) \(n(y)))\"" : ""
        parts.append("<text class=\"\(cls)\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\"\(transform)>\(HTMLText.escape(s))</text>")
    }

    /// A legend entry: a short line sample (dashed or solid) or a swatch, then its label. Returns the x after it.
    @discardableResult
    mutating func legendItem(_ label: String, x: Double, y: Double, color: String, dash: Bool = false, swatch: Bool = false) -> Double {
        if swatch {
            rect(x, y - 9, 12, 12, fill: color)
        } else {
            polyline([(x, y - 3), (x + 22, y - 3)], stroke: color, dash: dash, width: 2.2)
        }
        let textX = x + (swatch ? 17 : 27)
        text(label, x: textX, y: y + 1, cls: "legend")
        return textX + Double(label.count) * 6.6 + 16
    }

    /// The finished element; `label` becomes its accessible name.
    func render(label: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\">"
            + parts.joined() + "</svg>"
    }

    /// A coordinate with at most one decimal: enough for the eye, and it keeps a thousand-point line short.
    func n(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let tenths = Int64((v * 10).rounded())
        let whole = tenths / 10, frac = abs(tenths % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return frac == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(frac)"
    }
}
