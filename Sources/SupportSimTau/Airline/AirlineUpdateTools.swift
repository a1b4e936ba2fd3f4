import Foundation

extension Airline {
    /// Replaces a reservation's segments with `flights` (the whole new itinerary) and charges or
    /// refunds the difference on `payment_id`: a segment kept on the same date keeps its price
    /// when the cabin is unchanged, any other is priced from the flights table for `cabin`.
    ///
    /// As upstream: the reservation's own `cabin` is left as it was, seats are not taken, a
    /// certificate is refused, a gift card must cover a positive difference (a refund goes back
    /// onto it), and a zero difference adds no payment record.
    struct UpdateReservationFlights: TauTool {
        let name = "update_reservation_flights"
        let className = "UpdateReservationFlights"
        let parameters = [PyParameter("reservation_id"), PyParameter("cabin"), PyParameter("flights"), PyParameter("payment_id")]

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let paymentID = arguments[3]
            let plan = try check(data, arguments)
            if let balance = plan.giftCardBalance, case .string(let userKey) = plan.userID, case .string(let paymentKey) = paymentID {
                Py.store(&data, ["users", userKey, "payment_methods", paymentKey], "amount", balance)
            }
            Py.store(&data, ["reservations", plan.reservationKey], "flights", plan.flights)
            if !Py.equal(plan.difference, .int(0)) {
                let record = PyValue.dict(PyDict([("payment_id", paymentID), ("amount", plan.difference)]))
                try Py.append(&data, ["reservations", plan.reservationKey, "payment_history"], [record])
            }
            return PyText.dumps(data["reservations"]?[plan.reservationKey] ?? .none)
        }

        private struct Plan {
            var reservationKey: String
            var userID: PyValue
            var flights: PyValue
            var difference: PyValue
            var giftCardBalance: PyValue?
        }

        private func check(_ data: PyDict, _ arguments: [PyValue]) throws(TauToolError) -> Plan {
            let (reservationID, cabin, paymentID) = (arguments[0], arguments[1], arguments[3])
            let users = data["users"] ?? .none
            let reservations = data["reservations"] ?? .none
            guard try Py.contains(reservations, reservationID), case .string(let reservationKey) = reservationID else {
                throw TauToolError("reservation not found")
            }
            let reservation = try Py.item(reservations, reservationID)
            let flightTable = data["flights"] ?? .none

            var total: PyValue = .int(0)
            var flights = arguments[2]  // a copy, as upstream deep-copies the segments
            for (position, element) in try PyBuiltins.iterate(flights).enumerated() {
                var flight = element
                // A segment already booked on the same date, with the cabin unchanged, keeps its price.
                var kept: PyValue?
                for old in try PyBuiltins.iterate(try Py.item(reservation, "flights")) {
                    guard Py.equal(try Py.item(old, "flight_number"), try Py.item(flight, "flight_number")),
                          Py.equal(try Py.item(old, "date"), try Py.item(flight, "date")),
                          Py.equal(cabin, try Py.item(reservation, "cabin")) else { continue }
                    if kept == nil { kept = old }
                }
                let passengers = { () throws(TauToolError) in try PyBuiltins.len(try Py.item(reservation, "passengers")) }
                if let kept {
                    let fare = try Py.binary(try Py.item(kept, "price"), .multiply, .int(try passengers()))
                    total = try Py.binary(total, .add, fare, augmented: true)
                    try Py.setItem(&flight, "price", try Py.item(kept, "price"))
                    try Py.setItem(&flight, "origin", try Py.item(kept, "origin"))
                    try Py.setItem(&flight, "destination", try Py.item(kept, "destination"))
                    flights.withList { $0[position] = flight }
                    continue
                }
                try Segments.price(&flight, flights: flightTable, cabin: cabin, passengers: passengers)
                let fare = try Py.binary(try Py.item(flight, "price"), .multiply, .int(try passengers()))
                total = try Py.binary(total, .add, fare, augmented: true)
                flights.withList { $0[position] = flight }
            }

            var previous: PyValue = .int(0)
            for old in try PyBuiltins.iterate(try Py.item(reservation, "flights")) {
                previous = try Py.binary(previous, .add, try Py.item(old, "price"))
            }
            let passengerCount = try PyBuiltins.len(try Py.item(reservation, "passengers"))
            total = try Py.binary(total, .subtract, try Py.binary(previous, .multiply, .int(passengerCount)), augmented: true)

            let userID = try Py.item(reservation, "user_id")
            let balance = try Py.payWithoutCertificate(users: users, userID: userID, paymentID: paymentID, total: total)
            return Plan(reservationKey: reservationKey, userID: userID, flights: flights, difference: total, giftCardBalance: balance)
        }
    }

    /// Sets a reservation's bag counts and charges 50 per non-free bag added (none back for
    /// fewer) on `payment_id`, which may not be a certificate; a gift card must cover it.
    struct UpdateReservationBaggages: TauTool {
        let name = "update_reservation_baggages"
        let className = "UpdateReservationBaggages"
        let parameters = [PyParameter("reservation_id"), PyParameter("total_baggages"), PyParameter("nonfree_baggages"), PyParameter("payment_id")]

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let (reservationID, totalBaggages, nonfreeBaggages, paymentID) = (arguments[0], arguments[1], arguments[2], arguments[3])
            let (reservationKey, userID, charge, balance) = try { () throws(TauToolError) -> (String, PyValue, PyValue, PyValue?) in
                let reservations = data["reservations"] ?? .none
                guard try Py.contains(reservations, reservationID), case .string(let key) = reservationID else {
                    throw TauToolError("reservation not found")
                }
                let reservation = try Py.item(reservations, reservationID)
                let added = try Py.binary(nonfreeBaggages, .subtract, try Py.item(reservation, "nonfree_baggages"))
                let charge = try Py.binary(.int(50), .multiply, try Py.max(.int(0), added))
                let userID = try Py.item(reservation, "user_id")
                let balance = try Py.payWithoutCertificate(users: data["users"] ?? .none, userID: userID, paymentID: paymentID, total: charge)
                return (key, userID, charge, balance)
            }()
            Py.store(&data, ["reservations", reservationKey], "total_baggages", totalBaggages)
            Py.store(&data, ["reservations", reservationKey], "nonfree_baggages", nonfreeBaggages)
            if let balance, case .string(let userKey) = userID, case .string(let paymentKey) = paymentID {
                Py.store(&data, ["users", userKey, "payment_methods", paymentKey], "amount", balance)
            }
            if !Py.equal(charge, .int(0)) {
                let record = PyValue.dict(PyDict([("payment_id", paymentID), ("amount", charge)]))
                try Py.append(&data, ["reservations", reservationKey, "payment_history"], [record])
            }
            return PyText.dumps(data["reservations"]?[reservationKey] ?? .none)
        }
    }

    /// Replaces a reservation's passengers with as many new ones.
    struct UpdateReservationPassengers: TauTool {
        let name = "update_reservation_passengers"
        let className = "UpdateReservationPassengers"
        let parameters = [PyParameter("reservation_id"), PyParameter("passengers")]

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let (reservationID, passengers) = (arguments[0], arguments[1])
            let reservationKey = try { () throws(TauToolError) -> String in
                let reservations = data["reservations"] ?? .none
                guard try Py.contains(reservations, reservationID), case .string(let key) = reservationID else {
                    throw TauToolError("reservation not found")
                }
                let reservation = try Py.item(reservations, reservationID)
                if try PyBuiltins.len(passengers) != PyBuiltins.len(try Py.item(reservation, "passengers")) {
                    throw TauToolError("number of passengers does not match")
                }
                return key
            }()
            Py.store(&data, ["reservations", reservationKey], "passengers", passengers)
            return PyText.dumps(data["reservations"]?[reservationKey] ?? .none)
        }
    }
}

extension Airline.Py {
    /// The payment check the two update tools share: `payment_id` must be one of the user's
    /// methods, not a certificate, and a gift card must hold at least `total`. Returns the gift
    /// card's balance after paying `total` (nil for any other method), to be stored by the caller.
    static func payWithoutCertificate(users: PyValue, userID: PyValue, paymentID: PyValue, total: PyValue) throws(TauToolError) -> PyValue? {
        let methods = try item(try item(users, userID), "payment_methods")
        guard try contains(methods, paymentID) else { throw TauToolError("payment method not found") }
        let method = try item(methods, paymentID)
        if equal(try item(method, "source"), "certificate") {
            throw TauToolError("certificate cannot be used to update reservation")
        } else if equal(try item(method, "source"), "gift_card"), try ordered(try item(method, "amount"), total, greater: false) {
            throw TauToolError("gift card balance is not enough")
        }
        guard equal(try item(method, "source"), "gift_card") else { return nil }
        return try binary(try item(method, "amount"), .subtract, total, augmented: true)
    }
}
