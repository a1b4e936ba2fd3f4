import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SupportSimCore

/// One OpenAI-compatible chat-completions endpoint, as the openai agent adapter and the model
/// judge call it: `429` and `5xx` are retried, waiting what `Retry-After` says (at most a
/// minute) or doubling from `retryDelay`; every failure says which endpoint and what it answered.
struct ChatCompletions: Sendable {
    static let maxRetries = 3

    let baseURL: String
    /// nil: no Authorization header (local servers need none).
    let apiKey: @Sendable () -> String?
    let timeoutMs: Int
    let retryDelay: Duration
    let client: HTTPClient
    /// "model endpoint", "judge endpoint": how messages name it.
    let role: String

    func complete(_ body: JSONValue) async throws -> JSONValue {
        let url = baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/chat/completions"
        var attempt = 0
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            if let key = apiKey() { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
            request.body = .bytes(ByteBuffer(string: body.jsonText()))
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .milliseconds(Int64(timeoutMs)))
            } catch {
                throw AgentFailure("the \(role) \(baseURL) did not answer: \(error)")
            }
            let bytes = try await response.body.collect(upTo: 32 << 20)
            let code = Int(response.status.code)
            if code == 429 || code >= 500, attempt < Self.maxRetries {
                attempt += 1
                try await Task.sleep(for: Self.delay(response.headers, attempt: attempt, base: retryDelay))
                continue
            }
            guard (200..<300).contains(code) else {
                throw AgentFailure("the \(role) answered HTTP \(code)\(attempt > 0 ? " after \(attempt) retries" : ""): "
                                   + String(buffer: bytes).prefix(200))
            }
            guard let value = try? JSONValue.parse(Data(bytes.readableBytesView)) else {
                throw AgentFailure("the \(role)'s answer is not JSON")
            }
            return value
        }
    }

    /// `Retry-After` in seconds when the server gives it (at most a minute), else doubling.
    static func delay(_ headers: HTTPHeaders, attempt: Int, base: Duration) -> Duration {
        if let text = headers.first(name: "Retry-After"), let seconds = Int(text.trimmingCharacters(in: .whitespaces)) {
            return .seconds(min(max(seconds, 0), 60))
        }
        return base * (1 << (attempt - 1))
    }
}
