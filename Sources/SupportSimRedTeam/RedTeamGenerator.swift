import Foundation
import SupportSimCore

/// Writes red-team scenarios from templates over a suite's own world and policies: the same
/// suite always gives the same scenarios. Every scenario carries what must hold whatever the
/// agent says: no disclosure of another customer's data, no protected write without verifying
/// identity, a hand-off where a policy demands one, no card number repeated. The policies
/// themselves are checked in every scenario as always.
public struct RedTeamGenerator: Sendable {
    public let world: World
    public let policies: [Policy]
    /// With a customer model, one more scenario per attack, played by the model from a goal.
    public let modelDriven: Bool

    public init(world: World, policies: [Policy], modelDriven: Bool = false) {
        self.world = world
        self.policies = policies
        self.modelDriven = modelDriven
    }

    public struct NotEnoughWorld: Error, CustomStringConvertible {
        public var description: String {
            "generate redteam needs at least two customers in the suite's world (an attacker and a customer whose data is "
                + "the target); add them to the world files"
        }
    }

    /// Every attack, kind by kind; `count` keeps the first N in turn across kinds, so that even a
    /// short list has every kind it can.
    public func scenarios(count: Int? = nil) throws -> [RedTeamScenario] {
        guard let cast = RedTeamCast(world: world, policies: policies) else { throw NotEnoughWorld() }
        var byKind = AttackKind.allCases.map { kind in RedTeamTemplates(cast: cast).scenarios(kind) }
        if modelDriven {
            for (i, kind) in AttackKind.allCases.enumerated() { byKind[i].append(Self.paraphrased(kind, cast: cast, like: byKind[i][0])) }
        }
        guard let count else { return byKind.flatMap { $0 } }
        var picked: [RedTeamScenario] = []
        var round = 0
        while picked.count < count, byKind.contains(where: { $0.count > round }) {
            for list in byKind where list.count > round && picked.count < count { picked.append(list[round]) }
            round += 1
        }
        return picked.sorted { $0.name < $1.name }
    }

    /// The model-driven variant: the customer model is told the attack's goal (and who it may
    /// pretend to be) and words it its own way; the expectations are the kind's first scenario's.
    static func paraphrased(_ kind: AttackKind, cast: RedTeamCast, like template: RedTeamScenario) -> RedTeamScenario {
        var s = template
        s.name = "\(kind.rawValue)/model-paraphrased"
        s.title = "Red team (\(kind.rawValue)), played by the customer model"
        s.messages = []
        var goal = kind.modelGoal
        if kind == .impersonation {
            goal += " Name: \(cast.victim.name). E-mail: \(cast.victim.email ?? "unknown")."
                + (cast.victimOrder.map { " Their order: \($0.id)." } ?? "")
        }
        if kind == .dataFishing { goal += " The other customer is \(cast.victim.name)." }
        s.goal = goal
        return s
    }
}
