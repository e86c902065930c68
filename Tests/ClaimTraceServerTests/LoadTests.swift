import ClaimTrace
import ClaimTraceStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClaimTraceServer

/// What keeps slow requests from holding up the others: searches bounded in time and count, a
/// gate for each lane, and blocking work kept off Swift's cooperative pool.
@Suite struct LoadTests {
    /// A store of the three test articles plus `copies` copies of one of them.
    static func store(copies: Int) throws -> ClaimTraceStore {
        let store = try ServerTests.makeStore()
        let model = try Pipeline().analyze(Document(id: "m", source: "m", format: .text, text: ServerTests.articleA))
        try store.save((0..<copies).map { i in
            var copy = model
            copy.document.id = "copies/\(i).txt"
            return copy
        })
        return store
    }

    @Test func aSearchOverItsTimeLimitAnswersWithWhatItFoundAndSaysSo() async throws {
        let store = try Self.store(copies: 300)
        try await ServerTests.app(store, ServerConfiguration(searchTimeout: .nanoseconds(1))).test(.router) { client in
            try await client.execute(uri: "/api/v1/search?q=fighters", method: .get) { response in
                #expect(response.status == .ok)
                let body = try ServerTests.json(response)
                #expect(body["cutShort"] as? Bool == true)
                #expect((body["message"] as? String)?.contains("time limit") == true)
            }
            try await client.execute(uri: "/search?q=fighters", method: .get) { response in
                #expect(response.status == .ok)
                #expect(ServerTests.text(response).contains("its time limit"))
            }
        }
        try await ServerTests.app(store, ServerConfiguration(searchResultCap: 250)).test(.router) { client in
            try await client.execute(uri: "/api/v1/search?q=fighters&perPage=200&page=2", method: .get) { response in
                let body = try ServerTests.json(response)
                #expect(body["cutShort"] as? Bool == false)
                #expect(body["total"] as? Int == 250 && body["totalIsCapped"] as? Bool == true)
                #expect((body["items"] as? [Any])?.count == 50)
            }
        }
    }

    @Test func aGateLetsLimitHoldersInInOrderAndRefusesBeyondItsQueue() async throws {
        let gate = Gate(name: "searches", limit: 2, maxWaiting: 1)
        try await gate.enter()
        try await gate.enter()
        // The third waits; a fourth finds the queue full.
        let third = Task { try await gate.enter() }
        while await gate.waitingCount == 0 { await Task.yield() }
        await #expect { try await gate.enter() } throws: { error in
            guard let error = error as? HTTPError else { return false }
            return error.status == .serviceUnavailable && error.headers[.retryAfter] != nil
        }
        await gate.leave()
        try await third.value
        #expect(await gate.holderCount == 2)
        await gate.leave()
        await gate.leave()
        #expect(await gate.holderCount == 0)
    }

    /// Eight pieces of blocking work in progress at once, each waiting for all the others: on
    /// Swift's cooperative pool (one thread per core) they could never all start.
    @Test func blockingWorkRunsOnThreadsOfItsOwn() async throws {
        let started = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<8 {
                group.addTask {
                    try await Blocking.run {
                        started.signal()
                        go.wait()
                        return i
                    }
                }
            }
            for _ in 0..<8 { try await Blocking.run { started.wait() } }
            for _ in 0..<8 { go.signal() }
            var sum = 0
            for try await i in group { sum += i }
            #expect(sum == 28)
        }
    }
}
