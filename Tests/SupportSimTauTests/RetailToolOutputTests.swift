import Foundation
import Testing
@testable import SupportSimTau
import SupportSimTesting

/// The retail tools answer exactly as tau-bench's own do, byte for byte, on tau-bench's data.
@Suite("Retail tools on tau-bench's data", .enabled(if: TauBenchData.shouldRun, "needs ../shared/tau-bench"))
struct RetailToolOutputTests {
    let directory: URL
    /// The database as shipped, read once per test; every episode starts from a copy of it.
    let database: PyDict

    init() throws {
        directory = try TauBenchData.domain("retail")
        database = try TauDomain.retail.loadDatabase(from: directory.appendingPathComponent("db"))
    }

    private func json(_ file: String) throws -> PyValue {
        try PyJSON.parse(Data(contentsOf: directory.appendingPathComponent(file)))
    }

    private static func clip(_ text: String, _ limit: Int = 400) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "… (\(text.count) characters)"
    }

    @Test("replaying every recorded episode reproduces every tool message byte for byte")
    func recordedEpisodesReplay() throws {
        let episodes = try #require(json("trajectories/generated-tasks-0-56.json").listValue)
        #expect(episodes.count == 361)
        var total = 0
        var mismatches: [String] = []
        for (episodeIndex, episode) in episodes.enumerated() {
            var data = database
            let messages = try #require(episode["traj"]?.listValue)
            for (step, message) in messages.enumerated() where message["role"]?.stringValue == "assistant" {
                // tau-bench runs only the first tool call of a message; one tool message follows it.
                guard let call = message["tool_calls"]?.listValue?.first, let function = call["function"] else { continue }
                let name = try #require(function["name"]?.stringValue)
                let argumentsText = try #require(function["arguments"]?.stringValue)
                let arguments = try #require(try PyJSON.parse(argumentsText).dictValue)
                let got = TauDomain.retail.invoke(name, arguments, on: &data)
                let reply = messages[step + 1]
                #expect(reply["role"]?.stringValue == "tool")
                let expected = reply["content"]?.stringValue ?? ""
                total += 1
                if got != expected {
                    mismatches.append("episode \(episodeIndex) step \(step + 1) \(name)(\(Self.clip(PyText.dumps(.dict(arguments)), 200))):\n"
                        + "  expected \(Self.clip(expected))\n  got      \(Self.clip(got))")
                }
            }
        }
        #expect(total == 2592)
        #expect(mismatches.isEmpty, "\(total - mismatches.count) of \(total) tool messages match; first mismatches:\n\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    /// The gold actions that fail on tau-bench's own data too (checked against the upstream
    /// tools in Python): the tasks send the agent down a wrong email, zip, order or product id
    /// first, task 34 passes the old `province` keyword, and tasks 12, 13, 64 and 106 record an
    /// action that upstream's rules refuse (a refund to a non-original PayPal account, an
    /// exchange of an order that is not delivered, a gift card short of the difference).
    static let goldActionsThatFailUpstream = [
        "task 2 get_product_details: Error: product not found",
        "task 3 get_product_details: Error: product not found",
        "task 4 get_product_details: Error: product not found",
        "task 12 return_delivered_order_items: Error: payment method should be either the original payment method or a gift card",
        "task 13 return_delivered_order_items: Error: payment method should be either the original payment method or a gift card",
        "task 21 get_product_details: Error: product not found",
        "task 21 get_product_details: Error: product not found",
        "task 21 get_product_details: Error: product not found",
        "task 34 modify_pending_order_address: Error: ModifyPendingOrderAddress.invoke() got an unexpected keyword argument 'province'",
        "task 35 find_user_id_by_email: Error: user not found",
        "task 36 find_user_id_by_email: Error: user not found",
        "task 37 find_user_id_by_email: Error: user not found",
        "task 38 find_user_id_by_email: Error: user not found",
        "task 39 find_user_id_by_name_zip: Error: user not found",
        "task 46 get_order_details: Error: order not found",
        "task 46 get_order_details: Error: order not found",
        "task 47 get_order_details: Error: order not found",
        "task 47 get_order_details: Error: order not found",
        "task 54 find_user_id_by_email: Error: user not found",
        "task 55 find_user_id_by_email: Error: user not found",
        "task 64 exchange_delivered_order_items: Error: non-delivered order cannot be exchanged",
        "task 67 find_user_id_by_name_zip: Error: user not found",
        "task 67 find_user_id_by_name_zip: Error: user not found",
        "task 68 find_user_id_by_name_zip: Error: user not found",
        "task 106 exchange_delivered_order_items: Error: insufficient gift card balance to pay for the price difference",
    ]

    @Test("every task's gold actions run on a fresh database, failing only where they fail upstream")
    func goldActionsRun() throws {
        let tasks = try #require(json("tasks.json").listValue)
        #expect(tasks.count == 115)
        var failures: [String] = []
        var actions = 0
        for (taskIndex, task) in tasks.enumerated() {
            var data = database
            for action in task["actions"]?.listValue ?? [] {
                let name = try #require(action["name"]?.stringValue)
                let kwargs = try #require(action["kwargs"]?.dictValue)
                let observation = TauDomain.retail.invoke(name, kwargs, on: &data)
                actions += 1
                if observation.hasPrefix("Error:") || observation.hasPrefix("Unknown action") {
                    failures.append("task \(taskIndex) \(name): \(observation)")
                }
            }
        }
        #expect(actions == 582)
        #expect(failures == Self.goldActionsThatFailUpstream)
    }

    @Test("the domain offers exactly the tools of tools.json, with their parameters in order")
    func toolsMatchSchemas() throws {
        let schemas = try #require(json("tools.json").listValue)
        #expect(schemas.compactMap { $0["function"]?["name"]?.stringValue } == TauDomain.retail.tools.map(\.name))
        for schema in schemas {
            let function = try #require(schema["function"])
            let name = try #require(function["name"]?.stringValue)
            let tool = try #require(TauDomain.retail.tool(name))
            let properties = function["parameters"]?["properties"]?.dictValue?.keys ?? []
            #expect(tool.parameters.map(\.name) == properties, "\(name)")
            #expect(tool.parameters.allSatisfy { $0.defaultValue == nil }, "\(name) takes only required arguments")
        }
    }
}

/// The retail rules that are easy to get subtly wrong, on a small store made up for the tests.
@Suite("Retail tool rules")
struct RetailToolRuleTests {
    static let store = """
        {"orders": {
            "#W1": {"order_id": "#W1", "user_id": "ann_1", "items": [
                        {"name": "Kettle", "product_id": "p1", "item_id": "i1", "price": 10.1, "options": {"color": "red"}},
                        {"name": "Kettle", "product_id": "p1", "item_id": "i1", "price": 10.1, "options": {"color": "red"}}],
                     "status": "pending",
                     "payment_history": [{"transaction_type": "payment", "amount": 20.2, "payment_method_id": "gift_card_1"}]},
            "#W2": {"order_id": "#W2", "user_id": "ann_1", "items": [
                        {"name": "Kettle", "product_id": "p1", "item_id": "i1", "price": 10.1, "options": {"color": "red"}}],
                     "status": "delivered",
                     "payment_history": [{"transaction_type": "payment", "amount": 10.1, "payment_method_id": "credit_card_1"}]},
            "#W3": {"order_id": "#W3", "user_id": "ann_1", "items": [], "status": "pending",
                     "payment_history": [{"transaction_type": "payment", "amount": 5.0, "payment_method_id": "gift_card_1"},
                                         {"transaction_type": "payment", "amount": 3.0, "payment_method_id": "gift_card_9"}]}},
         "products": {"p1": {"name": "Kettle", "product_id": "p1", "variants": {
                "i1": {"item_id": "i1", "options": {"color": "red"}, "available": true, "price": 10.1},
                "i2": {"item_id": "i2", "options": {"color": "blue"}, "available": true, "price": 10.3},
                "i3": {"item_id": "i3", "options": {"color": "green"}, "available": false, "price": 9.9}}}},
         "users": {"ann_1": {"name": {"first_name": "Ann", "last_name": "Lee"},
                             "address": {"address1": "1 Main St", "address2": "", "city": "Springfield", "country": "USA", "state": "IL", "zip": "10001"},
                             "email": "Ann.Lee@example.com",
                             "payment_methods": {"gift_card_1": {"source": "gift_card", "balance": 100, "id": "gift_card_1"},
                                                 "credit_card_1": {"source": "credit_card", "brand": "visa", "last_four": "1111", "id": "credit_card_1"}},
                             "orders": ["#W1", "#W2", "#W3"]}}}
        """

    var data: PyDict

    init() throws {
        data = try #require(try PyJSON.parse(Self.store).dictValue)
    }

    mutating func call(_ tool: String, _ arguments: String) throws -> String {
        TauDomain.retail.invoke(tool, try #require(try PyJSON.parse(arguments).dictValue), on: &data)
    }

    func value(_ path: String...) -> PyValue? {
        var current: PyValue? = .dict(data)
        for key in path { current = current?[key] }
        return current
    }

    @Test("cancelling refunds every payment, credits gift cards at once, and turns an int balance into a float")
    mutating func cancelCreditsGiftCard() throws {
        let answer = try call("cancel_pending_order", ##"{"order_id": "#W1", "reason": "no longer needed"}"##)
        #expect(answer.hasSuffix(##""status": "cancelled", "payment_history": [{"transaction_type": "payment", "amount": 20.2, "payment_method_id": "gift_card_1"}, {"transaction_type": "refund", "amount": 20.2, "payment_method_id": "gift_card_1"}], "cancel_reason": "no longer needed"}"##))
        #expect(value("users", "ann_1", "payment_methods", "gift_card_1", "balance") == .float(120.2))
        #expect(try call("cancel_pending_order", ##"{"order_id": "#W2", "reason": "no longer needed"}"##) == "Error: non-pending order cannot be cancelled")
        #expect(try call("cancel_pending_order", ##"{"order_id": "#W3", "reason": "changed my mind"}"##) == "Error: invalid reason")
    }

    @Test("a cancellation that fails halfway keeps the gift card credits already made, as upstream")
    mutating func cancelFailsHalfway() throws {
        // The second payment names a gift card the customer does not hold: Python's KeyError.
        #expect(try call("cancel_pending_order", ##"{"order_id": "#W3", "reason": "ordered by mistake"}"##) == "Error: 'gift_card_9'")
        #expect(value("users", "ann_1", "payment_methods", "gift_card_1", "balance") == .float(105.0))
        #expect(value("orders", "#W3", "status") == "pending")
        #expect(value("orders", "#W3", "payment_history")?.listValue?.count == 2)
    }

    @Test("modifying items swaps repeated ids on successive items and records the difference unrounded")
    mutating func modifyItemsUnrounded() throws {
        let answer = try call("modify_pending_order_items", ##"{"order_id": "#W1", "item_ids": ["i1", "i1"], "new_item_ids": ["i2", "i2"], "payment_method_id": "gift_card_1"}"##)
        #expect(answer.contains(##"{"transaction_type": "payment", "amount": 0.40000000000000213, "payment_method_id": "gift_card_1"}"##))
        #expect(answer.hasSuffix(##""status": "pending (item modified)", "payment_history": [{"transaction_type": "payment", "amount": 20.2, "payment_method_id": "gift_card_1"}, {"transaction_type": "payment", "amount": 0.40000000000000213, "payment_method_id": "gift_card_1"}]}"##))
        let items = try #require(value("orders", "#W1", "items")?.listValue)
        #expect(items.map { $0["item_id"] } == ["i2", "i2"])
        #expect(items.map { $0["price"] } == [.float(10.3), .float(10.3)])
        #expect(items[0]["options"] == ["color": "blue"])
        #expect(value("users", "ann_1", "payment_methods", "gift_card_1", "balance") == .float(99.6))
    }

    @Test("an exchange rounds the difference to cents and only requests the change")
    mutating func exchangeRounds() throws {
        #expect(try call("exchange_delivered_order_items", ##"{"order_id": "#W2", "item_ids": ["i1"], "new_item_ids": ["i3"], "payment_method_id": "credit_card_1"}"##)
            == "Error: new item i3 not found or available")
        let answer = try call("exchange_delivered_order_items", ##"{"order_id": "#W2", "item_ids": ["i1"], "new_item_ids": ["i2"], "payment_method_id": "credit_card_1"}"##)
        #expect(answer.hasSuffix(##""status": "exchange requested", "payment_history": [{"transaction_type": "payment", "amount": 10.1, "payment_method_id": "credit_card_1"}], "exchange_items": ["i1"], "exchange_new_items": ["i2"], "exchange_payment_method_id": "credit_card_1", "exchange_price_difference": 0.2}"##))
        #expect(value("orders", "#W2", "items")?.listValue?.first?["item_id"] == "i1")
    }

    @Test("a return checks the payment method before the items, and allows only the original method or a gift card")
    mutating func returnChecksInOrder() throws {
        #expect(try call("return_delivered_order_items", ##"{"order_id": "#W2", "item_ids": ["nope"], "payment_method_id": "paypal_1"}"##) == "Error: payment method not found")
        #expect(try call("return_delivered_order_items", ##"{"order_id": "#W2", "item_ids": ["nope"], "payment_method_id": "credit_card_1"}"##) == "Error: some item not found")
        #expect(try call("return_delivered_order_items", ##"{"order_id": "#W2", "item_ids": ["i1", "i1"], "payment_method_id": "gift_card_1"}"##) == "Error: some item not found")
        let answer = try call("return_delivered_order_items", ##"{"order_id": "#W2", "item_ids": ["i1"], "payment_method_id": "gift_card_1"}"##)
        #expect(answer.hasSuffix(##""status": "return requested", "payment_history": [{"transaction_type": "payment", "amount": 10.1, "payment_method_id": "credit_card_1"}], "return_items": ["i1"], "return_payment_method_id": "gift_card_1"}"##))
    }

    @Test("a new address keeps upstream's key order, state before country")
    mutating func addressKeyOrder() throws {
        let answer = try call("modify_user_address", ##"{"user_id": "ann_1", "address1": "2 Oak Ave", "address2": "Apt 3", "city": "Shelbyville", "state": "IL", "country": "USA", "zip": "10002"}"##)
        #expect(answer.contains(##""address": {"address1": "2 Oak Ave", "address2": "Apt 3", "city": "Shelbyville", "state": "IL", "country": "USA", "zip": "10002"}, "email""##))
    }

    @Test("arguments of the wrong type fail as Python does", arguments: [
        ("get_order_details", ##"{"order_id": ["#W1"]}"##, "Error: unhashable type: 'list'"),
        ("get_order_details", ##"{"order_id": 1}"##, "Error: order not found"),
        ("find_user_id_by_email", ##"{"email": 5}"##, "Error: 'int' object has no attribute 'lower'"),
        ("find_user_id_by_email", ##"{"email": "ann.lee@EXAMPLE.com"}"##, "ann_1"),
        ("find_user_id_by_name_zip", ##"{"first_name": "ann", "last_name": "LEE", "zip": 10001}"##, "Error: user not found"),
        ("modify_pending_order_items", ##"{"order_id": "#W1", "item_ids": "i1", "new_item_ids": ["i2"], "payment_method_id": "gift_card_1"}"##, "Error: i not found"),
        ("modify_pending_order_items", ##"{"order_id": "#W1", "item_ids": ["i1"], "new_item_ids": 7, "payment_method_id": "gift_card_1"}"##, "Error: object of type 'int' has no len()"),
        ("modify_pending_order_address", ##"{"order_id": "#W1", "address1": "a", "address2": "", "city": "c", "province": "p", "country": "USA", "zip": "1"}"##,
         "Error: ModifyPendingOrderAddress.invoke() got an unexpected keyword argument 'province'"),
        ("modify_pending_order_payment", ##"{"order_id": "#W1"}"##, "Error: ModifyPendingOrderPayment.invoke() missing 1 required positional argument: 'payment_method_id'"),
        ("calculate", ##"{"expression": ["1", "+-"]}"##, "Error: eval() arg 1 must be a string, bytes or code object"),
        ("calculate", ##"{"expression": ["1", "+2"]}"##, "Error: invalid characters in expression"),
        ("calculate", ##"{"expression": 12}"##, "Error: 'int' object is not iterable"),
        ("calculate", ##"{"expression": "2 x 3"}"##, "Error: invalid characters in expression"),
        ("no_such_tool", "{}", "Unknown action no_such_tool"),
    ])
    func wrongTypes(tool: String, arguments: String, answer: String) throws {
        var rules = try RetailToolRuleTests()
        #expect(try rules.call(tool, arguments) == answer)
    }
}
