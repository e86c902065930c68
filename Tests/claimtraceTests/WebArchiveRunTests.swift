import ClaimTrace
import Foundation
import Testing

@testable import ClaimTraceStore
@testable import claimtrace

/// A web archive of our own pages, analysed in one command.
@Suite struct WebArchiveRunTests {
    @Test func theSampleArchiveOf50PagesIsAnalysedInOneCommand() throws {
        try withCorpusFolder { folder in
            let archive = folder.appendingPathComponent("sample.warc.gz").path
            try BenchWARCCommand.parse(["--write", archive, "--samples", samplesFolder]).run()
            let db = folder.appendingPathComponent("x.sqlite").path
            let report = folder.appendingPathComponent("r.json").path
            #expect(analyzeStatus([archive, "--db", db, "--json", report]) == 0)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
            let documents = (json?["documents"] as? [[String: Any]]) ?? []
            #expect(documents.count == 50)
            #expect(Set(documents.compactMap { $0["id"] as? String }).count == 50)
            #expect(documents.allSatisfy { ($0["id"] as? String)?.hasPrefix("claimtrace.example/") == true })
            // The page sent in Windows-1252, as its header says.
            #expect(documents.contains { ($0["text"] as? String)?.hasPrefix("Café \u{201C}Report 0:") == true })
            #expect(try ClaimTraceStore(path: db).documentCount() == 50)
        }
    }

    @Test func theRunnerHandsOnTheSkippedRecordsForTheSummary() throws {
        try withCorpusFolder { folder in
            let archive = folder.appendingPathComponent("sample.warc").path
            try BenchWARCCommand.parse(["--write", archive, "--samples", samplesFolder, "--pages", "2"]).run()
            let files = InputCollector().collect([archive]).files
            var skipped = SkippedRecords()
            var documents = 0
            try CorpusRunner(jobs: 1).run(files) { batch in
                skipped = skipped + batch.skippedRecords
                documents += batch.documents.count
            }
            #expect(documents == 2)
            #expect(skipped.description == "2 request, 1 HTTP status not 2xx, 1 not HTML or text, 1 revisit, 1 warcinfo")
        }
    }
}
