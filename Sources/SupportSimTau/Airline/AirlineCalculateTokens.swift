import Foundation

extension Airline.Calculate {
    enum Kind: Equatable {
        case number(isFloat: Bool, text: Substring)
        case ellipsis, dot, plus, minus, star, doubleStar, slash, doubleSlash, open, close, end
    }

    struct Token {
        var kind: Kind
        /// The parenthesis depth after the token, as CPython records it.
        var level: Int
    }

    /// CPython's tokenizer on the allowed alphabet; its errors win over any parser error.
    static func tokenize(_ text: String) throws(TauToolError) -> ([Token], Int) {
        let chars = Array(text.utf8)
        var tokens: [Token] = []
        var level = 0
        var i = 0
        func at(_ j: Int) -> UInt8 { j < chars.count ? chars[j] : 0 }
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        func digits(from j: Int) -> Int {
            var k = j
            while isDigit(at(k)) { k += 1 }
            return k
        }
        while i < chars.count {
            let c = chars[i]
            let start = i
            func emit(_ kind: Kind, length: Int) {
                tokens.append(Token(kind: kind, level: level))
                i = start + length
            }
            switch c {
            case UInt8(ascii: " "):
                i += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                var j = i
                var isFloat = false
                if c == UInt8(ascii: "0") {
                    while at(j) == UInt8(ascii: "0") { j += 1 }
                    let nonzero = isDigit(at(j))
                    j = digits(from: j)
                    if at(j) == UInt8(ascii: ".") {
                        isFloat = true
                        j = digits(from: j + 1)
                    } else if nonzero {
                        throw syntaxError("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
                    }
                } else {
                    j = digits(from: j)
                    if at(j) == UInt8(ascii: ".") {
                        isFloat = true
                        j = digits(from: j + 1)
                    }
                }
                let literal = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: i)..<text.utf8.index(text.utf8.startIndex, offsetBy: j)]
                emit(.number(isFloat: isFloat, text: Substring(literal)), length: j - i)
            case UInt8(ascii: "."):
                if isDigit(at(i + 1)) {
                    let j = digits(from: i + 1)
                    let literal = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: i)..<text.utf8.index(text.utf8.startIndex, offsetBy: j)]
                    emit(.number(isFloat: true, text: Substring(literal)), length: j - i)
                } else if at(i + 1) == UInt8(ascii: "."), at(i + 2) == UInt8(ascii: ".") {
                    emit(.ellipsis, length: 3)
                } else {
                    emit(.dot, length: 1)
                }
            case UInt8(ascii: "+"): emit(.plus, length: 1)
            case UInt8(ascii: "-"): emit(.minus, length: 1)
            case UInt8(ascii: "*"):
                if at(i + 1) == UInt8(ascii: "*") { emit(.doubleStar, length: 2) } else { emit(.star, length: 1) }
            case UInt8(ascii: "/"):
                if at(i + 1) == UInt8(ascii: "/") { emit(.doubleSlash, length: 2) } else { emit(.slash, length: 1) }
            case UInt8(ascii: "("):
                if level >= 200 { throw syntaxError("too many nested parentheses") }
                level += 1
                emit(.open, length: 1)
            case UInt8(ascii: ")"):
                if level == 0 { throw syntaxError("unmatched ')'") }
                level -= 1
                emit(.close, length: 1)
            default:
                throw TauToolError("invalid characters in expression")  // excluded by the caller
            }
        }
        tokens.append(Token(kind: .end, level: level))
        return (tokens, level)
    }
}
