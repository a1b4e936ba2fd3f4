import Foundation

extension Airline {
    /// Books a new reservation `HATHAT` (then `HATHAU`, then `HATHAV`, which a fourth booking
    /// overwrites), priced from the flights table for the cabin, plus 30 per passenger for
    /// insurance and 50 per non-free bag. The payments must add up to the price exactly; gift
    /// cards are debited and certificates used up whole (any amount left on them is lost).
    ///
    /// Nothing is changed until every check has passed; the debits then run in order, so a
    /// payment method listed twice can fail halfway (a certificate is gone on its second use).
    /// Seats are not taken from the flights table, as upstream.
    struct BookReservation: TauTool {
        let name = "book_reservation"
        let className = "BookReservation"
        let parameters = [
            "user_id", "origin", "destination", "flight_type", "cabin", "flights", "passengers",
            "payment_methods", "total_baggages", "nonfree_baggages", "insurance",
        ].map { PyParameter($0) }

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let userID = arguments[0], paymentMethods = arguments[7]
            let (userKey, reservationID, flights) = try check(data, arguments)

            // Take the payments, in order, reading the user's methods afresh each time.
            for method in try PyBuiltins.iterate(paymentMethods) {
                let paymentID = try Py.item(method, "payment_id")
                let amount = try Py.item(method, "amount")
                let (source, balance) = try { () throws(TauToolError) -> (PyValue, PyValue?) in
                    let stored = try Py.item(try Py.item(data["users"]?[userKey] ?? .none, "payment_methods"), paymentID)
                    let source = try Py.item(stored, "source")
                    guard Py.equal(source, "gift_card") else { return (source, nil) }
                    return (source, try Py.binary(try Py.item(stored, "amount"), .subtract, amount, augmented: true))
                }()
                guard case .string(let paymentKey) = paymentID else { continue }  // it was found: a str
                if let balance {
                    Py.store(&data, ["users", userKey, "payment_methods", paymentKey], "amount", balance)
                } else if Py.equal(source, "certificate") {
                    Py.edit(&data, ["users", userKey, "payment_methods"]) { $0.withDict { $0.removeValue(forKey: paymentKey) } }
                }
            }

            let reservation = PyDict([
                ("reservation_id", .string(reservationID)),
                ("user_id", userID),
                ("origin", arguments[1]),
                ("destination", arguments[2]),
                ("flight_type", arguments[3]),
                ("cabin", arguments[4]),
                ("flights", flights),
                ("passengers", arguments[6]),
                ("payment_history", paymentMethods),
                ("created_at", "2024-05-15T15:00:00"),
                ("total_baggages", arguments[8]),
                ("nonfree_baggages", arguments[9]),
                ("insurance", arguments[10]),
            ])
            Py.store(&data, ["reservations"], reservationID, .dict(reservation))
            try Py.append(&data, ["users", userKey, "reservations"], [.string(reservationID)])
            return PyText.dumps(.dict(reservation))
        }

        /// Every check, in upstream's order, before anything changes: the user's key, the new
        /// reservation's id and the flight segments completed with price, origin and destination.
        private func check(_ data: PyDict, _ arguments: [PyValue]) throws(TauToolError) -> (String, String, PyValue) {
            let userID = arguments[0], cabin = arguments[4], passengers = arguments[6]
            let paymentMethods = arguments[7], nonfreeBaggages = arguments[9], insurance = arguments[10]
            let reservations = data["reservations"] ?? .none
            let users = data["users"] ?? .none
            guard try Py.contains(users, userID), case .string(let userKey) = userID else {
                throw TauToolError("user not found")
            }
            let user = try Py.item(users, userID)

            var reservationID = "HATHAT"
            if try Py.contains(reservations, .string(reservationID)) {
                reservationID = "HATHAU"
                if try Py.contains(reservations, .string(reservationID)) { reservationID = "HATHAV" }
            }

            var flights = arguments[5]  // a copy, as upstream deep-copies the segments
            let flightTable = data["flights"] ?? .none
            var totalPrice: PyValue = .int(0)
            for (position, element) in try PyBuiltins.iterate(flights).enumerated() {
                var flight = element
                try Segments.price(&flight, flights: flightTable, cabin: cabin, passengers: { () throws(TauToolError) in try PyBuiltins.len(passengers) })
                let fare = try Py.binary(try Py.item(flight, "price"), .multiply, .int(try PyBuiltins.len(passengers)))
                totalPrice = try Py.binary(totalPrice, .add, fare, augmented: true)
                // Only a list's elements can get this far: a dict or a string iterates as
                // strings, which fail at the first subscript.
                flights.withList { $0[position] = flight }
            }
            if Py.equal(insurance, "yes") {
                let insured = try Py.binary(.int(30), .multiply, .int(try PyBuiltins.len(passengers)))
                totalPrice = try Py.binary(totalPrice, .add, insured, augmented: true)
            }
            let bags = try Py.binary(.int(50), .multiply, nonfreeBaggages)
            totalPrice = try Py.binary(totalPrice, .add, bags, augmented: true)

            for method in try PyBuiltins.iterate(paymentMethods) {
                let paymentID = try Py.item(method, "payment_id")
                let amount = try Py.item(method, "amount")
                let userMethods = try Py.item(user, "payment_methods")
                guard try Py.contains(userMethods, paymentID) else {
                    throw TauToolError("payment method \(Py.str(paymentID)) not found")
                }
                let stored = try Py.item(userMethods, paymentID)
                if try Py.contains(["gift_card", "certificate"], try Py.item(stored, "source")),
                   try Py.ordered(try Py.item(stored, "amount"), amount, greater: false) {
                    throw TauToolError("not enough balance in payment method \(Py.str(paymentID))")
                }
            }
            var paid: PyValue = .int(0)
            for method in try PyBuiltins.iterate(paymentMethods) {
                paid = try Py.binary(paid, .add, try Py.item(method, "amount"))
            }
            if !Py.equal(paid, totalPrice) {
                throw TauToolError("payment amount does not add up, total price is \(Py.str(totalPrice)), but paid \(Py.str(paid))")
            }
            return (userKey, reservationID, flights)
        }
    }
}
