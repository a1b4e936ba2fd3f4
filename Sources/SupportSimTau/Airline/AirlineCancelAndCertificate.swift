import Foundation

extension Airline {
    /// Cancels a whole reservation: every payment so far is refunded by a record of its negated
    /// amount, and the status becomes `cancelled`. Nothing else is checked (upstream leaves the
    /// 24-hour, insurance and flown-segment rules to the agent) and no balance changes.
    struct CancelReservation: TauTool {
        let name = "cancel_reservation"
        let className = "CancelReservation"
        let parameters = [PyParameter("reservation_id")]

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let reservationID = arguments[0]
            let (key, refunds) = try { () throws(TauToolError) -> (String, [PyValue]) in
                let reservations = data["reservations"] ?? .none
                guard try Py.contains(reservations, reservationID), case .string(let key) = reservationID else {
                    throw TauToolError("reservation not found")
                }
                let reservation = try Py.item(reservations, reservationID)
                var refunds: [PyValue] = []
                for payment in try PyBuiltins.iterate(try Py.item(reservation, "payment_history")) {
                    let paymentID = try Py.item(payment, "payment_id")
                    let amount = try Py.negate(try Py.item(payment, "amount"))
                    refunds.append(.dict(PyDict([("payment_id", paymentID), ("amount", amount)])))
                }
                return (key, refunds)
            }()
            try Py.append(&data, ["reservations", key, "payment_history"], refunds, method: "extend")
            Py.store(&data, ["reservations", key], "status", "cancelled")
            return PyText.dumps(data["reservations"]?[key] ?? .none)
        }
    }

    /// Adds a certificate of `amount` (kept as given: an int stays an int) to the user's payment
    /// methods, as `certificate_3221322`, or the next of `...323` and `...324` that is free.
    ///
    /// When all three exist, upstream's tool returns `None`, which tau-bench cannot turn into an
    /// observation (its `EnvResponse` wants a string, so the episode fails there); this port
    /// returns Python's `str(None)`, `None`, and changes nothing.
    struct SendCertificate: TauTool {
        let name = "send_certificate"
        let className = "SendCertificate"
        let parameters = [PyParameter("user_id"), PyParameter("amount")]

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let (userID, amount) = (arguments[0], arguments[1])
            let free = try { () throws(TauToolError) -> (String, String)? in
                let users = data["users"] ?? .none
                guard try Py.contains(users, userID), case .string(let userKey) = userID else {
                    throw TauToolError("user not found")
                }
                let user = try Py.item(users, userID)
                for id in [3221322, 3221323, 3221324] {
                    let paymentID = "certificate_\(id)"
                    if !(try Py.contains(try Py.item(user, "payment_methods"), .string(paymentID))) {
                        return (userKey, paymentID)
                    }
                }
                return nil
            }()
            guard let (userKey, paymentID) = free else { return "None" }
            let certificate = PyDict([("source", "certificate"), ("amount", amount), ("id", .string(paymentID))])
            Py.store(&data, ["users", userKey, "payment_methods"], paymentID, .dict(certificate))
            return "Certificate \(paymentID) added to user \(userKey) with amount \(Py.str(amount))."
        }
    }
}
