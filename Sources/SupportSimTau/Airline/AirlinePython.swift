import Foundation

extension Airline {
    /// The few Python operations the airline tools perform on values, with CPython 3.11's results
    /// and its exact exception messages. The tools take whatever JSON the agent sends (a string
    /// where a list belongs, a float where an int belongs) and may store it in the database, so
    /// every read and every sum goes through here rather than assuming the usual shapes.
    enum Py {
        // MARK: Types

        private static func requireHashable(_ key: PyValue) throws(TauToolError) {
            switch key {
            case .list, .dict: throw TauToolError("unhashable type: '\(PyBuiltins.typeName(key))'")
            default: return
            }
        }

        /// Python's `int` index of a `bool` or `int`, for list and string subscripts.
        private static func index(_ key: PyValue) -> Int? {
            switch key {
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            default: return nil
            }
        }

        // MARK: Containers

        /// `container[key]`.
        static func item(_ container: PyValue, _ key: PyValue) throws(TauToolError) -> PyValue {
            switch container {
            case .dict(let d):
                try requireHashable(key)
                if case .string(let k) = key, let v = d[k] { return v }
                throw TauToolError(PyText.repr(key))  // str(KeyError(key))
            case .list(let l):
                guard let i = index(key) else {
                    throw TauToolError("list indices must be integers or slices, not \(PyBuiltins.typeName(key))")
                }
                let at = i < 0 ? i + l.count : i
                guard l.indices.contains(at) else { throw TauToolError("list index out of range") }
                return l[at]
            case .string(let s):
                guard let i = index(key) else {
                    throw TauToolError("string indices must be integers, not '\(PyBuiltins.typeName(key))'")
                }
                let scalars = Array(s.unicodeScalars)
                let at = i < 0 ? i + scalars.count : i
                guard scalars.indices.contains(at) else { throw TauToolError("string index out of range") }
                return .string(String(scalars[at]))
            default:
                throw TauToolError("'\(PyBuiltins.typeName(container))' object is not subscriptable")
            }
        }

        static func item(_ container: PyValue, _ key: String) throws(TauToolError) -> PyValue {
            try item(container, .string(key))
        }

        /// `element in container`.
        static func contains(_ container: PyValue, _ element: PyValue) throws(TauToolError) -> Bool {
            switch container {
            case .dict(let d):
                try requireHashable(element)
                if case .string(let k) = element { return d.contains(k) }
                return false
            case .list(let l):
                return l.contains { equal($0, element) }
            case .string(let s):
                guard case .string(let needle) = element else {
                    throw TauToolError("'in <string>' requires string as left operand, not \(PyBuiltins.typeName(element))")
                }
                return PyBuiltins.textContains(s, needle)
            default:
                throw TauToolError("argument of type '\(PyBuiltins.typeName(container))' is not iterable")
            }
        }

        /// The dict of `value.values()` / `value.items()`, or Python's AttributeError.
        static func dict(_ value: PyValue, for method: String) throws(TauToolError) -> PyDict {
            guard case .dict(let d) = value else {
                throw TauToolError("'\(PyBuiltins.typeName(value))' object has no attribute '\(method)'")
            }
            return d
        }

        /// `container[key] = value`.
        static func setItem(_ container: inout PyValue, _ key: String, _ value: PyValue) throws(TauToolError) {
            switch container {
            case .dict:
                container.withDict { $0[key] = value }
            case .list:
                throw TauToolError("list indices must be integers or slices, not str")
            default:
                throw TauToolError("'\(PyBuiltins.typeName(container))' object does not support item assignment")
            }
        }

        /// `container.append(value)`.
        static func append(_ container: inout PyValue, _ value: PyValue) throws(TauToolError) {
            guard case .list = container else {
                throw TauToolError("'\(PyBuiltins.typeName(container))' object has no attribute 'append'")
            }
            container.withList { $0.append(value) }
        }

        /// `container.extend(values)` with a list of values.
        static func extend(_ container: inout PyValue, _ values: [PyValue]) throws(TauToolError) {
            guard case .list = container else {
                throw TauToolError("'\(PyBuiltins.typeName(container))' object has no attribute 'extend'")
            }
            container.withList { $0.append(contentsOf: values) }
        }

        /// The `{k: v for k, v in record.items() if k != skip}` copy of a dict, then `.update(extra)`.
        static func merged(_ record: PyValue, without skip: String, updatedWith extra: PyValue) throws(TauToolError) -> PyDict {
            let source = try dict(record, for: "items")
            var out = PyDict()
            for (k, v) in source where k != skip { out[k] = v }
            switch extra {
            case .dict(let e):
                for (k, v) in e { out[k] = v }
            default:
                // dict.update with a non-mapping: the tools only pass database dicts here.
                throw TauToolError("'\(PyBuiltins.typeName(extra))' object is not iterable")
            }
            return out
        }

        // MARK: Editing the database in place

        /// Edits `data[path[0]][path[1]]...` in place. The caller has just read every step of the
        /// path, as the Python does before it writes, so each step exists and is a dict.
        static func edit(_ data: inout PyDict, _ path: [String], _ body: (inout PyValue) -> Void) {
            edit(&data, path[...], body)
        }

        private static func edit(_ dict: inout PyDict, _ path: ArraySlice<String>, _ body: (inout PyValue) -> Void) {
            guard let first = path.first else { return }
            dict.modify(first) { value in
                if path.count == 1 {
                    body(&value)
                } else {
                    value.withDict { edit(&$0, path.dropFirst(), body) }
                }
            }
        }

        /// `data[path...].append(value)` / `.extend(values)`: the last step is read as Python
        /// reads it (a KeyError when missing), then it must be a list (else AttributeError).
        static func append(_ data: inout PyDict, _ path: [String], _ values: [PyValue], method: String = "append") throws(TauToolError) {
            let typeOfTarget = try { () throws(TauToolError) -> String in
                var parent: PyValue = .dict(data)
                for k in path.dropLast() { parent = parent[k] ?? .none }
                return PyBuiltins.typeName(try item(parent, path[path.count - 1]))
            }()
            guard typeOfTarget == "list" else {
                throw TauToolError("'\(typeOfTarget)' object has no attribute '\(method)'")
            }
            edit(&data, path) { $0.withList { $0.append(contentsOf: values) } }
        }

        /// `data[path...][key] = value` where the parent is a dict that was just read.
        static func store(_ data: inout PyDict, _ path: [String], _ key: String, _ value: PyValue) {
            edit(&data, path) { parent in parent.withDict { $0[key] = value } }
        }

        // MARK: Arithmetic

        enum Operator: String {
            case add = "+", subtract = "-", multiply = "*"
        }

        /// `a op b`, or `a op= b` when `augmented` (the message names `+=`).
        static func binary(_ a: PyValue, _ op: Operator, _ b: PyValue, augmented: Bool = false) throws(TauToolError) -> PyValue {
            if let x = PyNumber(a), let y = PyNumber(b) { return try arithmetic(x, op, y).value }
            let symbol = op.rawValue + (augmented ? "=" : "")
            let unsupported = TauToolError("unsupported operand type(s) for \(symbol): '\(PyBuiltins.typeName(a))' and '\(PyBuiltins.typeName(b))'")
            switch op {
            case .add:
                switch (a, b) {
                case (.string(let s), .string(let t)): return .string(s + t)
                case (.list(let l), .list(let m)): return .list(l + m)
                case (.list(let l), _) where augmented: return .list(l + (try PyBuiltins.iterate(b)))
                case (.string, _): throw TauToolError("can only concatenate str (not \"\(PyBuiltins.typeName(b))\") to str")
                case (.list, _): throw TauToolError("can only concatenate list (not \"\(PyBuiltins.typeName(b))\") to list")
                default: throw unsupported
                }
            case .subtract:
                throw unsupported
            case .multiply:
                if isSequence(a) {
                    guard let n = index(b) else { throw TauToolError("can't multiply sequence by non-int of type '\(PyBuiltins.typeName(b))'") }
                    return try repeated(a, n)
                }
                if isSequence(b) {
                    guard let n = index(a) else { throw TauToolError("can't multiply sequence by non-int of type '\(PyBuiltins.typeName(a))'") }
                    return try repeated(b, n)
                }
                throw unsupported
            }
        }

        private static func isSequence(_ v: PyValue) -> Bool {
            switch v {
            case .string, .list: return true
            default: return false
            }
        }

        /// Python's repetition `seq * n`; the cap stands in for CPython's MemoryError.
        private static func repeated(_ seq: PyValue, _ n: Int) throws(TauToolError) -> PyValue {
            let count = Swift.max(0, n)
            switch seq {
            case .string(let s):
                guard s.isEmpty || count <= 10_000_000 / Swift.max(1, s.utf8.count) else { throw TauToolError("") }
                return .string(String(repeating: s, count: count))
            case .list(let l):
                guard l.isEmpty || count <= 10_000_000 / Swift.max(1, l.count) else { throw TauToolError("") }
                return .list(Array([[PyValue]](repeating: l, count: count).joined()))
            default:
                return seq
            }
        }

        static func arithmetic(_ x: PyNumber, _ op: Operator, _ y: PyNumber) throws(TauToolError) -> PyNumber {
            if case .int(let i) = x, case .int(let j) = y {
                let (r, overflow): (Int, Bool)
                switch op {
                case .add: (r, overflow) = i.addingReportingOverflow(j)
                case .subtract: (r, overflow) = i.subtractingReportingOverflow(j)
                case .multiply: (r, overflow) = i.multipliedReportingOverflow(by: j)
                }
                // Python's ints have no bound; an amount beyond 64 bits cannot be kept as an int here.
                if overflow { throw TauToolError("integer result beyond 64 bits") }
                return .int(r)
            }
            let (a, b) = (x.double, y.double)
            switch op {
            case .add: return .float(a + b)
            case .subtract: return .float(a - b)
            case .multiply: return .float(a * b)
            }
        }

        /// `-value`.
        static func negate(_ value: PyValue) throws(TauToolError) -> PyValue {
            switch PyNumber(value) {
            case .int(let i)?:
                let (r, overflow) = Int(0).subtractingReportingOverflow(i)
                if overflow { throw TauToolError("integer result beyond 64 bits") }
                return .int(r)
            case .float(let d)?: return .float(-d)
            case nil: throw TauToolError("bad operand type for unary -: '\(PyBuiltins.typeName(value))'")
            }
        }

        /// Python's `sum(values)`: `0 + v1 + v2 + ...`, failing at the first bad addition.
        static func sum(_ values: [PyValue]) throws(TauToolError) -> PyValue {
            var total: PyValue = .int(0)
            for v in values { total = try binary(total, .add, v) }
            return total
        }

        // MARK: Comparison

        /// Python's `a == b`: numbers by value across int, float and bool; containers by content.
        static func equal(_ a: PyValue, _ b: PyValue) -> Bool {
            if let x = PyNumber(a), let y = PyNumber(b) { return compareNumbers(x, y) == .orderedSame }
            switch (a, b) {
            case (.none, .none): return true
            case (.string(let s), .string(let t)): return s.unicodeScalars.elementsEqual(t.unicodeScalars)
            case (.list(let l), .list(let m)): return l.count == m.count && zip(l, m).allSatisfy { equal($0, $1) }
            case (.dict(let d), .dict(let e)):
                return d.count == e.count && d.allSatisfy { k, v in e[k].map { equal(v, $0) } ?? false }
            default: return false
            }
        }

        /// `a < b` (`greater == false`) or `a > b` (`greater == true`).
        static func ordered(_ a: PyValue, _ b: PyValue, greater: Bool) throws(TauToolError) -> Bool {
            let want: ComparisonResult = greater ? .orderedDescending : .orderedAscending
            if let x = PyNumber(a), let y = PyNumber(b) { return compareNumbers(x, y) == want }
            switch (a, b) {
            case (.string(let s), .string(let t)):
                return compareScalars(Array(s.unicodeScalars), Array(t.unicodeScalars)) == want
            case (.list(let l), .list(let m)):
                for (x, y) in zip(l, m) where !equal(x, y) { return try ordered(x, y, greater: greater) }
                return (l.count < m.count ? ComparisonResult.orderedAscending : l.count > m.count ? .orderedDescending : .orderedSame) == want
            default:
                throw TauToolError("'\(greater ? ">" : "<")' not supported between instances of '\(PyBuiltins.typeName(a))' and '\(PyBuiltins.typeName(b))'")
            }
        }

        private static func compareScalars(_ s: [Unicode.Scalar], _ t: [Unicode.Scalar]) -> ComparisonResult {
            for (x, y) in zip(s, t) where x != y { return x.value < y.value ? .orderedAscending : .orderedDescending }
            return s.count < t.count ? .orderedAscending : s.count > t.count ? .orderedDescending : .orderedSame
        }

        /// Exact comparison of Python numbers (an int against a float compares the true values).
        /// A NaN is unordered: nil, which is neither equal, less nor greater.
        static func compareNumbers(_ x: PyNumber, _ y: PyNumber) -> ComparisonResult? {
            switch (x, y) {
            case (.int(let i), .int(let j)): return i < j ? .orderedAscending : i > j ? .orderedDescending : .orderedSame
            case (.float(let a), .float(let b)):
                if a.isNaN || b.isNaN { return nil }
                return a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
            case (.int(let i), .float(let d)): return compareIntToDouble(i, d)
            case (.float(let d), .int(let i)):
                return compareIntToDouble(i, d).map {
                    $0 == .orderedAscending ? .orderedDescending : $0 == .orderedDescending ? .orderedAscending : .orderedSame
                }
            }
        }

        private static func compareIntToDouble(_ i: Int, _ d: Double) -> ComparisonResult? {
            if d.isNaN { return nil }
            if d >= 0x1p63 { return .orderedAscending }
            if d < -0x1p63 { return .orderedDescending }
            let whole = d.rounded(.down)
            let w = Int(whole)
            if i < w { return .orderedAscending }
            if i > w { return .orderedDescending }
            return whole < d ? .orderedAscending : .orderedSame
        }

        /// Python's `max(a, b)`: `b` only when `b > a`.
        static func max(_ a: PyValue, _ b: PyValue) throws(TauToolError) -> PyValue {
            try ordered(b, a, greater: true) ? b : a
        }

        /// Python's `str(value)`, as an f-string interpolates it.
        static func str(_ value: PyValue) -> String { PyText.str(value) }
    }
}
