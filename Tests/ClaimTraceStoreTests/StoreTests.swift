import ClaimTrace
import Foundation
import GRDB
import Testing

@testable import ClaimTraceStore

func analyzed(_ id: String, _ text: String) throws -> AnalyzedDocument {
    try Pipeline().analyze(Document(id: id, source: "/corpus/\(id)", format: .text, text: text))
}

func temporaryDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("claimtrace-\(UUID().uuidString).sqlite").path
}

@Suite struct StoreTests {
    let article = "Barrels at the border\n\nBy Jane Roe\n\nThe Example Herald, March 3, 2025\n\nThe ministry said on Monday that barrels crossed. “We have proof,” Renée told reporters.\n\nShare this: Facebook Twitter"

    @Test func savesDocumentsAndSpansInScalarOffsets() throws {
        let store = try ClaimTraceStore.inMemory()
        let doc = try analyzed("a.txt", article)
        let summary = try store.save([doc])
        #expect(summary == .init(inserted: 1))
        let stored = try #require(try store.document(id: "a.txt"))
        #expect(stored.title == "Barrels at the border")
        #expect(stored.authorList == ["Jane Roe"])
        #expect(stored.published == "2025-03-03")
        #expect(stored.outlet == "The Example Herald")
        #expect(stored.text == article)
        #expect(stored.contentHash == ContentHash.hex(of: article))

        let sentences = try store.spans(documentId: "a.txt", layer: "sentence")
        let scalars = Array(article.unicodeScalars)
        let texts = sentences.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
        #expect(texts == ["Barrels at the border", "The ministry said on Monday that barrels crossed.", "“We have proof,” Renée told reporters."])
        let excluded = try store.spans(documentId: "a.txt", layer: "excluded")
        #expect(excluded.map(\.kind) == ["byline", "byline", "share"])
        let cues = try store.spans(documentId: "a.txt", layer: "attribution-cue")
        #expect(cues.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == ["said", "told"])
        #expect(cues.map(\.kind) == ["named", "named"])
        let content = try store.spans(documentId: "a.txt", layer: "attribution-content")
        #expect(content.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == ["that barrels crossed", "“We have proof,”"])
    }

    @Test func savingTheSameDocumentTwiceIsIdempotent() throws {
        let store = try ClaimTraceStore.inMemory()
        let doc = try analyzed("a.txt", article)
        try store.save([doc])
        let spansBefore = try store.spans(documentId: "a.txt", layer: "sentence")
        #expect(try store.save([doc]) == .init(unchanged: 1))
        #expect(try store.documentCount() == 1)
        #expect(try store.spans(documentId: "a.txt", layer: "sentence") == spansBefore)
    }

    @Test func changedContentReplacesTheDocumentAndItsSpans() throws {
        let store = try ClaimTraceStore.inMemory()
        try store.save([try analyzed("a.txt", article)])
        #expect(try store.save([try analyzed("a.txt", "New text. Two sentences.")]) == .init(updated: 1))
        #expect(try store.spans(documentId: "a.txt", layer: "sentence").count == 2)
        #expect(try store.spans(documentId: "a.txt", layer: "excluded").isEmpty)
        #expect(try store.search("barrels").isEmpty)
        #expect(try store.search("sentences").map(\.documentId) == ["a.txt"])
        // A new pipeline version recomputes even unchanged text.
        #expect(try store.save([try analyzed("a.txt", "New text. Two sentences.")], pipelineVersion: "next") == .init(updated: 1))
    }

    @Test func fullTextSearchWithSnippetsAndHostileQueries() throws {
        let store = try ClaimTraceStore.inMemory()
        try store.save([
            try analyzed("a.txt", article),
            try analyzed("b.txt", "Fishermen on the river. The café stayed open."),
        ])
        let hits = try store.search("ministry barrels")
        #expect(hits.map(\.documentId) == ["a.txt"])
        #expect(hits[0].snippet.contains("[ministry]"))
        #expect(try store.search("cafe").map(\.documentId) == ["b.txt"])  // accents folded
        for hostile in ["\"", "NEAR(", "a AND OR", "*", "title:x", "'; DROP TABLE document; --", "0k\u{0}$S\u{1A}jp2,$"] {
            #expect(throws: Never.self) { _ = try store.search(hostile) }
        }
        #expect(try store.documentCount() == 2)
    }

    @Test func entitiesAreStoredAndMergedAcrossStoredDocuments() throws {
        let store = try ClaimTraceStore.inMemory()
        try store.save([
            try analyzed("one.txt", "Title one\n\nDeputy Minister Pavel Ostrov said that the barrels crossed the border."),
            try analyzed("two.txt", "Title two\n\nThe plant closed, Pavel Ostrov told reporters on Friday."),
        ])
        let corpus = try store.corpusEntities()
        let ostrov = try #require(corpus.entities.first { $0.name == "Pavel Ostrov" })
        #expect(ostrov.documents == ["one.txt", "two.txt"])
        #expect(ostrov.roles.contains("Deputy Minister"))
        #expect(ostrov.merges.count == 1)
        // Replacing a document replaces its entities too.
        try store.save([try analyzed("two.txt", "Title two\n\nNobody said anything about the river today.")])
        #expect(try store.corpusEntities().entities.first { $0.name == "Pavel Ostrov" }?.documents == ["one.txt"])
    }

    @Test func corpusResultsOfARunAreStored() throws {
        let store = try ClaimTraceStore.inMemory()
        let run = try store.beginRun(inputs: ["test"])
        let finding = Finding(
            kind: .weekdayMismatch, message: "m", at: SpanReference(document: "a.txt", start: 3, end: 9, text: "Monday"), related: [])
        let pair = DuplicatePair(a: "a.txt", b: "b.txt", similarity: 0.9, containment: 1, kind: .republication, original: "a.txt", evidence: "e")
        let claimJSON = """
            {"id":"C1","label":"the plant closed","members":[
              {"document":"a.txt","start":0,"end":16,"text":"the plant closed","attribution":"a1","sourceKind":"named","speaker":"Ann Roe","entity":"E1","date":"2025-02-01","copyOf":null},
              {"document":"b.txt","start":4,"end":20,"text":"the plant closed","attribution":null,"sourceKind":"unattributed","speaker":null,"entity":null,"date":null,"copyOf":"a.txt"}],
             "documents":["a.txt","b.txt"],"outlets":["Daily"],"sources":[{"entity":"E1","text":"Ann Roe","sourceKind":"named","country":null,"voice":"entity:E1"}],
             "independentSources":1,"firstSeen":"2025-02-01","flags":["single-source"],
             "timeline":[{"date":"2025-02-01","kind":"statement","document":"a.txt","text":"the plant closed"}]}
            """
        let claim = try JSONDecoder().decode(ClaimCluster.self, from: Data(claimJSON.utf8))
        #expect(claim.members.map(\.at.document) == ["a.txt", "b.txt"])
        #expect(claim.members[1].copyOf == "a.txt")
        #expect(claim.sources.first?.voice == "entity:E1")
        try store.saveCorpus(
            run: run, corpus: CorpusAnalysis(entities: [], entityMembers: [:], findings: [finding], duplicates: [pair], claims: [claim]),
            claimJSON: { _ in claimJSON }, findingJSON: { _ in "{}" })
        #expect(try store.claimLabels(run: run) == ["the plant closed"])
        #expect(try store.findingKinds(run: run) == ["weekday-mismatch"])
        // Read back through the per-document index.
        #expect(try store.claims(run: run, documentId: "b.txt").items.map(\.label) == ["the plant closed"])
        #expect(try store.claims(run: run, documentId: "c.txt").total == 0)
        #expect(try store.duplicates(run: run) == [pair])
        #expect(try store.duplicates(run: run, among: ["a.txt", "b.txt", "z.txt"]) == [pair])
        #expect(try store.duplicates(run: run, among: ["a.txt"]).isEmpty)
        // Label search ignores case and takes % and _ literally; sources index by entity.
        #expect(try store.claims(run: run, label: "PLANT clo").total == 1)
        #expect(try store.claims(run: run, label: "plant%").total == 0)
        #expect(try store.claims(run: run, label: "_").total == 0)
        #expect(try store.claimsCiting(run: run, entities: ["E1", "E9"]).mapValues { $0.map(\.id) } == ["E1": ["C1"]])
        #expect(try store.claimRecord(run: run, id: "C1") == claimJSON)
    }

    @Test func findingsAreFoundFromEveryDocumentTheyQuote() throws {
        let store = try ClaimTraceStore.inMemory()
        let run = try store.beginRun(inputs: ["test"])
        let finding = Finding(
            kind: .quantityConflict, message: "7,000 vs 10,000",
            at: SpanReference(document: "a.txt", start: 3, end: 9, text: "7,000"),
            related: [SpanReference(document: "b.txt", start: 1, end: 7, text: "10,000")])
        let other = Finding(
            kind: .weekdayMismatch, message: "Thursday was a Tuesday",
            at: SpanReference(document: "c.txt", start: 0, end: 8, text: "Thursday"), related: [])
        let json = [
            "7,000 vs 10,000":
                #"{"kind":"quantity-conflict","message":"7,000 vs 10,000","document":"a.txt","start":3,"end":9,"text":"7,000","related":[{"document":"b.txt","start":1,"end":7,"text":"10,000"}]}"#,
            "Thursday was a Tuesday":
                #"{"kind":"weekday-mismatch","message":"Thursday was a Tuesday","document":"c.txt","start":0,"end":8,"text":"Thursday","related":[]}"#,
        ]
        try store.saveCorpus(
            run: run, corpus: CorpusAnalysis(entities: [], entityMembers: [:], findings: [finding, other], duplicates: [], claims: []),
            claimJSON: { _ in "{}" }, findingJSON: { json[$0.message]! })
        try store.finishRun(run, documents: 3, rejected: 0)
        #expect(try store.findings(run: run, documentId: "b.txt").items.map(\.position) == [0])
        #expect(try store.findings(run: run, documentId: "c.txt").items.map(\.finding) == [other])
        #expect(try store.findings(run: run, kind: "quantity-conflict").items.first?.finding == finding)
        #expect(try store.findings(run: run).total == 2)
        #expect(try store.latestRun()?.id == run)
        #expect(try store.stats().findings == ["quantity-conflict": 1, "weekday-mismatch": 1])
    }

    @Test func aFailedBatchLeavesEarlierBatchesIntact() throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ClaimTraceStore(path: path)
        try store.save([try analyzed("first.txt", "First batch. It is kept.")])
        // Make the database refuse one document, as a full disk or a crash would mid-batch.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE INSERT ON document WHEN new.id = 'bad.txt'
                BEGIN SELECT RAISE(ABORT, 'refused for the test'); END
                """)
        }
        try queue.close()
        #expect(throws: StoreError.self) {
            try store.save([try analyzed("good.txt", "Good one."), try analyzed("bad.txt", "Bad one.")])
        }
        #expect(try store.documentIds() == ["first.txt"])
        #expect(try store.spans(documentId: "good.txt", layer: "sentence").isEmpty)
    }

    @Test func aNewerSchemaIsRefusedAndLeftAlone() throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ClaimTraceStore(path: path).save([try analyzed("a.txt", "Kept.")])
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "PRAGMA user_version = 99") }
        try queue.close()
        do {
            _ = try ClaimTraceStore(path: path)
            Issue.record("a newer schema was accepted")
        } catch let error as StoreError {
            #expect(error.description.contains("schema version 99"))
            #expect(error.description.contains("newer claimtrace"))
        }
        let check = try DatabaseQueue(path: path)
        #expect(try check.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM document") } == 1)
    }

    @Test func anOlderSchemaIsMigrated() throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A database as the first release wrote it: documents, no full-text index.
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator(upTo: "v1-documents").migrate(queue)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO document (id, source, format, contentHash, pipelineVersion, title, text, analyzedAt)
                VALUES ('old.txt', 'old.txt', 'txt', 'x', '0', 'Old', 'An old document about barrels.', '2025-01-01')
                """)
        }
        #expect(try queue.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 1)
        try queue.close()

        let store = try ClaimTraceStore(path: path)
        #expect(try store.search("barrels").map(\.documentId) == ["old.txt"])
        let reopened = try DatabaseQueue(path: path)
        #expect(try reopened.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == StoreSchema.version)
        #expect(try reopened.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM document_entity") } == 0)
    }

    @Test func corpusResultsSavedBeforeV6AreIndexedByDocumentAndSource() throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator(upTo: "v5-vectors").migrate(queue)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO run (id, startedAt, finishedAt, inputs) VALUES (1, '2025-01-01', '2025-01-01', 'x');
                INSERT INTO run (id, startedAt, finishedAt, inputs) VALUES (2, '2025-01-02', NULL, 'x');
                INSERT INTO claim (runId, id, label, documents, independentSources, firstSeen, json) VALUES (1, 'C1', 'the dam broke', 2, 1, NULL,
                  '{"id":"C1","label":"the dam broke","members":[],"documents":["a.txt","b.txt"],"sources":[{"entity":"E4","text":"Lena Harrow","sourceKind":"named"},{"entity":null,"text":"the author","sourceKind":"unattributed"}],"independentSources":1}');
                INSERT INTO finding (runId, position, kind, message, documentId, start, "end", json) VALUES (1, 0, 'quantity-conflict', 'm', 'a.txt', 0, 3,
                  '{"kind":"quantity-conflict","message":"m","document":"a.txt","start":0,"end":3,"text":"400","related":[{"document":"c.txt","start":1,"end":4,"text":"900"}]}');
                """)
        }
        try queue.close()
        let store = try ClaimTraceStore(path: path)
        #expect(try store.claims(run: 1, documentId: "b.txt").items.map(\.id) == ["C1"])
        #expect(try store.claimsCiting(run: 1, entities: ["E4"])["E4"]?.map(\.label) == ["the dam broke"])
        #expect(try store.findings(run: 1, documentId: "c.txt").items.map(\.position) == [0])
        #expect(try store.findings(run: 1, documentId: "b.txt").total == 0)
        // A run that never finished was interrupted: the finished one stays the latest.
        #expect(try store.latestRun()?.id == 1)
        #expect(try store.runOutcome(2)?.status == "failed")
    }

    @Test func foreignFilesAreRefused() throws {
        let other = temporaryDatabase()
        let notSQLite = temporaryDatabase()
        defer {
            try? FileManager.default.removeItem(atPath: other)
            try? FileManager.default.removeItem(atPath: notSQLite)
        }
        let queue = try DatabaseQueue(path: other)
        try queue.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER)") }
        try queue.close()
        #expect { _ = try ClaimTraceStore(path: other) } throws: { ($0 as? StoreError)?.description.contains("not a claimtrace database") == true }
        try Data("just some text, not a database at all".utf8).write(to: URL(fileURLWithPath: notSQLite))
        #expect { _ = try ClaimTraceStore(path: notSQLite) } throws: { "\($0)".contains("not a SQLite database") }
    }

    @Test func deletingADocumentCascadesToItsSpans() throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ClaimTraceStore(path: path).save([try analyzed("a.txt", article)])
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM document WHERE id = 'a.txt'")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM span") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM document_fts WHERE document_fts MATCH 'barrels'") == 0)
        }
    }
}
