import Foundation
import GRDB
import Testing

@testable import ClaimTraceStore

/// A search is counted up to a cap and stopped by a time budget, and says so.
@Suite struct SearchLimitTests {
    /// A store of `count` short documents that all contain "river" (inserted directly: the
    /// pipeline is not what is tested).
    static func store(documents count: Int) throws -> ClaimTraceStore {
        let queue = try DatabaseQueue()
        let store = try ClaimTraceStore(writer: queue, path: ":memory:")
        try queue.write { db in
            for i in 0..<count {
                try db.execute(
                    sql: """
                        INSERT INTO document (id, source, format, contentHash, pipelineVersion, title, text, analyzedAt)
                        VALUES (?, ?, 'txt', ?, 'test', ?, ?, '2025-01-01')
                        """,
                    arguments: ["d\(i).txt", "d\(i).txt", "h\(i)", "Title \(i)", "The river \(i) rose. The mayor said the river was clean."])
            }
        }
        return store
    }

    @Test func theCountStopsAtTheCapAndSaysSo() throws {
        let store = try Self.store(documents: 30)
        let capped = try store.search("river", filter: .init(), offset: 0, limit: 20, limits: .init(maxCounted: 10))
        #expect(capped.total == 10)
        #expect(capped.totalIsCapped)
        #expect(capped.items.count == 10)
        #expect(!capped.cutShort)
        // No page beyond the cap.
        #expect(try store.search("river", filter: .init(), offset: 10, limit: 20, limits: .init(maxCounted: 10)).items.isEmpty)
        let all = try store.search("river", filter: .init(), offset: 0, limit: 20)
        #expect(all.total == 30 && !all.totalIsCapped && all.items.count == 20)
    }

    @Test func aSearchOverItsTimeBudgetIsCutShortNotFailed() throws {
        let store = try Self.store(documents: 400)
        let cut = try store.search("river", filter: .init(), offset: 0, limit: 20, limits: .init(timeBudget: .zero))
        #expect(cut.cutShort)
        #expect(cut.items.isEmpty)
        // The connection is left as it was: the next search, with time, finds everything.
        let full = try store.search("river", filter: .init(), offset: 0, limit: 20, limits: .init(timeBudget: .seconds(600)))
        #expect(!full.cutShort)
        #expect(full.total == 400 && full.items.count == 20)
        #expect(try store.documentCount() == 400)
    }
}
