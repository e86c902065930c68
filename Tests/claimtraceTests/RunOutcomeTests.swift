import Foundation
import GRDB
import Testing

@testable import ClaimTraceStore
@testable import claimtrace

/// The repository's Samples folder, found from this file's path.
let samplesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Samples").path

/// Item 4 of "never lose a user's data": a run that fails is never the one the app shows.
@Suite struct RunOutcomeTests {
    @Test func theSameJSONLIdInTwoFilesNoLongerBreaksTheRun() throws {
        try withCorpusFolder { folder in
            let input = folder.appendingPathComponent("in")
            try Data(#"{"id": "story", "text": "Barrels crossed the border, the mayor of Arden said on Monday."}"#.utf8)
                .write(to: input.appendingPathComponent("one.jsonl"))
            try Data(#"{"id": "story", "text": "The mayor of Arden said barrels crossed the border on Monday."}"#.utf8)
                .write(to: input.appendingPathComponent("two.jsonl"))
            let db = folder.appendingPathComponent("x.sqlite").path
            let report = folder.appendingPathComponent("r.json").path
            #expect(analyzeStatus([input.path, "--db", db, "--json", report]) == 0)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
            let ids = (json?["documents"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == ["in/a.txt", "in/b.txt", "story", "story#2"])
            let store = try ClaimTraceStore(path: db)
            #expect(try store.documentCount() == 4)
            let run = try #require(try store.latestRun())
            #expect(try store.runDocuments(run.id) == ["in/a.txt", "in/b.txt", "story", "story#2"])
        }
    }

    @Test func aRunThatFailsIsNeverMarkedFinished() throws {
        try withCorpusFolder { folder in
            let db = folder.appendingPathComponent("x.sqlite").path
            #expect(analyzeStatus([samplesFolder, "--db", db]) == 0)
            let store = try ClaimTraceStore(path: db)
            let first = try #require(try store.latestRun())
            let claims = try store.stats().claims
            #expect(claims > 0)
            // Make saving the corpus results fail, as a full disk would.
            let queue = try DatabaseQueue(path: db)
            try queue.write { db in
                try db.execute(sql: "CREATE TRIGGER planted BEFORE INSERT ON claim BEGIN SELECT RAISE(ABORT, 'planted failure'); END")
            }
            try queue.close()
            // Analysed again, so that the corpus stages run and save their results again.
            #expect(analyzeStatus([samplesFolder, "--db", db, "--reanalyze"]) == 2)
            // The app still shows the first run and its claims; the second says why it failed.
            #expect(try store.latestRun()?.id == first.id)
            #expect(try store.stats().claims == claims)
            let failed = try #require(try store.runOutcome(first.id + 1))
            #expect(failed.status == "failed")
            #expect(failed.error?.contains("planted failure") == true)
        }
    }
}

/// Item 12 of "never lose a user's data": a second run over unchanged inputs takes the stored
/// analyses, and reports exactly what the first run reported.
@Suite struct IncrementalRunTests {
    @Test func aSecondRunReportsExactlyWhatTheFirstDid() throws {
        try withCorpusFolder { folder in
            let db = folder.appendingPathComponent("x.sqlite").path
            let first = folder.appendingPathComponent("first.json").path
            let second = folder.appendingPathComponent("second.json").path
            #expect(analyzeStatus([samplesFolder, "--db", db, "--json", first]) == 0)
            #expect(analyzeStatus([samplesFolder, "--db", db, "--json", second]) == 0)
            // The app shows the latest run, with the results it shares.
            let afterSecond = try ClaimTraceStore(path: db)
            #expect(try afterSecond.latestRun()?.id == 1)
            #expect(try afterSecond.stats().claims == 29)  // the claims of Samples (copies' repeated sentences included)
            // And what analysing everything again reports.
            let third = folder.appendingPathComponent("third.json").path
            #expect(analyzeStatus([samplesFolder, "--db", db, "--json", third, "--reanalyze"]) == 0)
            let reports = try [first, second, third].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            #expect(reports[0].count > 10_000)
            #expect(reports[1] == reports[0])
            #expect(reports[2] == reports[0])
            // The second run found the first one's documents, all unchanged: it shares its results
            // rather than computing them again; the third analysed everything and computed them.
            let store = try ClaimTraceStore(path: db)
            let shared = try store.read { db in
                try Row.fetchAll(db, sql: "SELECT id, resultsOf FROM run ORDER BY id").map { ($0["id"] as Int64, $0["resultsOf"] as Int64?) }
            }
            #expect(shared.map(\.1) == [nil, 1, nil])
            #expect(try store.latestRun()?.id == 3)
            // Only the latest results keep their entities for sharing.
            #expect(try store.read { try Int64.fetchAll($0, sql: "SELECT DISTINCT runId FROM run_entity") } == [3])
            #expect(try store.stats().claims == 29)
        }
    }

    @Test func aRunOverOtherDocumentsComputesItsResults() throws {
        try withCorpusFolder { folder in
            let db = folder.appendingPathComponent("x.sqlite").path
            let input = folder.appendingPathComponent("in")
            #expect(analyzeStatus([input.path, "--db", db]) == 0)
            #expect(analyzeStatus([input.path, "--db", db]) == 0)
            // One more article: the corpus stages run again, over all three.
            try Data("Bridge news\n\nThe mayor of Arden said again that the bridge would close.\n".utf8)
                .write(to: input.appendingPathComponent("c.txt"))
            #expect(analyzeStatus([input.path, "--db", db]) == 0)
            let store = try ClaimTraceStore(path: db)
            let runs = try store.read { db in
                try Row.fetchAll(db, sql: "SELECT resultsOf, documents FROM run ORDER BY id").map { ($0["resultsOf"] as Int64?, $0["documents"] as Int) }
            }
            #expect(runs.map(\.0) == [nil, 1, nil])
            #expect(runs.map(\.1) == [2, 2, 3])
            #expect(try store.runDocuments(3) == ["in/a.txt", "in/b.txt", "in/c.txt"])
        }
    }
}
