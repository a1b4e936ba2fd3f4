import Foundation
import Testing
@testable import SupportSimTau
import SupportSimTesting

/// The airline tools against tau-bench's own record: every tool message of 100 gpt-4o episodes
/// comes out byte for byte, and every task's gold actions run cleanly.
@Suite("Airline tools reproduce tau-bench's outputs", .enabled(if: TauBenchData.shouldRun, "needs ../shared/tau-bench"))
struct AirlineToolOutputTests {
    static func database() throws -> PyDict {
        try TauDomain.airline.loadDatabase(from: try TauBenchData.domain("airline").appendingPathComponent("db"))
    }

    static func json(_ file: String) throws -> PyValue {
        try PyJSON.parse(try Data(contentsOf: try TauBenchData.domain("airline").appendingPathComponent(file)))
    }

    static func truncated(_ s: String) -> String { s.count > 300 ? String(s.prefix(300)) + "…" : s }

    @Test("replaying each recorded episode gives every tool message byte for byte")
    func replayedEpisodesMatchEveryToolMessage() throws {
        let fresh = try Self.database()
        let episodes = try #require(try Self.json("trajectories/gpt-4o-trials-0-1.json").listValue)
        #expect(episodes.count == 100)
        var total = 0
        var mismatches: [String] = []
        for (index, episode) in episodes.enumerated() {
            var data = fresh
            let messages = try #require(episode["traj"]?.listValue)
            for (step, message) in messages.enumerated() {
                guard message["role"]?.stringValue == "assistant",
                      let call = message["tool_calls"]?.listValue?.first,
                      let function = call["function"],
                      let name = function["name"]?.stringValue,
                      let argumentText = function["arguments"]?.stringValue else { continue }
                let kwargs = try #require(try PyJSON.parse(argumentText).dictValue)
                let expected = try #require(messages[step + 1]["content"]?.stringValue)
                #expect(messages[step + 1]["role"]?.stringValue == "tool")
                let got = TauDomain.airline.invoke(name, kwargs, on: &data)
                total += 1
                if got != expected {
                    mismatches.append("episode \(index) step \(step) \(name)\n  expected: \(Self.truncated(expected))\n  got:      \(Self.truncated(got))")
                }
            }
        }
        #expect(total == 572)
        #expect(mismatches.isEmpty, "\(total - mismatches.count)/\(total) tool messages match; first differences:\n\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    @Test("every task's gold actions run on a fresh database without an error")
    func goldActionsRunWithoutError() throws {
        let fresh = try Self.database()
        let tasks = try #require(try Self.json("tasks.json").listValue)
        #expect(tasks.count == 50)
        var failures: [String] = []
        for (index, task) in tasks.enumerated() {
            var data = fresh
            for action in task["actions"]?.listValue ?? [] {
                let name = action["name"]?.stringValue ?? ""
                let observation = TauDomain.airline.invoke(name, action["kwargs"]?.dictValue ?? PyDict(), on: &data)
                if observation.hasPrefix("Error:") || observation.hasPrefix("Unknown action") {
                    failures.append("task \(index) \(name): \(Self.truncated(observation))")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test("the domain offers exactly the tools of tools.json, in its order")
    func toolsMatchToolsJSON() throws {
        let schemas = try #require(try Self.json("tools.json").listValue)
        let names = schemas.compactMap { $0["function"]?["name"]?.stringValue }
        #expect(TauDomain.airline.tools.map(\.name) == names)
        for schema in schemas {
            let function = try #require(schema["function"])
            let tool = try #require(TauDomain.airline.tool(function["name"]?.stringValue ?? ""))
            let properties = function["parameters"]?["properties"]?.dictValue?.keys ?? []
            #expect(tool.parameters.map(\.name) == properties, "\(tool.name)")
        }
    }
}

/// The rules that are easy to get subtly wrong, on a small hand-built database.
@Suite("Airline tool rules")
struct AirlineToolRuleTests {
    /// One user with a credit card, a gift card of 100 and a certificate of 250, one reservation
    /// of one passenger on HAT001 at 120 paid by credit card, and HAT001 available on May 20.
    static func database() throws -> PyDict {
        let text = """
        {"flights": {"HAT001": {"flight_number": "HAT001", "origin": "JFK", "destination": "SEA",
            "scheduled_departure_time_est": "06:00:00", "scheduled_arrival_time_est": "12:00:00",
            "dates": {"2024-05-20": {"status": "available",
                "available_seats": {"basic_economy": 9, "economy": 9, "business": 1},
                "prices": {"basic_economy": 80, "economy": 120, "business": 400}},
              "2024-05-21": {"status": "cancelled"}}}},
         "reservations": {"ABC123": {"reservation_id": "ABC123", "user_id": "mia_li_1", "origin": "JFK",
            "destination": "SEA", "flight_type": "one_way", "cabin": "economy",
            "flights": [{"origin": "JFK", "destination": "SEA", "flight_number": "HAT001", "date": "2024-05-20", "price": 120}],
            "passengers": [{"first_name": "Mia", "last_name": "Li", "dob": "1990-04-05"}],
            "payment_history": [{"payment_id": "credit_card_1", "amount": 120}],
            "created_at": "2024-05-10T10:00:00", "total_baggages": 0, "nonfree_baggages": 0, "insurance": "no"}},
         "users": {"mia_li_1": {"name": {"first_name": "Mia", "last_name": "Li"},
            "payment_methods": {"credit_card_1": {"source": "credit_card", "brand": "visa", "last_four": "1111", "id": "credit_card_1"},
              "gift_card_1": {"source": "gift_card", "amount": 100, "id": "gift_card_1"},
              "certificate_1": {"source": "certificate", "amount": 250, "id": "certificate_1"}},
            "saved_passengers": [], "membership": "gold", "reservations": ["ABC123"]}}}
        """
        return try #require(try PyJSON.parse(text).dictValue)
    }

    static func call(_ name: String, _ kwargs: String, on data: inout PyDict) throws -> String {
        TauDomain.airline.invoke(name, try #require(try PyJSON.parse(kwargs).dictValue), on: &data)
    }

    static let booking = """
        "user_id": "mia_li_1", "origin": "JFK", "destination": "SEA", "flight_type": "one_way", "cabin": "economy",
        "flights": [{"flight_number": "HAT001", "date": "2024-05-20"}],
        "passengers": [{"first_name": "Mia", "last_name": "Li", "dob": "1990-04-05"}],
        "total_baggages": 1, "nonfree_baggages": 1, "insurance": "yes"
        """

    @Test("a booking whose payments do not add up names the price and the sum, and changes nothing")
    func paymentMustAddUp() throws {
        var data = try Self.database()
        let before = data
        let out = try Self.call("book_reservation", "{\(Self.booking), \"payment_methods\": [{\"payment_id\": \"credit_card_1\", \"amount\": 150.5}]}", on: &data)
        // 120 fare + 30 insurance + 50 bag = 200, an int; the payment is a float.
        #expect(out == "Error: payment amount does not add up, total price is 200, but paid 150.5")
        #expect(data == before)
    }

    @Test("a certificate is used up whole, the gift card keeps the type of its arithmetic")
    func certificateIsConsumedAndGiftCardDebited() throws {
        var data = try Self.database()
        let out = try Self.call("book_reservation", """
            {\(Self.booking), "payment_methods": [{"payment_id": "certificate_1", "amount": 100},
              {"payment_id": "gift_card_1", "amount": 99.5}, {"payment_id": "credit_card_1", "amount": 0.5}]}
            """, on: &data)
        #expect(out.hasPrefix("{\"reservation_id\": \"HATHAT\", \"user_id\": \"mia_li_1\""))
        #expect(out.contains("\"flights\": [{\"flight_number\": \"HAT001\", \"date\": \"2024-05-20\", \"price\": 120, \"origin\": \"JFK\", \"destination\": \"SEA\"}]"))
        let methods = try #require(data["users"]?["mia_li_1"]?["payment_methods"]?.dictValue)
        #expect(methods["certificate_1"] == nil)  // the 150 left on it is lost
        #expect(methods["gift_card_1"]?["amount"] == .float(0.5))  // 100 - 99.5: int minus float
        #expect(data["users"]?["mia_li_1"]?["reservations"] == ["ABC123", "HATHAT"])
        #expect(data["reservations"]?["HATHAT"]?["payment_history"]?.listValue?.count == 3)
    }

    @Test("a certificate listed twice fails on its second debit, after the first took effect")
    func repeatedCertificateFailsHalfway() throws {
        var data = try Self.database()
        let out = try Self.call("book_reservation", """
            {\(Self.booking), "payment_methods": [{"payment_id": "gift_card_1", "amount": 50},
              {"payment_id": "certificate_1", "amount": 100}, {"payment_id": "certificate_1", "amount": 50}]}
            """, on: &data)
        #expect(out == "Error: 'certificate_1'")
        let methods = try #require(data["users"]?["mia_li_1"]?["payment_methods"]?.dictValue)
        #expect(methods["gift_card_1"]?["amount"] == .int(50))
        #expect(methods["certificate_1"] == nil)
        #expect(data["reservations"]?["HATHAT"] == nil)
    }

    @Test("a certificate keeps the amount's type, and the next free id is taken")
    func certificateAmountKeepsItsType() throws {
        var data = try Self.database()
        #expect(try Self.call("send_certificate", #"{"user_id": "mia_li_1", "amount": 150}"#, on: &data)
            == "Certificate certificate_3221322 added to user mia_li_1 with amount 150.")
        #expect(try Self.call("send_certificate", #"{"user_id": "mia_li_1", "amount": 150.0}"#, on: &data)
            == "Certificate certificate_3221323 added to user mia_li_1 with amount 150.0.")
        let methods = try #require(data["users"]?["mia_li_1"]?["payment_methods"]?.dictValue)
        #expect(methods["certificate_3221322"] == ["source": "certificate", "amount": 150, "id": "certificate_3221322"])
        #expect(methods["certificate_3221323"]?["amount"] == .float(150))
        #expect(methods.keys.last == "certificate_3221323")
    }

    @Test("changing flights charges the difference; the same cabin keeps a kept segment's price")
    func flightChangeChargesTheDifference() throws {
        var data = try Self.database()
        let business = try Self.call("update_reservation_flights", """
            {"reservation_id": "ABC123", "cabin": "business", "flights": [{"flight_number": "HAT001", "date": "2024-05-20"}],
             "payment_id": "gift_card_1"}
            """, on: &data)
        #expect(business == "Error: gift card balance is not enough")  // 400 - 120 = 280 > 100
        let same = try Self.call("update_reservation_flights", """
            {"reservation_id": "ABC123", "cabin": "economy", "flights": [{"flight_number": "HAT001", "date": "2024-05-20"}],
             "payment_id": "certificate_1"}
            """, on: &data)
        #expect(same == "Error: certificate cannot be used to update reservation")
        let kept = try Self.call("update_reservation_flights", """
            {"reservation_id": "ABC123", "cabin": "economy", "flights": [{"flight_number": "HAT001", "date": "2024-05-20"}],
             "payment_id": "credit_card_1"}
            """, on: &data)
        #expect(kept.contains("\"payment_history\": [{\"payment_id\": \"credit_card_1\", \"amount\": 120}]"))  // no zero record
        let cancelled = try Self.call("update_reservation_flights", """
            {"reservation_id": "ABC123", "cabin": "economy", "flights": [{"flight_number": "HAT001", "date": "2024-05-21"}],
             "payment_id": "credit_card_1"}
            """, on: &data)
        #expect(cancelled == "Error: flight HAT001 not available on date 2024-05-21")
    }

    @Test("cancelling refunds every payment by a negated record")
    func cancellationRefunds() throws {
        var data = try Self.database()
        let out = try Self.call("cancel_reservation", #"{"reservation_id": "ABC123"}"#, on: &data)
        #expect(out.hasSuffix("\"payment_history\": [{\"payment_id\": \"credit_card_1\", \"amount\": 120}, {\"payment_id\": \"credit_card_1\", \"amount\": -120}], \"created_at\": \"2024-05-10T10:00:00\", \"total_baggages\": 0, \"nonfree_baggages\": 0, \"insurance\": \"no\", \"status\": \"cancelled\"}"))
    }

    @Test("bags: 50 per added non-free bag, none back for fewer")
    func baggageCharges() throws {
        var data = try Self.database()
        let more = try Self.call("update_reservation_baggages",
            #"{"reservation_id": "ABC123", "total_baggages": 3, "nonfree_baggages": 2, "payment_id": "gift_card_1"}"#, on: &data)
        #expect(more.contains("\"total_baggages\": 3, \"nonfree_baggages\": 2"))
        #expect(data["users"]?["mia_li_1"]?["payment_methods"]?["gift_card_1"]?["amount"] == .int(0))
        let fewer = try Self.call("update_reservation_baggages",
            #"{"reservation_id": "ABC123", "total_baggages": 1, "nonfree_baggages": 0, "payment_id": "gift_card_1"}"#, on: &data)
        #expect(fewer.contains("{\"payment_id\": \"gift_card_1\", \"amount\": 100}]"))
        #expect(data["reservations"]?["ABC123"]?["payment_history"]?.listValue?.count == 2)
    }

    @Test("arguments bind as CPython binds them")
    func argumentErrors() throws {
        var data = try Self.database()
        #expect(try Self.call("get_user_details", "{}", on: &data)
            == "Error: GetUserDetails.invoke() missing 1 required positional argument: 'user_id'")
        #expect(try Self.call("get_reservation_details", #"{"reservation_id": "NOPE00"}"#, on: &data) == "Error: user not found")
        #expect(try Self.call("get_user_details", #"{"user_id": ["mia_li_1"]}"#, on: &data) == "Error: unhashable type: 'list'")
        #expect(try Self.call("fly_me", "{}", on: &data) == "Unknown action fly_me")
    }
}
