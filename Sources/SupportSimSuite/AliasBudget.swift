import Yams

/// Counts a composed YAML document's values, as validation would visit them, without copying.
enum AliasBudget {
    /// The node at which the count passes `budget`, or nil when the whole document fits. The
    /// walk stops there, so its cost is bounded by the budget, whatever the aliases expand to.
    static func firstNodeBeyond(_ budget: Int, in root: Node) -> Node? {
        var count = 0
        var stack: [Node] = [root]
        while let node = stack.popLast() {
            count += 1
            if count > budget { return node }
            switch node {
            case .scalar, .alias: break
            case .sequence(let s): stack.append(contentsOf: s)
            case .mapping(let m):
                for (k, v) in m {
                    stack.append(k)
                    stack.append(v)
                }
            }
        }
        return nil
    }
}
