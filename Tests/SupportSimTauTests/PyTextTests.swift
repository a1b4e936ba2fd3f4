import Foundation
import Testing
@testable import SupportSimTau

@Suite("Python text forms")
struct PyTextTests {
    @Test("floats print as Python's repr does", arguments: [
        (100.0, "100.0"), (0.1 + 0.2, "0.30000000000000004"), (1e16, "1e+16"), (1e15, "1000000000000000.0"),
        (0.0001, "0.0001"), (0.00001, "1e-05"), (-2.5, "-2.5"), (123456.789, "123456.789"), (1.5e-10, "1.5e-10"),
        (1.2345678901234568e+17, "1.2345678901234568e+17"), (0.0, "0.0"),
    ])
    func floatRepr(value: Double, text: String) {
        #expect(PyText.floatRepr(value) == text)
    }

    @Test("json.dumps keeps key order, separates with a space and escapes non-ASCII")
    func dumps() throws {
        let value = try PyJSON.parse(#"{"b": 1, "a": [1.0, 2.5, null, true], "c": "caf\u00e9 \"q\" \ud83d\ude00\n"}"#)
        #expect(PyText.dumps(value) == #"{"b": 1, "a": [1.0, 2.5, null, true], "c": "caf\u00e9 \"q\" \ud83d\ude00\n"}"#)
        #expect(PyText.dumps([:]) == "{}")
        #expect(PyText.dumps([]) == "[]")
    }

    @Test("integers and floats stay distinct, and dict equality ignores order as tau's hash does")
    func intFloatDistinct() throws {
        #expect(try PyJSON.parse("1") == .int(1))
        #expect(try PyJSON.parse("1.0") == .float(1))
        #expect(PyValue.int(1) != PyValue.float(1))
        #expect(try PyJSON.parse(#"{"a": 1, "b": 2}"#) == PyJSON.parse(#"{"b": 2, "a": 1}"#))
        #expect(try PyJSON.parse(#"{"a": 1}"#) != PyJSON.parse(#"{"a": 1.0}"#))
    }

    @Test("round is Python's: the exact binary value, ties to even")
    func round() {
        #expect(PyText.round(2.675, 2) == 2.67)  // 2.675 is 2.67499999... in binary
        #expect(PyText.round(0.125, 2) == 0.12)
        #expect(PyText.round(0.375, 2) == 0.38)
        #expect(PyText.round(1234.5678, 2) == 1234.57)
    }

    @Test("str() of values is Python's repr")
    func repr() {
        #expect(PyText.str(["a": "it's", "b": [1, 2.0, nil, true]]) == #"{'a': "it's", 'b': [1, 2.0, None, True]}"#)
        #expect(PyText.str("plain") == "plain")
        #expect(PyText.repr("tab\there") == #"'tab\there'"#)
    }

    @Test("setting a dict key keeps its place; a new key goes last; removing reorders nothing else")
    func dictOrder() {
        var d = PyDict([("x", 1), ("y", 2), ("z", 3)])
        d["y"] = 20
        d["w"] = 4
        d["x"] = nil
        #expect(d.keys == ["y", "z", "w"])
        #expect(d["y"] == 20)
        #expect(PyText.dumps(.dict(d)) == #"{"y": 20, "z": 3, "w": 4}"#)
    }

    @Test("malformed JSON is an error with its byte offset, never a crash")
    func malformed() {
        #expect(throws: PyJSON.ParseError.self) { try PyJSON.parse(#"{"a": }"#) }
        #expect(throws: PyJSON.ParseError.self) { try PyJSON.parse(String(repeating: "[", count: 10_000)) }
        #expect(throws: PyJSON.ParseError.self) { try PyJSON.parse(#""unterminated"#) }
    }
}

@Suite("Python argument binding")
struct PyArgumentsTests {
    let parameters = [PyParameter("user_id"), PyParameter("order_id"), PyParameter("reason", default: "none")]

    @Test("an unexpected keyword is reported before missing ones, in CPython's words")
    func unexpected() {
        #expect(throws: TauToolError("Tool.invoke() got an unexpected keyword argument 'province'")) {
            try PyArguments.bind(PyDict([("province", "CA")]), to: parameters, function: "Tool.invoke")
        }
    }

    @Test("missing arguments are listed as CPython lists them")
    func missing() throws {
        #expect(throws: TauToolError("Tool.invoke() missing 2 required positional arguments: 'user_id' and 'order_id'")) {
            try PyArguments.bind(PyDict(), to: parameters, function: "Tool.invoke")
        }
        let bound = try PyArguments.bind(PyDict([("order_id", "#1"), ("user_id", "u")]), to: parameters, function: "Tool.invoke")
        #expect(bound == ["u", "#1", "none"])
    }
}
