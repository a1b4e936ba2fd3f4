import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// `junit.xml` (metrics.md, "Outputs of a run"): one test case per scenario and trial, and one per
/// gate in a second test suite, for the
/// test views of GitHub, GitLab and Jenkins. Kept to the subset all three read: `testsuites` >
/// `testsuite` > `testcase` with `failure`, `error` or `skipped`, and `system-out`, which is
/// also what the Jenkins xunit plugin's junit-10.xsd allows, apart from each test case's `file`
/// attribute (GitLab links a case to its file with it; docs/contract-notes.md). Times are
/// wall-clock seconds, as test views expect; the run's virtual seconds are a property
/// (`virtual_seconds`) and each conversation's virtual duration is in results.json.
public struct JUnitReportWriter: ReportWriter {
    /// Transcript text kept in `system-out` of a failing case; the rest is in report.html.
    public var maxOutput: Int
    public init(maxOutput: Int = 4000) { self.maxOutput = maxOutput }
    public var fileName: String { "junit.xml" }

    public func render(_ run: RunRecord) -> String {
        let c = run.counts
        // Wall-clock seconds, as CI test views expect; the virtual time is a property.
        let wallMs = Int((run.info.finishedAt.timeIntervalSince(run.info.startedAt) * 1000).rounded())
        let time = Format.seconds(max(0, wallMs))
        let virtual = Format.seconds(run.results.map(\.record.durationMs).reduce(0, +))
        let tests = run.results.count + run.invalid.count
        let counts = "tests=\"\(tests)\" failures=\"\(c.fail)\" errors=\"\(c.error)\" skipped=\"\(c.invalid)\" time=\"\(time)\""
        let failedGates = run.gates.filter { !$0.passed }.count
        let all = "tests=\"\(tests + run.gates.count)\" failures=\"\(c.fail + failedGates)\" errors=\"\(c.error)\""
            + " skipped=\"\(c.invalid)\" time=\"\(time)\""
        var x = ""
        x.reserveCapacity(run.results.count * 300 + 1024)
        x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<testsuites name=\"supportsim\" \(all)>\n"
        x += "  <testsuite name=\"\(attr(run.info.suite))\" \(counts) timestamp=\"\(ISODate.formatDateTime(run.info.startedAt))\""
        x += " hostname=\"supportsim\" id=\"0\" package=\"\(attr(run.info.suite))\">\n"
        x += "    <properties>\n"
        var properties = [("run_id", run.info.id), ("agent", run.info.agent), ("passed", run.passed ? "true" : "false"),
                          ("virtual_seconds", virtual)]
        if let commit = run.info.gitCommit { properties.append(("git_commit", commit)) }
        for g in run.gates { properties.append(("gate " + g.gate.metric, g.line)) }
        for (name, value) in properties {
            x += "      <property name=\"\(attr(name))\" value=\"\(attr(value))\"/>\n"
        }
        x += "    </properties>\n"
        for r in run.results { testcase(r, into: &x) }
        for inv in run.invalid { invalid(inv, into: &x) }
        x += "  </testsuite>\n"
        gates(run, into: &x)
        x += "</testsuites>\n"
        return x
    }

    /// Every gate is a test case of its own suite, so a run that fails on a gate alone (every
    /// scenario passed) shows red in CI's test view, as its exit code says.
    func gates(_ run: RunRecord, into x: inout String) {
        guard !run.gates.isEmpty else { return }
        let failed = run.gates.filter { !$0.passed }.count
        x += "  <testsuite name=\"\(attr(run.info.suite)) gates\" tests=\"\(run.gates.count)\" failures=\"\(failed)\""
        x += " errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\"\(ISODate.formatDateTime(run.info.startedAt))\""
        x += " hostname=\"supportsim\" id=\"1\" package=\"\(attr(run.info.suite))\">\n"
        for g in run.gates {
            x += "    <testcase classname=\"gates\" name=\"\(attr(g.gate.metric))\" time=\"0\""
            if g.passed {
                x += "/>\n"
            } else {
                x += ">\n      <failure message=\"\(attr(g.line))\" type=\"gate\">\(Escape.xml(g.line))</failure>\n    </testcase>\n"
            }
        }
        x += "  </testsuite>\n"
    }

    func testcase(_ r: ScenarioResult, into x: inout String) {
        let rec = r.record
        x += "    <testcase classname=\"\(attr(Self.className(rec.scenario.id)))\" name=\"\(attr("\(r.id)#\(r.trial)"))\""
        // The conversation's wall-clock time (its virtual duration is in results.json); the
        // virtual one where none was measured (offline scoring).
        x += " time=\"\(Format.seconds(max(0, rec.wallMs ?? rec.durationMs)))\" file=\"\(attr(rec.scenario.file))\""
        guard r.status != .pass else { x += "/>\n"; return }
        x += ">\n"
        let reasons = r.failureReasons
        let body = reasons.joined(separator: "\n")
        if r.status == .error {
            let message = rec.error ?? reasons.first ?? "error"
            x += "      <error message=\"\(attr(message))\" type=\"error\">\(Escape.xml(body))</error>\n"
        } else {
            x += "      <failure message=\"\(attr(Self.message(reasons)))\" type=\"\(attr(Self.failureType(r)))\">"
            x += "\(Escape.xml(body))</failure>\n"
        }
        x += "      <system-out>\(Escape.xml(transcript(rec)))</system-out>\n"
        x += "    </testcase>\n"
    }

    func invalid(_ inv: InvalidScenario, into x: inout String) {
        let diagnostics = inv.diagnostics.map(\.description)
        x += "    <testcase classname=\"\(attr(Self.className(inv.id)))\" name=\"\(attr("\(inv.id)#1"))\" time=\"0.000\""
        x += " file=\"\(attr(inv.file))\">\n"
        let message = "invalid scenario: " + (diagnostics.first ?? inv.file)
        x += "      <skipped message=\"\(attr(message))\">\(Escape.xml(diagnostics.joined(separator: "\n")))</skipped>\n"
        x += "    </testcase>\n"
    }

    /// The scenario's folder with dots, which Jenkins shows as a package tree; scenarios at the
    /// top of the scenarios folder go under `scenarios`.
    static func className(_ id: String) -> String {
        let folder = RunRecord.folder(of: id)
        return folder.isEmpty ? "scenarios" : folder.replacingOccurrences(of: "/", with: ".")
    }

    /// GitLab and GitHub show the message on one line: every reason, cut to a readable length.
    static func message(_ reasons: [String]) -> String {
        guard let first = reasons.first else { return "failed" }
        let text = reasons.count == 1 ? first : "\(reasons.count) problems: " + reasons.joined(separator: "; ")
        return text.count > 1000 ? String(text.prefix(1000)) + "…" : text
    }

    /// What kind of failure it is, for CI views that group by type.
    static func failureType(_ r: ScenarioResult) -> String {
        if r.violations.contains(where: { !$0.waived }) { return "policy_violation" }
        if !r.hallucinations.isEmpty { return "hallucination" }
        return "check_failed"
    }

    /// The conversation as text, so a CI log shows what happened without opening report.html.
    func transcript(_ rec: ConversationRecord) -> String {
        var out = ""
        for t in rec.transcript {
            out += "[\(Format.seconds(t.atMs))s] \(t.speaker.rawValue): \(t.text)\n"
            // auditRange holds sequence numbers, which start at 1.
            for seq in t.auditRange where seq >= 1 && seq <= rec.audit.count {
                let a = rec.audit[seq - 1]
                out += "    call \(a.operation) -> \(a.succeeded ? "ok" : "error")\n"
            }
            if out.utf8.count > maxOutput { return String(out.prefix(maxOutput)) + "\n…(cut; see report.html)\n" }
        }
        return out
    }

    private func attr(_ s: String) -> String { Escape.xml(s, attribute: true) }
}
