/// The report's inline style sheet: system fonts only (nothing to fetch), print-friendly, and the classes
/// the SVG charts use for axes, grid lines and labels.
extension HTMLReport {
    static let css = """
    :root { color-scheme: light; --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --pass: #15803d; --fail: #b91c1c; --other: #b45309; }
    * { box-sizing: border-box; }
    body { margin: 0; background: #f3f4f6; color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
    main { max-width: 1060px; margin: 0 auto; padding: 20px 16px 40px; }
    header, section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 16px; }
    h1 { font-size: 22px; margin: 0 0 12px; display: flex; align-items: center; gap: 12px; }
    h2 { font-size: 17px; margin: 0 0 10px; }
    h3 { font-size: 14px; margin: 0 0 6px; }
    code, pre { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
    .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px 16px; margin: 0; }
    .facts dt { color: var(--muted); font-size: 12px; }
    .facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
    .command { color: var(--muted); margin: 10px 0 0; overflow-wrap: anywhere; }
    .command code { color: var(--fg); }
    .caption { color: var(--muted); margin: 8px 0; }
    .warn { color: var(--other); font-weight: 600; }
    .ok { color: var(--pass); font-weight: 600; }
    .verdict { font-size: 14px; padding: 3px 10px; border-radius: 999px; color: #fff; }
    .verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); } .verdict.other { background: var(--other); }
    table { border-collapse: collapse; width: 100%; margin: 6px 0; }
    th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { font-size: 12px; color: var(--muted); font-weight: 600; }
    td.n, th.n { font-variant-numeric: tabular-nums; text-align: right; }
    td.view { color: var(--muted); }
    .dot { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
    .badge { display: inline-block; min-width: 44px; text-align: center; padding: 1px 8px; border-radius: 4px; font-size: 12px; font-weight: 600; }
    .badge.pass { background: #dcfce7; color: var(--pass); } .badge.fail { background: #fee2e2; color: var(--fail); }
    .badge.unknown { background: #fef3c7; color: var(--other); } .badge.na { background: #f3f4f6; color: var(--muted); }
    .violation { border-top: 1px solid var(--line); padding: 10px 0; }
    .violation p { margin: 4px 0; overflow-wrap: anywhere; }
    table.evidence { font-size: 12px; table-layout: fixed; }
    table.evidence th:nth-child(1) { width: 60px; } table.evidence th:nth-child(3) { width: 80px; }
    table.evidence th:nth-child(4) { width: 110px; } table.evidence th:nth-child(n+5) { width: 125px; }
    table.evidence code { overflow-wrap: anywhere; }
    .more { color: var(--muted); font-style: italic; }
    footer { color: var(--muted); font-size: 12px; text-align: center; }
    svg.chart { display: block; width: 100%; height: auto; margin: 4px 0; }
    svg .grid { stroke: #eef0f3; stroke-width: 1; }
    svg .axis { stroke: #6b7280; stroke-width: 1; }
    svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: #374151; }
    svg .tick { font-size: 11px; fill: #4b5563; }
    svg .legend { font-size: 12px; }
    svg .label { font-size: 12px; }
    svg .axis-title { font-size: 12px; fill: #374151; font-weight: 600; }
    svg .note { font-size: 12px; fill: #9ca3af; }
    svg .bar-label { font-size: 11px; fill: #fff; font-weight: 600; }
    svg polyline:hover { stroke-width: 3.5; }
    @media print { body { background: #fff; } header, section { break-inside: avoid; border: none; } }

    """
}
