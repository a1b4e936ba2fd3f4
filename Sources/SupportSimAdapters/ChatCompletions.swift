import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import SupportSimCore

/// One OpenAI-compatible chat-completions endpoint, as the openai agent adapter, the model
/// customer and the judge call it. `429` and `5xx` are retried, waiting what `Retry-After` says
/// (at most a minute) or doubling from `retryDelay`; a connection that fails is retried with
/// jittered backoff while the call's time budget lasts; every failure says which endpoint and
/// what it answered. With a cassette, calls are recorded, or answered from it with no network.
struct ChatCompletions: Sendable {
    static let maxRetries = 3

    let baseURL: String
    /// nil: no Authorization header (local servers need none).
    let apiKey: @Sendable () -> String?
    /// The time one call may take, retries included.
    let timeoutMs: Int
    let retryDelay: Duration
    let client: HTTPClient
    /// "model endpoint", "judge endpoint": how messages name it.
    let role: String
    /// "agent", "customer", "judge": who calls, in a cassette.
    let caller: String
    var cassette: ModelCassette? = nil
    /// Reports whether the endpoint was ever reached (the agent's: exit 3 when it never was).
    var reachability: Reachability? = nil

    /// The model's answer and the milliseconds it took (as recorded, when replayed).
    func complete(_ body: JSONValue, at site: ModelCallSite) async throws -> (JSONValue, Int) {
        if let cassette, cassette.isReplaying {
            return try cassette.replay(role: caller, site: site, request: body)
        }
        let began = ContinuousClock.now
        let answer = try await call(body, budget: .milliseconds(timeoutMs))
        let elapsed = ContinuousClock.now - began
        let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        cassette?.record(role: caller, site: site, request: body, response: answer, latencyMs: ms)
        return (answer, ms)
    }

    private func call(_ body: JSONValue, budget: Duration) async throws -> JSONValue {
        let url = baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/chat/completions"
        reachability?.attempted("the \(role) \(baseURL) never answered within the call's time")
        let deadline = ContinuousClock.now + budget
        var attempt = 0
        var connectionAttempt = 0
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            if let key = apiKey() { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
            request.body = .bytes(ByteBuffer(string: body.jsonText()))
            let response: HTTPClientResponse
            do {
                let left = deadline - ContinuousClock.now
                response = try await client.execute(request, timeout: .milliseconds(max(1, Self.milliseconds(left))))
            } catch {
                // Noted before any retry: a retry the turn's timeout cancels still counts.
                reachability?.failed("the \(role) \(baseURL) did not answer: \(error)")
                connectionAttempt += 1
                let wait = Self.jittered(retryDelay * (1 << min(connectionAttempt - 1, 6)))
                if connectionAttempt <= Self.maxRetries, ContinuousClock.now + wait < deadline {
                    try await Task.sleep(for: wait)
                    continue
                }
                throw AgentFailure("the \(role) \(baseURL) did not answer"
                                   + (connectionAttempt > 1 ? " (\(connectionAttempt) tries)" : "") + ": \(error)")
            }
            reachability?.reached()
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

    /// Between half and one and a half of `base`, so clients that failed together do not retry together.
    static func jittered(_ base: Duration) -> Duration { base * Double.random(in: 0.5...1.5) }

    static func milliseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
    }
}

/// What reaches a model or an agent over the network, and says whether it ever did.
public protocol ReachabilityReporting {
    var reachability: Reachability { get }
}

extension OpenAIAgent: ReachabilityReporting {}
extension HTTPAgent: ReachabilityReporting {}
extension ModelCustomer: ReachabilityReporting {}
extension ModelJudge: ReachabilityReporting {}

/// Whether an endpoint answered at least once in a run, and why it did not when it never did:
/// an agent no call ever reached is a harness failure (exit 3), not a failed scenario.
public final class Reachability: Sendable {
    private let state = Mutex<(reached: Bool, failure: String?, attempt: String?)>((false, nil, nil))
    public init() {}
    /// A call began; if it is cut off by its turn's timeout before anything is known, this is why.
    func attempted(_ why: String) { state.withLock { if $0.attempt == nil { $0.attempt = why } } }
    func reached() { state.withLock { $0.reached = true } }
    func failed(_ why: String) { state.withLock { if $0.failure == nil { $0.failure = why } } }
    /// Why the endpoint was never reached; nil once any call got an answer, or when none was tried.
    public var neverReached: String? { state.withLock { $0.reached ? nil : $0.failure ?? $0.attempt } }
}
