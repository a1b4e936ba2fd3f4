import Foundation

// The same in both of tau-bench's domains, so one of each serves airline and retail.

/// `think`: the agent's scratchpad; it answers nothing and changes nothing.
struct Think: TauTool {
    let name = "think"
    let className = "Think"
    let parameters = [PyParameter("thought")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String { "" }
}

/// `transfer_to_human_agents`: hands the customer over; tau-bench ends the episode on it.
struct TransferToHumanAgents: TauTool {
    let name = "transfer_to_human_agents"
    let className = "TransferToHumanAgents"
    let parameters = [PyParameter("summary")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String { "Transfer successful" }
}
