import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// tools/ files are validated like every suite file: each mistake located, with did-you-mean.
struct DeclaredToolLoadingTests {
    static func problems(_ tools: String, extra: [String: String] = [:]) -> [String] {
        var files = DeclaredToolsFixture.files
        files["tools/payments.yaml"] = nil
        files["scenarios/void.yaml"] = nil
        files["scenarios/world/payments.yaml"] = nil
        files["tools/x.yaml"] = tools
        files.merge(extra) { $1 }
        do {
            _ = try SuiteLoader(root: Fixtures.suite(files)).load()
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }.map(\.description)
        }
    }

    @Test func theDeclaredToolsAreTheAgentsToolsAndTheBuiltInsStayCallable() throws {
        let suite = try SuiteLoader(root: Fixtures.suite(DeclaredToolsFixture.files)).load()
        #expect(suite.tools.offered.map(\.name) == [
            "refund_charge", "get_payment", "list_payments", "void_payment", "partial_refund", "open_case", "fx_rate",
        ])
        #expect(suite.tools.contains("billing.refund"))
        #expect(suite.declaredCollections.map(\.name) == ["cases", "payments"])
        #expect(suite.world["payments"].count == 2)
        let schema = try #require(suite.tools.offered.first { $0.name == "open_case" }?.inputSchema)
        #expect(schema["required"] == ["account_id", "subject"])
        #expect(schema["properties"]?["priority"]?["enum"] == ["low", "normal", "high", "urgent"])
        #expect(suite.scenarios.first?.expect.state["payments"] != nil)
    }

    static let tool = "tools:\n  - name: get_payment\n    description: A payment.\n    parameters: {payment_id: {type: string, required: true}}\n"

    @Test func anUnknownImplementationKeyIsNamedWithTheClosest() {
        #expect(Self.problems(Self.tool + "    record: {get: payments, key: $payment_id}\n") == [
            "tools/x.yaml:2:5: tools[0]: a tool needs exactly one implementation (maps_to, records, responses, exec), found none",
            "tools/x.yaml:5:5: tools[0]: unknown key \"record\"; did you mean \"records\"? (expected one of: name, description, "
                + "parameters, maps_to, records, responses, exec)",
        ])
    }

    @Test func aParameterOfAnUnknownTypeIsAnError() {
        #expect(Self.problems("""
            tools:
              - name: t
                description: d
                parameters: {n: {type: str}}
                responses: [{result: {}}]
            """) == ["tools/x.yaml:4:28: tools[0].parameters.n.type: expected one of string, number, integer, boolean, array, object, found \"str\"; did you mean \"string\"?"])
    }

    @Test func aMappingToAnOperationThatDoesNotExistIsAnError() {
        #expect(Self.problems(Self.tool + "    maps_to: {call: billing.refnd}\n") == [
            "tools/x.yaml:5:21: tools[0].maps_to.call: unknown operation \"billing.refnd\"; did you mean \"billing.refund\"? (maps_to takes an operation of tools.md)",
        ])
        #expect(Self.problems(Self.tool + "    maps_to: {call: billing.get_invoice, args: {invoice: $payment_id}}\n") == [
            "tools/x.yaml:5:48: tools[0].maps_to.args: billing.get_invoice needs its argument \"invoice_id\"; give it under args (from a parameter, $name, or a constant)",
            "tools/x.yaml:5:58: tools[0].maps_to.args.invoice: billing.get_invoice has no argument \"invoice\"; did you mean \"invoice_id\"?",
        ])
    }

    @Test func aPreconditionOnAMissingFieldIsAnError() {
        let problems = Self.problems("""
            collections: {payments: {key: id}}
            tools:
              - name: void_payment
                description: d
                parameters: {payment_id: {type: string, required: true}}
                records: {update: payments, key: $payment_id, require: {state: [authorized]}, set: {status: voided}}
            """)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("tools/x.yaml:6:68: tools[0].records.require.state: payments has no field \"state\"; did you mean \"status\"?") == true)
    }

    @Test func collectionsAndTemplateNamesMustExist() {
        #expect(Self.problems(Self.tool + "    records: {get: paymnts, key: $payment}\n") == [
            "tools/x.yaml:5:20: tools[0].records.get: unknown collection \"paymnts\" (declare it under collections: in a tools file, or use a built-in one)",
        ])
        #expect(Self.problems("collections: {payments: {key: id}}\n" + Self.tool + "    records: {get: payments, key: $payment}\n") == [
            "tools/x.yaml:6:35: tools[0].records.key: $payment names no parameter of get_payment; did you mean \"payment_id\"? (its parameters: payment_id)",
        ])
    }

    @Test func anExecHandlerThatIsNotThereCannotStartAndSaysSoAtLoad() {
        #expect(Self.problems(Self.tool + "    exec: {command: [python3, tools/missing.py]}\n") == [
            "tools/x.yaml:5:21: tools[0].exec.command: tools/missing.py does not exist in the suite folder (commands run there)",
        ])
    }

    @Test func toolNamesAreFunctionNamesAndUnique() {
        let twice = Self.tool + "    responses: [{result: {}}]\n" + "  - {name: get_payment, description: again, responses: [{result: {}}]}\n"
        #expect(Self.problems(twice) == ["tools/x.yaml:6:12: tools[1].name: tool get_payment is declared twice (first at tools/x.yaml:2:11)"])
        #expect(Self.problems("tools:\n  - {name: payments.get, description: d, responses: [{result: {}}]}\n") == [
            "tools/x.yaml:2:12: tools[0].name: expected a function name (letters, digits, _ or -, at most 64, not starting with a digit), found \"payments.get\"",
        ])
    }

    @Test func aDefaultResponseComesLast() {
        #expect(Self.problems(Self.tool + "    responses: [{result: {a: 1}}, {when: {payment_id: P}, result: {}}]\n") == [
            "tools/x.yaml:5:17: tools[0].responses[0]: a response without when is the default and must come last (the ones after it could never be chosen)",
        ])
    }

    @Test func aScenarioChecksTheStateOfADeclaredCollection() {
        var files = DeclaredToolsFixture.files
        files["scenarios/void.yaml"] = "turns: [{customer: Hi}]\nexpect: {state: {paymnts: [{id: PAY-2}]}}\n"
        do {
            _ = try SuiteLoader(root: Fixtures.suite(files)).load()
            Issue.record("a state check on an unknown collection loaded")
        } catch {
            #expect(error.diagnostics.first?.description.contains("unknown key \"paymnts\"; did you mean \"payments\"?") == true)
        }
    }
}

/// `same_customer` follows a declared collection's `customer` field: the argument that keys a
/// declared get or update names a record, and the record's customer is whom the call acts on.
struct DeclaredOwnershipTests {
    @Test func theKeyArgumentOfADeclaredCollectionWithCustomersNamesItsOwner() throws {
        let suite = try SuiteLoader(root: Fixtures.repositoryRoot.appendingPathComponent("examples/ledgerly")).load()
        #expect(suite.tools.ownedRecords.contains(.init(argument: "payment_id", collection: "payments", ownerField: "customer")))
        #expect(suite.tools.ownedRecords.contains(.init(argument: "charge_id", collection: "charges", ownerField: "customer")))
        // The fixture's payments name their owner `account`, which is no customer field.
        let fixture = try SuiteLoader(root: Fixtures.suite(DeclaredToolsFixture.files)).load()
        #expect(!fixture.tools.ownedRecords.contains { $0.collection == "payments" })
    }
}
