import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SupportSimCore
import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

struct JUnitReportTests {
    /// Reads junit.xml back with junitparser, the parser many CI tools' plugins are checked
    /// against, and prints what it understood as JSON.
    static let reader = """
        import json, sys
        from junitparser import JUnitXml, Failure, Error, Skipped
        xml = JUnitXml.fromfile(sys.argv[1])
        suites = list(xml)
        out = {"root": [xml.tests, xml.failures, xml.errors, xml.skipped, xml.time], "suites": [], "cases": {}}
        for s in suites:
            out["suites"].append({"name": s.name, "counts": [s.tests, s.failures, s.errors, s.skipped, s.time]})
            for c in s:
                kinds = [{"kind": type(r).__name__, "message": r.message, "text": r.text or "", "type": r.type} for r in c.result]
                out["cases"][c.name] = {"classname": c.classname, "time": c.time, "results": kinds}
        print(json.dumps(out))
        """

    @Test(.enabled(if: Tool.hasJunitparser || ExternalClients.requireAll, "needs python3 with junitparser (pip install junitparser; .ci/run installs it)"))
    func junitparserReadsTheCountsAndEveryReason() async throws {
        let run = try await ReportFixtures.mixedRun()
        let dir = try ReportFixtures.write(run, writers: [JUnitReportWriter()])
        let file = dir.appendingPathComponent("junit.xml")
        let python = try #require(Tool.find("python3"))
        let result = try Tool.run(python, ["-c", Self.reader, file.path])
        #expect(result.status == 0, "junitparser failed: \(result.stderr)")
        let parsed = try JSONValue.parse(result.stdout)

        // The run's wall-clock time (the fixture's run took a minute); the virtual time is a property.
        let totalSeconds = run.info.finishedAt.timeIntervalSince(run.info.startedAt)
        let root = try #require(parsed["root"]?.arrayValue)
        let gates = run.gates.count, failedGates = run.gates.filter { !$0.passed }.count
        #expect(gates > 0)
        #expect(root.prefix(4).map(\.intValue) == [5 + gates, 2 + failedGates, 1, 1])
        #expect(abs((root[4].decimalValue.map { NSDecimalNumber(decimal: $0).doubleValue } ?? -1) - totalSeconds) < 0.01)
        let suite = try #require(parsed["suites"]?.arrayValue?.first)
        #expect(parsed["suites"]?.arrayValue?.count == 2)
        #expect(suite["name"]?.stringValue == run.info.suite)
        #expect(suite["counts"]?.arrayValue?.prefix(4).map(\.intValue) == [5, 2, 1, 1])

        let cases = try #require(parsed["cases"]?.objectValue)
        #expect(cases.count == 5 + gates)
        for r in run.results {
            let c = try #require(cases["\(r.id)#\(r.trial)"], "no test case for \(r.id)")
            #expect(c["classname"]?.stringValue == String(r.id.split(separator: "/")[0]))
            let results = c["results"]?.arrayValue ?? []
            switch r.status {
            case .pass:
                #expect(results.isEmpty)
            case .fail:
                #expect(results.map { $0["kind"]?.stringValue } == ["Failure"])
                let text = results.first?["text"]?.stringValue ?? ""
                let message = results.first?["message"]?.stringValue ?? ""
                #expect(!r.failureReasons.isEmpty)
                for reason in r.failureReasons {
                    #expect(text.contains(reason), "reason missing from <failure> of \(r.id): \(reason)")
                }
                #expect(message.contains(r.failureReasons[0]))
            case .error, .invalid:
                #expect(results.map { $0["kind"]?.stringValue } == ["Error"])
                #expect(results.first?["message"]?.stringValue == "turn 0: model crashed")
            }
        }
        let skipped = try #require(cases["billing/broken#1"])
        #expect(skipped["classname"]?.stringValue == "billing")
        #expect(skipped["results"]?.arrayValue?.first?["kind"]?.stringValue == "Skipped")
        #expect(skipped["results"]?.arrayValue?.first?["text"]?.stringValue?.contains("expected a string, found a list & <more>") == true)
        // The hostile title and reply are data, not markup, in the XML.
        let xml = try String(contentsOf: file, encoding: .utf8)
        #expect(!xml.contains("<script>") && !xml.contains("<img"))
    }

    /// A gate that fails while every scenario passes makes the run exit 1; junit.xml must show
    /// it too, as a failing test case of its own.
    @Test(.enabled(if: Tool.hasJunitparser || ExternalClients.requireAll, "needs python3 with junitparser (pip install junitparser; .ci/run installs it)"))
    func aFailingGateIsAFailingTestCaseWhenEveryScenarioPasses() async throws {
        var suite = try Fixtures.loadAcmeMini()
        suite.config.gates = [Gate(metric: "automation_rate", min: Decimal(string: "0.99"), max: nil),
                              Gate(metric: "scenario_pass_rate", min: 1, max: nil)]
        let results = await SuiteRunner(suite: suite, agent: AcmeMiniScript.agent).run()
        #expect(results.allSatisfy { $0.status == .pass })
        let run = RunRecord(info: ReportFixtures.info(suite, agent: "script"), config: suite.config, results: results, invalid: [])
        #expect(!run.passed)
        let file = try ReportFixtures.write(run, writers: [JUnitReportWriter()]).appendingPathComponent("junit.xml")
        let result = try Tool.run(try #require(Tool.find("python3")), ["-c", Self.reader, file.path])
        #expect(result.status == 0, "junitparser failed: \(result.stderr)")
        let parsed = try JSONValue.parse(result.stdout)
        #expect(parsed["root"]?.arrayValue?.prefix(2).map(\.intValue) == [results.count + 2, 1])
        let gate = try #require(parsed["cases"]?["automation_rate"])
        #expect(gate["classname"] == "gates")
        #expect(gate["results"]?.arrayValue?.first?["kind"] == "Failure")
        #expect(gate["results"]?.arrayValue?.first?["message"]?.stringValue?.contains("min 0.99") == true)
        #expect(parsed["cases"]?["scenario_pass_rate"]?["results"]?.arrayValue?.isEmpty == true)
    }

    @Test func theFileIsWellFormedXMLWithCounts() async throws {
        let run = try await ReportFixtures.mixedRun()
        let xml = JUnitReportWriter().render(run)
        let gates = run.gates.count, failedGates = run.gates.filter { !$0.passed }.count
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"supportsim\" "
                              + "tests=\"\(5 + gates)\" failures=\"\(2 + failedGates)\" errors=\"1\" skipped=\"1\""))
        let doc = try XMLDocument(data: Data(xml.utf8))
        #expect(try doc.nodes(forXPath: "/testsuites/testsuite").count == 2)
        #expect(try doc.nodes(forXPath: "/testsuites/testsuite[1]/testcase").count == 5)
        #expect(try doc.nodes(forXPath: "/testsuites/testsuite[2]/testcase").count == gates)
        #expect(try doc.nodes(forXPath: "//testcase/failure").count == 2 + failedGates)
        #expect(try doc.nodes(forXPath: "//testcase/error").count == 1)
        #expect(try doc.nodes(forXPath: "//testcase/skipped").count == 1)
    }

    @Test func controlCharactersCannotMakeTheXMLInvalid() throws {
        var suite = try Fixtures.loadAcmeMini()
        suite.scenarios = [suite.scenarios[0]]
        suite.scenarios[0].title = "bell \u{07} and \"quotes\" & 'apostrophes'"
        let invalid = InvalidScenario(id: "odd\u{01}name", file: "x.yaml", diagnostics: [])
        let run = RunRecord(info: ReportFixtures.info(suite, agent: "none"), config: suite.config, results: [], invalid: [invalid])
        let xml = JUnitReportWriter().render(run)
        #expect(!xml.contains("\u{01}"))
        #expect((try? XMLDocument(data: Data(xml.utf8))) != nil)
    }

    @Test func timesAreWallClockSecondsAndTheVirtualTimeIsAProperty() async throws {
        var run = try await ReportFixtures.mixedRun()
        for i in run.results.indices { run.results[i].record.wallMs = 1234 + i }
        let xml = JUnitReportWriter().render(run)
        let doc = try XMLDocument(data: Data(xml.utf8))
        let times = try doc.nodes(forXPath: "/testsuites/testsuite[1]/testcase/@time").compactMap(\.stringValue)
        #expect(Array(times.prefix(run.results.count)) == run.results.indices.map { String(format: "%.3f", Double(1234 + $0) / 1000) })
        // The fixture's run took a minute of wall-clock time.
        #expect(try doc.nodes(forXPath: "/testsuites/testsuite[1]/@time").first?.stringValue == "60.000")
        let virtual = run.results.map(\.record.durationMs).reduce(0, +)
        let property = try doc.nodes(forXPath: "/testsuites/testsuite[1]/properties/property[@name='virtual_seconds']/@value")
        #expect(property.first?.stringValue == String(format: "%.3f", Double(virtual) / 1000))
        #expect(virtual != 60_000)
    }
}
