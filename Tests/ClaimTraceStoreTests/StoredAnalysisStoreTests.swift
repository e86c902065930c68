import ClaimTrace
import Foundation
import GRDB
import Testing

@testable import ClaimTraceStore

/// Stored analyses: taken by a later run for unchanged documents only, and enough to run the
/// corpus stages over stored documents without their files.
@Suite struct StoredAnalysisStoreTests {
    static let texts = [
        ("a.txt", "Bridge closes\n\nThe mayor of Arden said the bridge would close in May."),
        ("b.txt", "Bridge to close\n\nThe bridge will close in May, the mayor of Arden said on Monday."),
        ("c.txt", "Dam report\n\nEngineers said the dam was safe, according to a report published on Friday."),
    ]

    /// Runs the files of `folder` through the runner with the store as its cache, saving each batch.
    static func run(_ folder: URL, _ store: ClaimTraceStore) throws -> (reused: Int, documents: [AnalyzedDocument]) {
        var reused = 0
        var documents: [AnalyzedDocument] = []
        try CorpusRunner(batchSize: 2, jobs: 2).run(InputCollector().collect([folder.path]).files, reuse: store) { batch in
            reused += batch.reused
            documents += batch.documents
            try store.save(batch.documents)
        }
        return (reused, documents)
    }

    @Test func onlyUnchangedDocumentsAreTakenFromTheStore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("claimtrace-reuse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in Self.texts {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ClaimTraceStore(path: path)
        let first = try Self.run(folder, store)
        #expect(first.reused == 0)
        let second = try Self.run(folder, store)
        #expect(second.reused == 3)
        #expect(second.documents == first.documents)
        // One article edited: it alone is analysed again.
        try Data((Self.texts[2].1 + " The council disagreed.").utf8).write(to: folder.appendingPathComponent("c.txt"))
        let third = try Self.run(folder, store)
        #expect(third.reused == 2)
        // A stored analysis that no longer reads back is analysed again and stored anew.
        try store.write { db in try db.execute(sql: "UPDATE document_analysis SET data = X'00' WHERE documentId LIKE '%a.txt'") }
        #expect(try Self.run(folder, store).reused == 2)
        #expect(try Self.run(folder, store).reused == 3)
        #expect(third.documents[2].text.hasSuffix("The council disagreed."))
        #expect(third.documents[2].sentences.count == first.documents[2].sentences.count + 1)
    }

    @Test func theCorpusStagesRunOverStoredDocuments() throws {
        let store = try ClaimTraceStore.inMemory()
        let pipeline = Pipeline()
        let documents = try Self.texts.map { id, text in try pipeline.analyze(Document(id: id, source: id, format: .text, text: text)) }
        try store.save(documents)
        var read: [AnalyzedDocument] = []
        let missing = try store.forEachStoredAnalysis(["a.txt", "nope.txt", "b.txt", "c.txt"], batchSize: 2, analyze: { _ in
            Issue.record("a stored analysis was analysed again")
            return []
        }) { read += $0 }
        #expect(missing == ["nope.txt"])
        #expect(read == documents)
        // An analysis stored by another build (another key) is analysed again, and saved.
        _ = try store.write { db in try db.execute(sql: "UPDATE document_analysis SET key = 'other build' WHERE documentId = 'b.txt'") }
        var again: [String] = []
        read = []
        _ = try store.forEachStoredAnalysis(["a.txt", "b.txt", "c.txt"], analyze: { stale in
            again += stale.map(\.id)
            return try stale.map { try pipeline.analyze($0) }
        }) { read += $0 }
        #expect(again == ["b.txt"])
        #expect(read == documents)
        #expect(try store.storedAnalyses([documents[1].document]).first??.isEmpty == false)
    }

    @Test func anUploadJoinsTheClaimsOfTheCorpusWithoutAnalysingItAgain() throws {
        let store = try ClaimTraceStore.inMemory()
        let pipeline = Pipeline()
        let texts = [
            ("a.txt", "US moves ISIS fighters\n\nThe United States is moving ISIS fighters to Afghanistan, General Tomas Vidal said on Monday."),
            ("b.txt", "ISIS fighters moved, general says\n\nGeneral Tomas Vidal said the United States is moving ISIS fighters to Afghanistan."),
            ("c.txt", Self.texts[2].1),
        ]
        let documents = try texts.map { id, text in try pipeline.analyze(Document(id: id, source: id, format: .text, text: text)) }
        // An analyze run over three articles.
        let run = try store.beginRun(inputs: ["corpus"])
        try store.save(documents)
        try store.addToRun(run, documents: documents.map(\.id))
        try store.saveCorpus(run: run, corpus: CorpusAccumulator.analyze(documents), claimJSON: { _ in "{}" }, findingJSON: { _ in "{}" })
        try store.finishRun(run, documents: 3, rejected: 0)
        func claimDocuments(_ run: Int64) throws -> [String] {
            try store.read { try String.fetchAll($0, sql: "SELECT DISTINCT documentId FROM claim_document WHERE runId = ? ORDER BY 1", arguments: [run]) }
        }
        #expect(try claimDocuments(run) == ["a.txt", "b.txt"])
        // Then an upload telling the same claim: stored after the run finished.
        let upload = try pipeline.analyze(
            Document(id: "upload/d.txt", source: "upload:d.txt", format: .text, text: "Fighters moved\n\nGeneral Tomas Vidal said on Tuesday that the United States is moving ISIS fighters to Afghanistan."))
        Thread.sleep(forTimeInterval: 0.01)
        try store.save([upload])
        #expect(try store.corpusDocuments() == ["a.txt", "b.txt", "c.txt", "upload/d.txt"])
        let refreshed = try store.recomputeCorpus(
            try store.corpusDocuments(), inputs: "after upload", analyze: { stale in
                Issue.record("stored analyses were analysed again: \(stale.map(\.id))")
                return try stale.map { try pipeline.analyze($0) }
            }, claimJSON: { _ in "{}" }, findingJSON: { _ in "{}" })
        #expect(try store.latestRun()?.id == refreshed)
        #expect(try store.latestRun()?.documents == 4)
        #expect(try claimDocuments(refreshed) == ["a.txt", "b.txt", "upload/d.txt"])
        #expect(try store.runDocuments(refreshed) == ["a.txt", "b.txt", "c.txt", "upload/d.txt"])
    }
}
