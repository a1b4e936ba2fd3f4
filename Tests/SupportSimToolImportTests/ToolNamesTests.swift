@testable import SupportSimToolImport
import Testing

/// Names as declared tools take them: ^[A-Za-z_][A-Za-z0-9_-]{0,63}$.
struct ToolNamesTests {
    @Test(arguments: [
        ("getPayment", "getPayment"), ("payments.get", "payments_get"), ("list users", "list_users"),
        ("get-payment", "get-payment"), ("2fa.verify", "_2fa_verify"), ("..", "tool"), ("café.open", "caf_open"),
        ("a/b//c", "a_b_c"), (String(repeating: "x", count: 100), String(repeating: "x", count: 64)),
    ])
    func sanitized(_ source: String, _ name: String) {
        #expect(ToolNames.sanitized(source) == name)
        #expect(ToolNames.isValid(name))
    }

    @Test func aRouteNamesItsMethodAndPathWords() {
        #expect(ToolNames.fromRoute(method: "GET", path: "/payments/{payment_id}/refunds") == "get_payments_payment_id_refunds")
        #expect(ToolNames.fromRoute(method: "DELETE", path: "/") == "delete")
        #expect(ToolNames.fromRoute(method: "post", path: "/v1/files.upload") == "post_v1_files_upload")
    }

    @Test func aTakenNameGetsANumber() {
        #expect(ToolNames.unique("a", among: []) == "a")
        #expect(ToolNames.unique("a", among: ["a", "a_2"]) == "a_3")
        let long = String(repeating: "y", count: 64)
        let second = ToolNames.unique(long, among: [long])
        #expect(second == String(repeating: "y", count: 62) + "_2")
        #expect(ToolNames.isValid(second))
    }

    @Test func twoOperationsOfOneNameAreTwoTools() throws {
        let r = try imported("""
            openapi: 3.0.3
            info: {title: x, version: '1'}
            paths:
              /a: {get: {operationId: a.list, responses: {'200': {description: ok}}}}
              /b: {get: {operationId: a_list, responses: {'200': {description: ok}}}}
            """, file: "api.yaml")
        #expect(r.tools.map(\.name) == ["a_list", "a_list_2"])
        #expect(r.warnings == ["GET /b: a second tool named a_list is written as a_list_2"])
    }
}
