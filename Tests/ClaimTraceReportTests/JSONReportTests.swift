import ClaimTrace
import Foundation
import Testing

@testable import ClaimTraceReport

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func report(_ documents: [AnalyzedDocument], rejected: [ReadIssue] = []) -> Data {
    var bytes: [UInt8] = []
    JSONReport().write(documents: documents, rejected: rejected) { bytes += $0 }
    return Data(bytes)
}

@Suite struct JSONReportTests {
    /// Documents written on several threads are the bytes written one after another.
    @Test func documentsWrittenInParallelAreTheSameBytes() throws {
        let pipeline = Pipeline()
        let documents = try ["One. The mayor said so.", "Two \u{201C}quoted\u{201D}, she said.", "Three.", "Four, sources say."].enumerated()
            .map { k, text in try pipeline.analyze(Document(id: "d\(k).txt", source: "d\(k)", format: .text, text: text)) }
        var one = JSONReport.Stream()
        var sequential = one.header()
        for d in documents { sequential += one.document(d) }
        var two = JSONReport.Stream()
        var parallel = two.header()
        parallel += two.documents(Array(documents[0..<3]), jobs: 2)
        parallel += two.documents(Array(documents[3...]), jobs: 2)
        #expect(parallel == sequential)
    }

    @Test func hostileStringsStayInertJSON() throws {
        var w = JSONWriter()
        let hostile = "\"quoted\" \\ back\n</script><script>alert(1)</script> & \u{0}\u{1F}\u{2028}\u{2029} 😀"
        w.beginObject()
        w.field("value", hostile)
        w.endObject()
        let text = String(decoding: w.bytes, as: UTF8.self)
        #expect(!text.contains("<"))
        #expect(!text.contains(">"))
        #expect(!text.contains("\u{2028}"))
        #expect(text.contains("\\u003c/script\\u003e"))
        let parsed = try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String: String]
        #expect(parsed?["value"] == hostile)
    }

    @Test func offsetsAreCodePoints() throws {
        // Non-ASCII before the spans: byte and code-point offsets differ.
        let text = "Café “news” 😀\n\nThe envoy spoke on Sunday, February 4, 2018. Renée listened."
        let doc = try Pipeline().analyze(Document(id: "x", source: "x", format: .text, text: text))
        let object = try JSONSerialization.jsonObject(with: report([doc])) as! [String: Any]
        let document = (object["documents"] as! [[String: Any]])[0]
        let scalars = Array(text.unicodeScalars)
        func slice(_ span: [String: Any]) -> String {
            String(String.UnicodeScalarView(scalars[(span["start"] as! Int)..<(span["end"] as! Int)]))
        }
        let sentences = (document["sentences"] as! [[String: Any]]).map(slice)
        #expect(sentences == ["Café “news” 😀", "The envoy spoke on Sunday, February 4, 2018.", "Renée listened."])
        let date = (document["dates"] as! [[String: Any]])[0]
        #expect(slice(date) == "Sunday, February 4, 2018")
        #expect(date["date"] as? String == "2018-02-04")
        #expect(date["weekday"] as? String == "Sunday")
    }

    @Test func realOutputValidatesAgainstTheSchema() throws {
        let files = InputCollector().collect([repositoryRoot.appendingPathComponent("Samples").path]).files
        var documents: [AnalyzedDocument] = []
        try CorpusRunner().run(files) { documents += $0.documents }
        #expect(documents.count >= 12)
        let data = report(documents, rejected: [ReadIssue(location: "bad.txt", reason: "empty file")])
        let value = try JSONSerialization.jsonObject(with: data)
        let validator = try SchemaValidator(schemaAt: repositoryRoot.appendingPathComponent("schema/claimtrace-1.schema.json"))
        #expect(validator.validate(value) == [])
        let object = value as! [String: Any]
        #expect(object["schema"] as? String == "claimtrace/1")
        #expect((object["rejected"] as? [[String: String]])?.first?["reason"] == "empty file")
    }

    @Test func modifiedAndLanguageAreWrittenAndValid() throws {
        var metadata = DocumentMetadata(title: "Storm", published: Day(iso: "2018-02-10"))
        metadata.modified = Day(iso: "2018-02-11")
        metadata.language = "en-GB"
        let dated = try Pipeline().analyze(
            Document(id: "a", source: "a.html", format: .html, text: "The storm reached the coast.", metadata: metadata))
        let plain = try Pipeline().analyze(Document(id: "b", source: "b.txt", format: .text, text: "The storm reached the coast."))
        let value = try JSONSerialization.jsonObject(with: report([dated, plain], rejected: []))
        let validator = try SchemaValidator(schemaAt: repositoryRoot.appendingPathComponent("schema/claimtrace-1.schema.json"))
        #expect(validator.validate(value) == [])
        let documents = try #require((value as? [String: Any])?["documents"] as? [[String: Any]])
        #expect(documents[0]["modified"] as? String == "2018-02-11")
        #expect(documents[0]["language"] as? String == "en-GB")
        #expect(documents[1]["modified"] is NSNull)
        #expect(documents[1]["language"] is NSNull)
        // The HTML report's document header shows the update.
        let html = HTMLReport(documents: [dated, plain], corpus: CorpusAccumulator.analyze([dated, plain]), rejected: []).render()
        #expect(html.contains("2018-02-10 · updated 2018-02-11"))
    }

    @Test func theValidatorCatchesBrokenOutput() throws {
        let validator = try SchemaValidator(schemaAt: repositoryRoot.appendingPathComponent("schema/claimtrace-1.schema.json"))
        let broken: [String: Any] = [
            "schema": "claimtrace/2", "generator": ["name": "x", "version": "1", "pipeline": "1"], "stages": [],
            "rejected": [],
            "documents": [["id": "a", "source": "a", "format": "pdf", "title": NSNull(), "authors": [], "published": "10 Feb",
                           "outlet": NSNull(), "originalSource": NSNull(), "text": "t",
                           "excluded": [["start": -1, "end": 2, "kind": "weather"]], "sentences": [["start": 0]]]],
        ]
        let errors = validator.validate(broken)
        #expect(errors.contains { $0.hasPrefix("$.schema") })
        #expect(errors.contains { $0.hasPrefix("$.documents[0].format") })
        #expect(errors.contains { $0.hasPrefix("$.documents[0].published") })
        #expect(errors.contains { $0.contains("excluded[0].start") })
        #expect(errors.contains { $0.contains("excluded[0].kind") })
        #expect(errors.contains { $0.contains("sentences[0]: missing end") })
    }

    @Test func corpusSectionsStreamedFromCompactResultsMatchTheWholeAnalysis() throws {
        let files = InputCollector().collect([repositoryRoot.appendingPathComponent("Samples").path]).files
        var documents: [AnalyzedDocument] = []
        var accumulator = CorpusAccumulator(spill: true)
        try CorpusRunner().run(files) {
            documents += $0.documents
            accumulator.add($0.documents)
        }
        let results = accumulator.finish()
        #expect(results.claimCount > 0 && results.duplicateCount > 0 && results.entityCount > 0)
        let inMemory = CorpusAccumulator.analyze(documents)
        var whole = JSONReport.Stream()
        _ = whole.header()
        let expected = whole.footer(rejected: [], corpus: inMemory)
        // Written out record by record, in pieces of about 256 bytes.
        var streamed = JSONReport.Stream()
        _ = streamed.header()
        var pieces: [[UInt8]] = []
        try streamed.footer(rejected: [], corpus: results, pieceSize: 256) { pieces.append($0) }
        #expect(pieces.count > 10)
        #expect(pieces.joined().elementsEqual(expected))
        // The compact results also write out every record again, the same.
        let again = results.analysis
        #expect(again.claims.map(\.members) == inMemory.claims.map(\.members))
        #expect(again.duplicates == inMemory.duplicates)
    }

    @Test func emptyCorpusIsStillAReport() throws {
        let object = try JSONSerialization.jsonObject(with: report([])) as? [String: Any]
        #expect((object?["documents"] as? [Any])?.isEmpty == true)
    }
}
