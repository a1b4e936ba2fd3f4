import Foundation
import Testing
@testable import SupportSimTau

/// tau-bench's `calculate`, `think` and `transfer_to_human_agents` are one piece of code in both
/// of its domains, and so they are here: every case runs through the airline and the retail
/// domain alike. None needs tau-bench's data.
@Suite("calculate, think and transfer are shared by both domains")
struct CalculateTests {
    static let domains: [TauDomain] = [.airline, .retail]

    static func answer(_ domain: TauDomain, _ tool: String, _ kwargs: PyDict) -> String {
        var data = PyDict()
        return domain.invoke(tool, kwargs, on: &data)
    }

    /// Each answer is what tau-bench's `calculate` gave under CPython 3.11.
    @Test("calculate reads its input as Python and rounds as Python", arguments: [
        // Arithmetic and Python's round to two places.
        ("2 + 2", "4.0"), ("100 / 3", "33.33"), ("(1000 - 200) * 0.15", "120.0"),
        ("3131.1 + 4777.75 + 367.38", "8276.23"), ("1/3", "0.33"), ("10/4", "2.5"), ("4/2", "2.0"),
        ("2.675 * 1", "2.67"),  // 2.675 is just below 2.675 in binary
        ("0.125 + 0", "0.12"),  // an exact tie rounds to even
        ("7//2", "3.0"), ("-7//2", "-4.0"), ("7 // -2", "-4.0"), ("-7.5//2", "-4.0"),
        ("2**-1", "0.5"), ("-2**2", "-4.0"), ("2**3**2", "512.0"),
        ("0/-5", "-0.0"), ("-0.001", "-0.0"), ("10**20", "1e+20"),
        ("123456789 * 987654321 * 1000", "1.2193263111263527e+20"),
        ("10**400/10**399", "10.0"), ("123456789012345678901234567890/7", "1.763668414462081e+28"),
        ("2**1023*2.0", "inf"), ("5.", "5.0"), (".5", "0.5"), ("00.5", "0.5"), ("  (2)  ", "2.0"), ("1 + + 2", "3.0"),
        // Syntax errors, with CPython's tokenizer errors first.
        ("", "Error: invalid syntax (<string>, line 0)"), ("2 +", "Error: invalid syntax (<string>, line 1)"),
        ("(2+3", "Error: '(' was never closed (<string>, line 1)"), ("2+3)", "Error: unmatched ')' (<string>, line 1)"),
        ("(2 3)", "Error: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)"), ("2 3", "Error: invalid syntax (<string>, line 1)"),
        ("2 3 (", "Error: '(' was never closed (<string>, line 1)"), ("2 * * (", "Error: invalid syntax (<string>, line 1)"),
        ("05 + 1", "Error: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (<string>, line 1)"),
        ("(2 3) 007", "Error: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (<string>, line 1)"),
        ("(*2)", "Error: cannot use starred expression here (<string>, line 1)"), ("(**2)", "Error: cannot use double starred expression here (<string>, line 1)"),
        // Python's runtime errors.
        ("1/0", "Error: division by zero"), ("1.0/0", "Error: float division by zero"), ("1//0", "Error: integer division or modulo by zero"),
        ("1.0//0", "Error: float floor division by zero"), ("0**-1", "Error: 0.0 cannot be raised to a negative power"),
        ("10.0**400", "Error: (34, 'Numerical result out of range')"), ("2**10000", "Error: int too large to convert to float"),
        ("10**400/3", "Error: integer division result too large for a float"),
        // Complex numbers, tuples, Ellipsis and calls.
        ("(-8)**0.5", "Error: float() argument must be a string or a real number, not 'complex'"),
        ("(-8)**0.5//2", "Error: unsupported operand type(s) for //: 'complex' and 'int'"), ("(0*(-8)**0.5)**-1", "Error: 0.0 to a negative or complex power"),
        ("((-8)**0.5)**1000", "Error: complex exponentiation"), ("(-8)**0.5/0", "Error: complex division by zero"),
        ("()", "Error: float() argument must be a string or a real number, not 'tuple'"), ("()+1", ##"Error: can only concatenate tuple (not "int") to tuple"##),
        ("() * 10**30", "Error: cannot fit 'int' into an index-sized integer"), ("2.0*()", "Error: can't multiply sequence by non-int of type 'float'"),
        ("-...", "Error: bad operand type for unary -: 'ellipsis'"), ("()**2", "Error: unsupported operand type(s) for ** or pow(): 'tuple' and 'int'"),
        ("2(3)", "Error: 'int' object is not callable"), ("(1/0)(2)", "Error: division by zero"),
        ("((-8)**0.5)(*2)", "Error: (1.7319121124709868e-16+2.8284271247461903j) argument after * must be an iterable, not int"),
        ("...(**2)", "Error: Ellipsis argument after ** must be a mapping, not int"),
        // CPython's limits.
        (String(repeating: "(", count: 201) + "1" + String(repeating: ")", count: 201), "Error: too many nested parentheses (<string>, line 1)"),
        (String(repeating: "-", count: 3000) + "1", "Error: maximum recursion depth exceeded during compilation"),
        (String(repeating: "-", count: 7000) + "1", "Error: "),  // CPython's parser runs out of stack: a bare MemoryError
    ])
    func calculate(expression: String, answer: String) {
        #expect(Calculate.calculate(expression) == answer)
        for domain in Self.domains {
            #expect(Self.answer(domain, "calculate", PyDict([("expression", .string(expression))])) == answer, "\(domain.name)")
        }
    }

    /// `all(char in ALLOWED for char in expression)` runs before `eval`, on whatever JSON came.
    @Test("calculate checks its input's characters as Python does, whatever JSON it is", arguments: [
        (PyValue.string("2 ^ 3"), "Error: invalid characters in expression"),
        (PyValue.list([.string("1"), .string("+-")]), "Error: eval() arg 1 must be a string, bytes or code object"),
        (PyValue.list([.string("1"), .string("+2")]), "Error: invalid characters in expression"),
        (PyValue.list([.int(1)]), "Error: 'in <string>' requires string as left operand, not int"),
        (PyValue.int(12), "Error: 'int' object is not iterable"),
    ])
    func charactersChecked(expression: PyValue, answer: String) {
        for domain in Self.domains {
            #expect(Self.answer(domain, "calculate", PyDict([("expression", expression)])) == answer, "\(domain.name)")
        }
    }

    @Test("think answers nothing, transfer answers success, and both bind arguments as CPython does")
    func thinkAndTransfer() {
        for domain in Self.domains {
            #expect(Self.answer(domain, "think", PyDict([("thought", .string("check the fare"))])) == "", "\(domain.name)")
            #expect(Self.answer(domain, "transfer_to_human_agents", PyDict([("summary", .string("wants a refund"))])) == "Transfer successful", "\(domain.name)")
            #expect(Self.answer(domain, "think", PyDict()) == "Error: Think.invoke() missing 1 required positional argument: 'thought'", "\(domain.name)")
            #expect(Self.answer(domain, "transfer_to_human_agents", PyDict([("reason", .string("x"))]))
                == "Error: TransferToHumanAgents.invoke() got an unexpected keyword argument 'reason'", "\(domain.name)")
            #expect(Self.answer(domain, "calculate", PyDict()) == "Error: Calculate.invoke() missing 1 required positional argument: 'expression'", "\(domain.name)")
        }
    }
}
