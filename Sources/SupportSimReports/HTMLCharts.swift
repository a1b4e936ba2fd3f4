import Foundation
import SupportSimCore
import SupportSimScoring

/// Charts for report.html as inline SVG, drawn here so the page needs no chart library and no
/// network. Every label that comes from a suite (intent names, run ids) is escaped.
enum HTMLCharts {
    static let passColor = "#1a7f37", autoColor = "#1f5fbf", failColor = "#c62828", muted = "#5b6475"

    /// Pass rate and automation rate per intent, as paired horizontal bars.
    static func intentBars(_ metrics: RunMetrics) -> String {
        let byIntent = metrics.byIntent
        guard !byIntent.isEmpty else { return empty("no conversations") }
        let intents = byIntent.keys.sorted()
        let labelW = 210.0, barW = 420.0, rowH = 34.0, top = 34.0
        let width = labelW + barW + 70, height = top + rowH * Double(intents.count) + 24
        var s = open(width, height, "Pass rate and automation rate by intent")
        s += legend([("Pass rate", passColor), ("Automation", autoColor)], x: labelW, y: 14)
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = labelW + tick * barW
            s += line(x, top - 4, x, height - 20, "#d9dee7")
            s += text(x, height - 6, Format.percent(tick).replacingOccurrences(of: ".0", with: ""), anchor: "middle", size: 11)
        }
        for (i, intent) in intents.enumerated() {
            let y = top + Double(i) * rowH
            let f = byIntent[intent]!
            let pass = Figure(f.scenarioPassRate), auto = Figure(f.automationRate)
            s += text(labelW - 8, y + 19, clip(intent, 30), anchor: "end", size: 12, title: intent)
            for (j, (fig, color, name)) in [(pass, passColor, "pass rate"), (auto, autoColor, "automation")].enumerated() {
                let v = fig.value ?? 0
                let by = y + 4 + Double(j) * 13
                s += "<rect x=\"\(n(labelW))\" y=\"\(n(by))\" width=\"\(n(max(v * barW, 1)))\" height=\"11\" fill=\"\(color)\">"
                s += "<title>\(Escape.html(intent)) \(name): \(Format.percent(fig.value)) (\(fig.count))</title></rect>"
                s += text(labelW + max(v * barW, 1) + 4, by + 10, Format.percent(fig.value), size: 10.5)
            }
        }
        return s + "</svg>"
    }

    /// First-response times as a histogram of equal-width bins up to the 98th percentile, and
    /// one bar for the slower rest: a few timeouts would otherwise squeeze everything else into
    /// the first bin.
    static func frtHistogram(_ values: [Int]) -> String {
        let sorted = values.sorted()
        guard let lo = sorted.first, let hi = sorted.last else { return empty("no agent replies") }
        let p98 = sorted[Int(Double(sorted.count - 1) * 0.98)]
        let top = p98 > lo ? p98 : hi
        let bins = min(20, max(1, Set(sorted.prefix { $0 <= top }).count))
        let width = Double(max(1, top - lo)) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        var slower = 0
        for v in sorted {
            if v > top { slower += 1 } else { counts[min(bins - 1, Int(Double(v - lo) / width))] += 1 }
        }
        if slower > 0 { counts.append(slower) }
        let left = 50.0, plotW = 560.0, plotH = 200.0, y0 = 14.0
        let maxCount = Double(counts.max() ?? 1)
        var s = open(left + plotW + 20, y0 + plotH + 46, "Distribution of first response times")
        s += line(left, y0 + plotH, left + plotW, y0 + plotH, muted)
        s += line(left, y0, left, y0 + plotH, muted)
        s += text(left - 6, y0 + 10, "\(Int(maxCount))", anchor: "end", size: 11)
        s += text(left - 6, y0 + plotH, "0", anchor: "end", size: 11)
        let bw = plotW / Double(counts.count)
        for (i, c) in counts.enumerated() {
            let h = Double(c) / maxCount * plotH
            let from = Double(lo) + Double(i) * width
            let label = i == bins ? "over \(Format.duration(Double(top)))" : "\(Format.duration(from))–\(Format.duration(from + width))"
            s += "<rect x=\"\(n(left + Double(i) * bw + 1))\" y=\"\(n(y0 + plotH - h))\" width=\"\(n(max(bw - 2, 1)))\""
            s += " height=\"\(n(h))\" fill=\"\(i == bins ? failColor : autoColor)\"><title>\(label): \(c)</title></rect>"
        }
        s += text(left, y0 + plotH + 16, Format.duration(Double(lo)), anchor: "start", size: 11)
        for q in [0.25, 0.5, 0.75] where bins >= 4 {
            let x = left + q * Double(bins) * bw
            s += line(x, y0 + plotH, x, y0 + plotH + 4, muted)
            s += text(x, y0 + plotH + 16, Format.duration(Double(lo) + q * Double(bins) * width), anchor: "middle", size: 11)
        }
        let right = slower > 0 ? "over \(Format.duration(Double(top))) (max \(Format.duration(Double(hi))))" : Format.duration(Double(hi))
        s += text(left + plotW, y0 + plotH + 16, right, anchor: "end", size: 11)
        s += text(left + plotW / 2, y0 + plotH + 38, "first response time (\(values.count) conversations)", anchor: "middle", size: 12)
        return s + "</svg>"
    }

    /// The agent's escalation decisions against the expected ones (metrics.escalation_confusion).
    static func confusion(_ metrics: RunMetrics) -> String {
        let c = metrics.escalationConfusion
        func v(_ k: String) -> Int {
            switch k {
            case "true_positive": c.truePositive
            case "false_positive": c.falsePositive
            case "false_negative": c.falseNegative
            default: c.trueNegative
            }
        }
        let cells = [[("true_positive", true), ("false_negative", false)], [("false_positive", false), ("true_negative", true)]]
        let total = Double(max(1, v("true_positive") + v("false_positive") + v("false_negative") + v("true_negative")))
        let left = 170.0, top = 40.0, cw = 170.0, ch = 70.0
        var s = open(left + 2 * cw + 20, top + 2 * ch + 20, "Escalation confusion matrix")
        s += text(left + cw / 2, top - 12, "agent escalated", anchor: "middle", size: 12)
        s += text(left + cw * 1.5, top - 12, "agent did not", anchor: "middle", size: 12)
        for (r, rowLabel) in ["should escalate", "should not"].enumerated() {
            s += text(left - 10, top + Double(r) * ch + ch / 2 + 4, rowLabel, anchor: "end", size: 12)
            for (col, (key, correct)) in cells[r].enumerated() {
                let count = v(key), share = Double(count) / total
                let x = left + Double(col) * cw, y = top + Double(r) * ch
                let color = correct ? "26,127,55" : "198,40,40"
                s += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cw - 4))\" height=\"\(n(ch - 4))\" rx=\"4\""
                s += " fill=\"rgba(\(color),\(n(0.12 + 0.75 * share)))\" stroke=\"#d9dee7\"/>"
                s += text(x + cw / 2, y + ch / 2 - 2, "\(count)", anchor: "middle", size: 20, weight: "600")
                s += text(x + cw / 2, y + ch / 2 + 18, key.replacingOccurrences(of: "_", with: " "), anchor: "middle", size: 11)
            }
        }
        return s + "</svg>"
    }

    /// Scenario pass rate over past runs (the history input); the newest run is on the right.
    static func trend(_ points: [(runID: String, passRate: Double)]) -> String {
        guard !points.isEmpty else { return empty("no history yet") }
        let left = 50.0, plotW = 560.0, plotH = 180.0, top = 14.0
        var s = open(left + plotW + 30, top + plotH + 40, "Scenario pass rate by run")
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let y = top + plotH - tick * plotH
            s += line(left, y, left + plotW, y, "#d9dee7")
            s += text(left - 6, y + 4, Format.percent(tick).replacingOccurrences(of: ".0", with: ""), anchor: "end", size: 11)
        }
        let step = points.count > 1 ? plotW / Double(points.count - 1) : 0
        func xy(_ i: Int) -> (Double, Double) {
            (left + (points.count > 1 ? Double(i) * step : plotW / 2), top + plotH - min(max(points[i].passRate, 0), 1) * plotH)
        }
        let path = points.indices.map { let (x, y) = xy($0); return "\(n(x)),\(n(y))" }.joined(separator: " ")
        s += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(passColor)\" stroke-width=\"2\"/>"
        for i in points.indices {
            let (x, y) = xy(i)
            s += "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3.5\" fill=\"\(passColor)\"><title>\(Escape.html(points[i].runID)): "
            s += "\(Format.percent(points[i].passRate))</title></circle>"
        }
        s += text(left, top + plotH + 16, clip(points[0].runID, 28), anchor: "start", size: 11)
        if points.count > 1 { s += text(left + plotW, top + plotH + 16, clip(points[points.count - 1].runID, 28), anchor: "end", size: 11) }
        return s + "</svg>"
    }

    // MARK: - Pieces

    static func open(_ w: Double, _ h: Double, _ label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(w)) \(n(h))\" width=\"\(n(w))\" role=\"img\" "
            + "aria-label=\"\(Escape.html(label))\"><title>\(Escape.html(label))</title>"
    }

    static func empty(_ message: String) -> String { "<p class=\"empty\">\(Escape.html(message))</p>" }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ color: String) -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(color)\" stroke-width=\"1\"/>"
    }

    static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "start", size: Double = 12,
                     weight: String = "400", title: String? = nil) -> String {
        let tip = title.map { "<title>\(Escape.html($0))</title>" } ?? ""
        return "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(n(size))\" font-weight=\"\(weight)\""
            + " fill=\"#1d2330\">\(tip)\(Escape.html(s))</text>"
    }

    static func legend(_ items: [(String, String)], x: Double, y: Double) -> String {
        var s = "", at = x
        for (label, color) in items {
            s += "<rect x=\"\(n(at))\" y=\"\(n(y - 9))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            s += text(at + 14, y, label, size: 12)
            at += 110
        }
        return s
    }

    static func clip(_ s: String, _ max: Int) -> String { s.count > max ? String(s.prefix(max - 1)) + "…" : s }

    /// Coordinates with at most one decimal: smaller files, same picture.
    static func n(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
