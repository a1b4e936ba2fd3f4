import Foundation
import SupportSimCore
import SupportSimScoring
import SupportSimRunner

/// What the run's models cost: the agent's tokens, and apart from them the model-driven
/// customer's and the judge's (the cost of testing, not of production), at the suite's `costs:`
/// prices, from results.json's `cost_per_resolution`. Nil when no model reported tokens.
struct ModelUsageSection {
    var table: ReportTable

    init?(_ run: RunRecord) {
        let cost = run.metrics.cost
        let prices = run.config.costs
        var rows: [[String]] = []
        var total = Decimal(0)
        let spends = [("agent", cost.inputTokens, cost.outputTokens),
                      ("customer model", cost.customer?.inputTokens ?? 0, cost.customer?.outputTokens ?? 0),
                      ("judge", cost.judge?.inputTokens ?? 0, cost.judge?.outputTokens ?? 0)]
        for (who, input, output) in spends {
            guard input + output > 0 else { continue }
            let money = Decimal(input) / 1000 * prices.perThousandInputTokens + Decimal(output) / 1000 * prices.perThousandOutputTokens
            total += money
            rows.append([who, "\(input)", "\(output)", Self.money(money)])
        }
        guard !rows.isEmpty else { return nil }
        if rows.count > 1 { rows.append(["all models", "", "", Self.money(total)]) }
        table = ReportTable(columns: ["Model", "Input tokens", "Output tokens", "Cost"], rows: rows)
    }

    /// Four decimals: a run's tokens often cost fractions of a cent.
    static func money(_ d: Decimal) -> String {
        var value = d
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 4, .plain)
        return String(format: "%.4f", NSDecimalNumber(decimal: rounded).doubleValue)
    }
}
