import Foundation
import SupportSimCore

/// CRM, account and hand-off operations.
enum CRMOperations {
    static func digits(_ s: String) -> String { s.filter(\.isNumber) }

    static func register(_ h: inout [String: Operations.Handler]) {
        h["crm.find_customer"] = { args, ctx in
            let email = args.string("email")?.lowercased()
            let phone = args.string("phone").map(digits)
            let name = args.string("name")?.lowercased()
            let found = ctx.world["customers"].records.filter { c in
                if let email, c["email"]?.stringValue?.lowercased() != email { return false }
                if let phone, !phone.isEmpty, digits(c["phone"]?.stringValue ?? "").hasSuffix(phone) == false { return false }
                if let name, !(c["name"]?.stringValue?.lowercased().contains(name) ?? false) { return false }
                return true
            }
            return ["customers": .array(found.map { c in
                .object(["id": c["id"] ?? .null, "name": c["name"] ?? .null, "email": c["email"] ?? .null,
                         "tier": c["tier"] ?? "standard"])
            })]
        }
        h["crm.get_customer"] = { args, ctx in
            Operations.publicCustomer(try ctx.requireCustomer(args.required("customer_id")))
        }
        h["crm.verify_identity"] = { args, ctx in
            let c = try ctx.requireCustomer(args.required("customer_id"))
            let method = args.required("method")
            let given = args.required("value").trimmingCharacters(in: .whitespaces)
            let expected = method == "email" ? (c["verification"]?["email"] ?? c["email"])?.stringValue
                : c["verification"]?[method]?.stringValue
            let verified = expected.map { $0.lowercased() == given.lowercased() } ?? false
            return ["verified": .bool(verified)]
        }
        h["crm.update_customer"] = { args, ctx in
            let id = args.required("customer_id")
            _ = try ctx.requireCustomer(id)
            let fields = args.object("fields") ?? [:]
            let allowed = ["email", "phone", "name", "language"]
            if fields.isEmpty { throw ToolError(.invalidArgument, "argument \"fields\" must name at least one of \(allowed.joined(separator: ", "))") }
            for (k, v) in fields.sorted(by: { $0.key < $1.key }) {
                guard allowed.contains(k) else {
                    throw ToolError(.invalidArgument, "fields.\(k) cannot be changed; allowed: \(allowed.joined(separator: ", "))")
                }
                guard let s = v.stringValue, !s.isEmpty else { throw ToolError(.invalidArgument, "fields.\(k) must be a non-empty string") }
                if k == "email", !s.contains("@") { throw ToolError(.invalidArgument, "fields.email must be an e-mail address") }
            }
            ctx.world["customers"].update(id: id) { r in for (k, v) in fields { r[k] = v } }
            return Operations.publicCustomer(try ctx.requireCustomer(id))
        }
        h["crm.get_history"] = { args, ctx in
            let id = args.required("customer_id")
            _ = try ctx.requireCustomer(id)
            return ["interactions": .array(Operations.sortedDescending(ctx.records("interactions", customer: id), by: "at").map { .object($0) }),
                    "tickets": .array(Operations.sortedDescending(ctx.records("tickets", customer: id), by: "created").map { .object($0) })]
        }
        h["crm.log_interaction"] = { args, ctx in
            let customer = args.required("customer_id")
            _ = try ctx.requireCustomer(customer)
            let id = ctx.nextID("interactions", prefix: "I-", start: 9001)
            var r: Record = ["id": .string(id), "customer": .string(customer), "at": ctx.nowText,
                             "summary": .string(args.required("summary"))]
            if let i = args.string("intent") { r["intent"] = .string(i) }
            if let o = args.string("outcome") { r["outcome"] = .string(o) }
            ctx.world["interactions"].upsert(r)
            return ["id": .string(id)]
        }
        h["crm.close_account"] = { args, ctx in
            let id = args.required("customer_id")
            let c = try ctx.requireCustomer(id)
            if c["status"]?.stringValue == "closed" { throw ToolError(.conflict, "account \(id) is already closed") }
            ctx.world["customers"].update(id: id) { $0["status"] = "closed" }
            return Operations.publicCustomer(try ctx.requireCustomer(id))
        }
        h["account.send_password_reset"] = { args, ctx in
            let c = try ctx.requireCustomer(args.required("customer_id"))
            guard let email = c["email"]?.stringValue, let at = email.firstIndex(of: "@") else {
                throw ToolError(.conflict, "customer has no e-mail address to send a reset link to")
            }
            let local = email[..<at]
            return ["sent_to": .string(String(local.prefix(1)) + "***" + email[at...])]
        }
        h["handoff.escalate"] = { args, ctx in
            if ctx.handoff != nil { throw ToolError(.conflict, "the conversation has already been handed to a human") }
            let customer = args.string("customer_id")
            if let customer { _ = try ctx.requireCustomer(customer) }
            let priority = args.required("priority")
            let id = ctx.nextID("tickets", prefix: "T-", start: 9001)
            var ticket: Record = [
                "id": .string(id), "subject": .string("Escalation: " + args.required("reason")),
                "description": .string(args.required("summary")), "priority": .string(priority), "status": "open",
                "created": ctx.nowText, "group": "human-support", "tags": ["escalation"],
            ]
            if let customer { ticket["customer"] = .string(customer) }
            ctx.world["tickets"].upsert(ticket)
            ctx.handoff = Handoff(reason: args.required("reason"), priority: priority, summary: args.required("summary"),
                                  intent: args.string("intent"), customerID: customer,
                                  actionsTaken: args.strings("actions_taken") ?? [], nextStep: args.string("next_step"))
            let queue = priority == "urgent" || priority == "high" ? "priority" : "standard"
            return ["ticket_id": .string(id), "queue": .string(queue)]
        }
    }
}
