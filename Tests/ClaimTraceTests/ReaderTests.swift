import Foundation
import Testing

@testable import ClaimTrace

@Suite struct ReaderTests {
    @Test func plainTextIsTheFileContentUnchanged() throws {
        try withTemporaryFolder { folder in
            let content = "Title line\r\n\r\n  Indented *markdown* [kept](#) as is.\r\n"
            try write(content, to: folder.appendingPathComponent("a.txt"))
            let result = DocumentReader().read(InputFile(path: folder.appendingPathComponent("a.txt").path, id: "a.txt", format: .text))
            #expect(result.issues.isEmpty)
            #expect(result.documents.first?.text == content)
            #expect(result.byteCount == content.utf8.count)
        }
    }

    @Test func oversizedEmptyMissingAndFolderInputsGiveOneLineEach() throws {
        try withTemporaryFolder { folder in
            try write(String(repeating: "word ", count: 400), to: folder.appendingPathComponent("big.txt"))
            try Data().write(to: folder.appendingPathComponent("empty.txt"))
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("dir.txt"), withIntermediateDirectories: true)
            let reader = DocumentReader(maxFileSize: 1000)
            func issue(_ name: String) -> String? {
                let r = reader.read(InputFile(path: folder.appendingPathComponent(name).path, id: name, format: .text))
                #expect(r.documents.isEmpty)
                return r.issues.first?.reason
            }
            #expect(issue("big.txt")?.contains("over the") == true)
            #expect(issue("big.txt")?.contains("--max-file-size") == true)
            #expect(issue("empty.txt")?.contains("empty file") == true)
            #expect(issue("missing.txt")?.contains("No such file") == true)
            #expect(issue("dir.txt")?.contains("folder") == true)
        }
    }

    @Test func jsonlRecordsReadAndBadLinesReportedWithLineNumbers() throws {
        try withTemporaryFolder { folder in
            let lines = [
                #"{"id": "r1", "title": "First", "text": "Body one.", "published": "2025-02-03", "outlet": "Wire", "authors": ["A Writer"], "extra": {"x": 1}}"#,
                #"{"id": "r2", "html": "<html><head><title>Second story here | Site</title></head><body><p>Para <b>one</b>.</p><p>Two</p></body></html>", "authors": "Solo Author"}"#,
                "",
                #"{"id": "r3", "text": "unterminated"#,
                #"["not", "an", "object"]"#,
                #"{"id": "r4", "title": "No body"}"#,
                #"{"id": "r1", "text": "Same id again.", "published": "3 Feb"}"#,
                #"{"text": "No id at all."}"#,
            ]
            let url = folder.appendingPathComponent("feed.jsonl")
            try write(lines.joined(separator: "\n"), to: url)
            let result = DocumentReader().read(InputFile(path: url.path, id: "x/feed.jsonl", format: .jsonl))
            #expect(result.documents.map(\.id) == ["r1", "r2", "r1#7", "x/feed.jsonl#8"])
            let first = result.documents[0]
            #expect(first.text == "Body one.")
            #expect(first.metadata.title == "First")
            #expect(first.metadata.published == Day(year: 2025, month: 2, day: 3))
            #expect(first.metadata.outlet == "Wire")
            #expect(first.metadata.authors == ["A Writer"])
            #expect(first.source == "\(url.path):1")
            let second = result.documents[1]
            #expect(second.format == .html)
            #expect(second.text == "Para one.\n\nTwo")
            #expect(second.metadata.title == "Second story here")
            #expect(second.metadata.authors == ["Solo Author"])
            // Only the records skipped are issues; what was kept with a problem says so itself.
            let locations = result.issues.map { $0.location.split(separator: ":").last.map(String.init) ?? "" }
            #expect(locations == ["4", "5", "6"])
            #expect(result.issues[0].reason.contains("malformed JSON"))
            #expect(result.issues[1].reason.contains("not a JSON object"))
            #expect(result.issues[2].reason.contains("neither"))
            #expect(result.documents[2].warnings.count == 2)
            #expect(result.documents[2].warnings[0].contains("duplicate id"))
            #expect(result.documents[2].warnings[1].contains("YYYY-MM-DD"))
            #expect(result.warnings.isEmpty)
        }
    }

    @Test func collectorWalksFoldersSortedSkipsHiddenAndProjectFiles() throws {
        try withTemporaryFolder { folder in
            let root = folder.appendingPathComponent("corpus")
            for name in ["b.txt", "a.md", "sub/c.html", "sub/d.jsonl", ".hidden.txt", ".git/x.txt", "README.md", "notes.pdf"] {
                try write("x", to: root.appendingPathComponent(name))
            }
            let collection = InputCollector().collect([root.path, folder.appendingPathComponent("nope").path])
            #expect(collection.files.map(\.id) == ["corpus/a.md", "corpus/b.txt", "corpus/sub/c.html", "corpus/sub/d.jsonl"])
            #expect(collection.files.map(\.format) == [.markdown, .text, .html, .jsonl])
            #expect(collection.skippedUnknown == 2)  // README.md and notes.pdf
            #expect(collection.issues.count == 1)
            #expect(collection.issues[0].reason == "no such file or directory")
        }
    }

    @Test func sameIdsFromTwoRootsAreMadeUnique() throws {
        try withTemporaryFolder { folder in
            try write("x", to: folder.appendingPathComponent("one/corpus/a.txt"))
            try write("y", to: folder.appendingPathComponent("two/corpus/a.txt"))
            let ids = InputCollector().collect([
                folder.appendingPathComponent("one/corpus").path, folder.appendingPathComponent("two/corpus").path,
            ]).files.map(\.id)
            #expect(ids == ["corpus/a.txt", "corpus/a.txt#2"])
        }
    }

    @Test func namedFileOfUnknownTypeIsAnIssue() throws {
        try withTemporaryFolder { folder in
            try write("x", to: folder.appendingPathComponent("paper.pdf"))
            let collection = InputCollector().collect([folder.appendingPathComponent("paper.pdf").path])
            #expect(collection.files.isEmpty)
            #expect(collection.issues.first?.reason.contains("unsupported file type") == true)
        }
    }

    /// The next batch is analysed while one is handled; an error in handling stops the run,
    /// nothing is handed over after it, and the error comes back to the caller.
    @Test func anErrorInHandlingABatchStopsTheRun() throws {
        struct Stop: Error {}
        try withTemporaryFolder { folder in
            for k in 0..<6 { try write("Article \(k). The mayor said so.", to: folder.appendingPathComponent("in/\(k).txt")) }
            let files = InputCollector().collect([folder.appendingPathComponent("in").path]).files
            var handled: [String] = []
            #expect(throws: Stop.self) {
                try CorpusRunner(batchSize: 1, jobs: 2).run(files) { batch in
                    handled += batch.documents.map(\.id)
                    if handled.count == 2 { throw Stop() }
                }
            }
            #expect(handled == ["in/0.txt", "in/1.txt"])
            // All of them, in order, when nothing goes wrong.
            var all: [String] = []
            try CorpusRunner(batchSize: 2, jobs: 2).run(files) { all += $0.documents.map(\.id) }
            #expect(all == (0..<6).map { "in/\($0).txt" })
        }
    }

    @Test func runnerReportsBadInputsAndKeepsGoing() throws {
        try withTemporaryFolder { folder in
            let root = folder.appendingPathComponent("in")
            try write("A good article. It has two sentences.", to: root.appendingPathComponent("1-good.txt"))
            try Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31]).write(to: root.appendingPathComponent("2-binary.txt"))
            try Data().write(to: root.appendingPathComponent("3-empty.txt"))
            try write("<html><body><p>Unclosed <div><p>para</body>", to: root.appendingPathComponent("4-broken.html"))
            try write("{\"text\": \"ok\"}\n{bad\n", to: root.appendingPathComponent("5-feed.jsonl"))
            let files = InputCollector().collect([root.path]).files
            var documents: [AnalyzedDocument] = []
            var issues: [ReadIssue] = []
            try CorpusRunner(batchSize: 2, jobs: 2).run(files) { batch in
                documents += batch.documents
                issues += batch.issues
            }
            #expect(documents.map(\.id) == ["in/1-good.txt", "in/4-broken.html", "in/5-feed.jsonl#1"])
            #expect(documents[0].sentences.count == 2)
            #expect(documents[1].text == "Unclosed\n\npara")
            #expect(issues.count == 3)
            #expect(issues.map { $0.reason.prefix(12) } == ["binary file ", "empty file, ", "malformed JS"])
            #expect(issues[2].location.hasSuffix("5-feed.jsonl:2"))
        }
    }
}
