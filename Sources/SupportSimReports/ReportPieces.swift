import Foundation
import SupportSimCore
import SupportSimScoring

/// A passing conversation's pieces of results.json and report.html, encoded as it finishes (in
/// its own task, so on every core) and spooled to disk; the run then keeps the short summary
/// `ScenarioResult.spooling` leaves, and the writers copy the pieces in the run's order. The
/// bytes are the ones the writers would encode from the whole result: tests hold both to it.
public enum ReportPieces {
    /// `r` with its pieces in `spool`; `r` itself when it did not pass (the failure sections
    /// and junit.xml quote its transcript, so it is kept whole).
    public static func spooled(_ r: ScenarioResult, into spool: ReportSpool) throws(ReportSpool.Failure) -> ScenarioResult {
        guard r.status == .pass, r.spooled == nil else { return r }
        var json: [UInt8] = []
        json.reserveCapacity(8192)
        ScenarioResultBytes.append(r, to: &json, level: 2)
        let slots = try spool.append([json, html(r)])
        return r.spooling(SpooledPieces(spool: spool, resultsJSON: slots[0], html: slots[1]))
    }

    /// The conversation's object of report.html's data block.
    static func html(_ r: ScenarioResult) -> [UInt8] {
        var j = JSONBytes()
        j.bytes.reserveCapacity(8192)
        HTMLData.conversation(r, into: &j)
        return j.bytes
    }

    /// results.json's object of `r`: its spooled piece, else encoded.
    static func resultsJSON(_ r: ScenarioResult, into bytes: inout [UInt8]) throws(ReportSpool.Failure) {
        if let s = r.spooled {
            bytes = try s.spool.read(s.resultsJSON)
        } else {
            ScenarioResultBytes.append(r, to: &bytes, level: 2)
        }
    }

    /// report.html's object of `r`: its spooled piece, else encoded.
    static func html(_ r: ScenarioResult, into bytes: inout [UInt8]) throws(ReportSpool.Failure) {
        if let s = r.spooled {
            bytes = try s.spool.read(s.html)
        } else {
            var one = JSONBytes()
            swap(&one.bytes, &bytes)
            HTMLData.conversation(r, into: &one)
            swap(&one.bytes, &bytes)
        }
    }
}
