import Foundation

/// tau-bench's airline domain (`tau_bench/envs/airline`), ported tool by tool.
///
/// Every tool behaves as tau-bench's Python does, down to the text: the same checks in the same
/// order, the same messages, the same partial changes when a step fails halfway, the same keys in
/// the same order in the records it builds, and the same Python numbers. Money here is `Double`
/// on purpose, as the Python floats it mirrors (and a Python `int` stays `.int`): the reward hashes
/// the database, where `100` and `100.0` differ, so an amount must keep the type Python gives it.
enum Airline {}

extension TauDomain {
    /// The 14 tools tau-bench offers in the airline domain, in `tools.json` order.
    public static let airline = TauDomain(
        name: "airline",
        tools: [
            Airline.BookReservation(),
            Calculate(),
            Airline.CancelReservation(),
            Airline.GetReservationDetails(),
            Airline.GetUserDetails(),
            Airline.ListAllAirports(),
            Airline.SearchDirectFlight(),
            Airline.SearchOnestopFlight(),
            Airline.SendCertificate(),
            Think(),
            TransferToHumanAgents(),
            Airline.UpdateReservationBaggages(),
            Airline.UpdateReservationFlights(),
            Airline.UpdateReservationPassengers(),
        ],
        tables: ["flights", "reservations", "users"])
}
