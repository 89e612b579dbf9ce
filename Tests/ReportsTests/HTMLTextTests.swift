import Testing
@testable import Reports

@Suite struct HTMLTextTests {
    @Test(arguments: [
        // Markup in a job id.
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        // An ampersand in a query string.
        ("/jobs/?jobid=a&b", "/jobs/?jobid=a&amp;b"),
        // Both quotes, which would end an attribute.
        ("say \"hi\" it's", "say &quot;hi&quot; it&#39;s"),
        // Already-escaped text is escaped again, not trusted.
        ("&lt;", "&amp;lt;"),
        // Plain and non-ASCII text passes through.
        ("queued → running µs", "queued → running µs"),
    ])
    func escapesTextAndAttributes(raw: String, escaped: String) {
        #expect(HTMLText.escape(raw) == escaped)
    }

    @Test func svgTextIsEscaped() {
        var c = SVGCanvas(width: 10, height: 10)
        c.text("a<b & \"c\"", x: 1, y: 2)
        c.rect(0, 0, 1, 1, fill: "#000", title: "job <j&1>")
        let svg = c.render(label: "x\"y")
        #expect(svg.contains(">a&lt;b &amp; &quot;c&quot;</text>"))
        #expect(svg.contains("<title>job &lt;j&amp;1&gt;</title>"))
        #expect(svg.contains("aria-label=\"x&quot;y\""))
    }
}
