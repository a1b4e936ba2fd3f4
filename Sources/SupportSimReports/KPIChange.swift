import Foundation
import SupportSimCore

/// A KPI's change against the baseline, as a tile shows it: `+2.1 pts`, `−120 ms`, and whether
/// that is better or worse by the catalogue's direction (`neither`: only shown, not judged).
struct KPIChange: Sendable, Hashable {
    enum Tone: String, Sendable { case better, worse, same, neutral }
    var text: String
    var tone: Tone

    init?(_ kpi: KPI, now: Double?, then: Double?) {
        guard let now, let then else { return nil }
        let delta = now - then
        let shown: String
        switch kpi.kind {
        case .rate, .ratio: shown = Self.signed(delta * 100, digits: 1) + " pts"
        case .ms: shown = (delta < 0 ? "−" : "+") + Format.duration(abs(delta))
        case .money, .score: shown = Self.signed(delta, digits: 2)
        case .count: shown = Self.signed(delta, digits: 0)
        }
        // A change too small to show is no change.
        let negligible = !shown.contains { $0.isNumber && $0 != "0" }
        text = negligible ? "no change" : shown + " vs baseline"
        switch (negligible, kpi.definition.better) {
        case (true, _): tone = .same
        case (false, .neither): tone = .neutral
        case (false, .higher): tone = delta > 0 ? .better : .worse
        case (false, .lower): tone = delta < 0 ? .better : .worse
        }
    }

    static func signed(_ x: Double, digits: Int) -> String {
        let body = String(format: "%.\(digits)f", abs(x))
        return (x < 0 && body.contains(where: { $0 != "0" && $0 != "." }) ? "−" : "+") + body
    }
}
