import Foundation
import SupportSimCore

/// Ticketing and the knowledge base.
enum TicketOperations {
    static func register(_ h: inout [String: Operations.Handler]) {
        h["tickets.create"] = { args, ctx in
            let customer = args.required("customer_id")
            _ = try ctx.requireCustomer(customer)
            let id = ctx.nextID("tickets", prefix: "T-", start: 9001)
            var t: Record = ["id": .string(id), "customer": .string(customer), "subject": .string(args.required("subject")),
                             "description": .string(args.required("description")),
                             "priority": .string(args.required("priority")), "status": "open", "created": ctx.nowText]
            if let c = args.string("category") { t["category"] = .string(c) }
            if let tags = args.strings("tags") { t["tags"] = .array(tags.map { .string($0) }) }
            ctx.world["tickets"].upsert(t)
            return .object(t)
        }
        h["tickets.update"] = { args, ctx in
            let id = args.required("ticket_id")
            _ = try ctx.record("tickets", id, kind: "ticket")
            let changes = ["status", "priority", "tags", "group"].filter { args.values[$0] != nil }
            if changes.isEmpty { throw ToolError(.invalidArgument, "tickets.update needs one of status, priority, tags, group") }
            ctx.world["tickets"].update(id: id) { t in for k in changes { t[k] = args.values[k] } }
            return .object(try ctx.record("tickets", id, kind: "ticket"))
        }
        h["tickets.comment"] = { args, ctx in
            let id = args.required("ticket_id")
            let ticket = try ctx.record("tickets", id, kind: "ticket")
            var comments = ticket["comments"]?.arrayValue ?? []
            let commentID = "\(id)-C\(comments.count + 1)"
            comments.append(["id": .string(commentID), "body": .string(args.required("body")),
                             "public": .bool(args.bool("public") ?? true), "at": ctx.nowText])
            ctx.world["tickets"].update(id: id) { $0["comments"] = .array(comments) }
            return ["comment_id": .string(commentID)]
        }
        h["tickets.list"] = { args, ctx in
            let customer = args.required("customer_id")
            _ = try ctx.requireCustomer(customer)
            var tickets = ctx.records("tickets", customer: customer)
            if let status = args.string("status") { tickets = tickets.filter { $0["status"]?.stringValue == status } }
            return ["tickets": .array(Operations.sortedDescending(tickets, by: "created").map { .object($0) })]
        }
        h["tickets.get"] = { args, ctx in
            var t = try ctx.record("tickets", args.required("ticket_id"), kind: "ticket")
            if t["comments"] == nil { t["comments"] = .array([]) }
            return .object(t)
        }
        h["kb.search"] = { args, ctx in
            let limit = args.int("limit") ?? 3
            guard (1...20).contains(limit) else { throw ToolError(.invalidArgument, "argument \"limit\" must be between 1 and 20") }
            let hits = ctx.world.knowledgeBase.search(args.required("query"), limit: limit)
            return ["articles": .array(hits.map { hit in
                ["id": .string(hit.article.id), "title": .string(hit.article.title), "snippet": .string(hit.snippet),
                 "score": .number(hit.score)]
            })]
        }
        h["kb.get_article"] = { args, ctx in
            let id = args.required("article_id")
            guard let a = ctx.world.knowledgeBase.article(id: id) else { throw ToolError(.notFound, "no article with id \"\(id)\"") }
            return ["id": .string(a.id), "title": .string(a.title), "body": .string(a.body),
                    "tags": .array(a.tags.map { .string($0) })]
        }
    }
}
