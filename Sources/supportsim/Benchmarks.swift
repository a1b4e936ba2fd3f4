import Foundation
enum Benchmarks { static func runAll() async throws {} }
