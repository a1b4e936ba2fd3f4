import Crypto
import Foundation

/// The Content-Security-Policy source that allows exactly one inline script: its SHA-256
/// (swift-crypto, already in the build through AsyncHTTPClient).
enum ScriptHash {
    static func cspSource(_ script: String) -> String {
        "'sha256-" + Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString() + "'"
    }
}
