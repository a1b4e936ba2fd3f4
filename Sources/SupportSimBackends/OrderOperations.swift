import Foundation
import SupportSimCore

/// Orders, shipments, returns and stock (the ERP side).
enum OrderOperations {
    static let returnWindowDays = 30

    static func register(_ h: inout [String: Operations.Handler]) {
        h["orders.list_orders"] = { args, ctx in
            let customer = args.required("customer_id")
            _ = try ctx.requireCustomer(customer)
            return ["orders": .array(Operations.sortedDescending(ctx.records("orders", customer: customer), by: "placed").map { .object($0) })]
        }
        h["orders.get_order"] = { args, ctx in
            .object(try ctx.record("orders", args.required("order_id"), kind: "order"))
        }
        h["orders.track_shipment"] = { args, ctx in
            let order: Record
            if let id = args.string("order_id") {
                order = try ctx.record("orders", id, kind: "order")
            } else {
                let tracking = args.required("tracking")
                guard let o = ctx.world["orders"].records.first(where: {
                    $0["shipment"]?["tracking"]?.stringValue?.lowercased() == tracking.lowercased()
                }) else { throw ToolError(.notFound, "no shipment with tracking number \"\(tracking)\"") }
                order = o
            }
            let id = order["id"]?.stringValue ?? ""
            guard let shipment = order["shipment"]?.objectValue else {
                throw ToolError(.notFound, "order \(id) has not shipped yet (status \(order["status"]?.stringValue ?? "unknown"))")
            }
            var result: Record = ["order_id": .string(id), "events": shipment["events"] ?? .array([])]
            for key in ["carrier", "tracking", "status", "eta"] { result[key] = shipment[key] ?? .null }
            return .object(result)
        }
        h["orders.cancel_order"] = { args, ctx in
            let id = args.required("order_id")
            let order = try ctx.record("orders", id, kind: "order")
            let status = order["status"]?.stringValue ?? ""
            guard status == "pending" || status == "processing" else {
                throw ToolError(.conflict, "order \(id) is \(status); only pending or processing orders can be cancelled")
            }
            ctx.world["orders"].update(id: id) { $0["status"] = "cancelled" }
            return .object(try ctx.record("orders", id, kind: "order"))
        }
        h["orders.create_return"] = { args, ctx in
            let id = args.required("order_id")
            let order = try ctx.record("orders", id, kind: "order")
            let status = order["status"]?.stringValue ?? ""
            guard status == "delivered" else {
                throw ToolError(.conflict, "order \(id) is \(status); only delivered orders can be returned")
            }
            let deliveredText = order["delivered"]?.stringValue ?? order["shipment"]?["eta"]?.stringValue
                ?? order["placed"]?.stringValue ?? ""
            if let delivered = ISODate.parse(deliveredText),
                ctx.now > ISODate.addDays(returnWindowDays + 1, to: delivered)
            {
                throw ToolError(.conflict, "order \(id) was delivered on \(deliveredText.prefix(10)), more than \(returnWindowDays) days ago")
            }
            let skus = args.strings("items") ?? []
            if skus.isEmpty { throw ToolError(.invalidArgument, "argument \"items\" must name at least one sku") }
            let inOrder = Set((order["items"]?.arrayValue ?? []).compactMap { $0["sku"]?.stringValue })
            for sku in skus where !inOrder.contains(sku) {
                throw ToolError(.invalidArgument, "items: \(sku) is not part of order \(id)")
            }
            let returnID = ctx.nextID("returns", prefix: "RT-", start: 1)
            let label = "https://returns.example.com/labels/\(returnID).pdf"
            ctx.world["returns"].upsert(["id": .string(returnID), "order": .string(id), "items": .array(skus.map { .string($0) }),
                                         "reason": .string(args.required("reason")), "status": "label_sent",
                                         "label_url": .string(label), "created": ctx.nowText])
            return ["return_id": .string(returnID), "order_id": .string(id), "items": .array(skus.map { .string($0) }),
                    "label_url": .string(label)]
        }
        h["orders.check_stock"] = { args, ctx in
            let sku = args.required("sku")
            let p = try ctx.record("products", sku, kind: "product")
            return ["sku": .string(sku), "name": p["name"] ?? .null, "stock": p["stock"] ?? 0]
        }
    }
}
