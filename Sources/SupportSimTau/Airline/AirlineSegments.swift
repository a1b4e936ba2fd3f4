import Foundation

extension Airline {
    /// Pricing one segment from the flights table, as both `book_reservation` and
    /// `update_reservation_flights` do upstream: the flight must exist, fly on the date and be
    /// available with enough seats in `cabin` for every passenger; the segment then gets the
    /// cabin's price and the flight's origin and destination. Errors and their order are
    /// upstream's (the parity tests compare them byte for byte).
    enum Segments {
        static func price(_ flight: inout PyValue, flights flightTable: PyValue, cabin: PyValue,
                          passengers: () throws(TauToolError) -> Int) throws(TauToolError) {
            let flightNumber = try Py.item(flight, "flight_number")
            guard try Py.contains(flightTable, flightNumber) else {
                throw TauToolError("flight \(Py.str(flightNumber)) not found")
            }
            let flightData = try Py.item(flightTable, flightNumber)
            let date = try Py.item(flight, "date")
            guard try Py.contains(try Py.item(flightData, "dates"), date) else {
                throw TauToolError("flight \(Py.str(flightNumber)) not found on date \(Py.str(date))")
            }
            let day = try Py.item(try Py.item(flightData, "dates"), date)
            guard Py.equal(try Py.item(day, "status"), "available") else {
                throw TauToolError("flight \(Py.str(flightNumber)) not available on date \(Py.str(date))")
            }
            let seats = try Py.item(try Py.item(day, "available_seats"), cabin)
            if try Py.ordered(seats, .int(try passengers()), greater: false) {
                throw TauToolError("not enough seats on flight \(Py.str(flightNumber))")
            }
            try Py.setItem(&flight, "price", try Py.item(try Py.item(day, "prices"), cabin))
            try Py.setItem(&flight, "origin", try Py.item(flightData, "origin"))
            try Py.setItem(&flight, "destination", try Py.item(flightData, "destination"))
        }
    }
}
