import Foundation

extension Airline {
    /// A user's profile as stored, payment methods and reservation ids included.
    struct GetUserDetails: TauTool {
        let name = "get_user_details"
        let className = "GetUserDetails"
        let parameters = [PyParameter("user_id")]

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let users = data["users"] ?? .none
            let userID = arguments[0]
            guard try Py.contains(users, userID) else { throw TauToolError("user not found") }
            return PyText.dumps(try Py.item(users, userID))
        }
    }

    /// A reservation as stored. Upstream says "user not found" when the reservation is missing.
    struct GetReservationDetails: TauTool {
        let name = "get_reservation_details"
        let className = "GetReservationDetails"
        let parameters = [PyParameter("reservation_id")]

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let reservations = data["reservations"] ?? .none
            let reservationID = arguments[0]
            guard try Py.contains(reservations, reservationID) else { throw TauToolError("user not found") }
            return PyText.dumps(try Py.item(reservations, reservationID))
        }
    }

    /// The fixed list of 20 airports and their cities.
    struct ListAllAirports: TauTool {
        let name = "list_all_airports"
        let className = "ListAllAirports"
        let parameters: [PyParameter] = []

        static let airports: [(String, String)] = [
            ("SFO", "San Francisco"), ("JFK", "New York"), ("LAX", "Los Angeles"), ("ORD", "Chicago"),
            ("DFW", "Dallas"), ("DEN", "Denver"), ("SEA", "Seattle"), ("ATL", "Atlanta"), ("MIA", "Miami"),
            ("BOS", "Boston"), ("PHX", "Phoenix"), ("IAH", "Houston"), ("LAS", "Las Vegas"), ("MCO", "Orlando"),
            ("EWR", "Newark"), ("CLT", "Charlotte"), ("MSP", "Minneapolis"), ("DTW", "Detroit"),
            ("PHL", "Philadelphia"), ("LGA", "LaGuardia"),
        ]

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            PyText.dumps(.dict(PyDict(Self.airports.map { ($0.0, .string($0.1)) })))
        }
    }
}
