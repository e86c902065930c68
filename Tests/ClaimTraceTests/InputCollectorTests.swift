import Foundation
import Testing

@testable import ClaimTrace

#if canImport(Glibc)
    import Glibc
#endif

/// What is read from a folder, and what is never opened: FIFOs, sockets and devices, and links
/// that leave the folder unless asked.
@Suite struct InputCollectorTests {
    @Test func aFIFOInAFolderIsSkippedWithoutOpeningIt() throws {
        try withTemporaryFolder { folder in
            let root = folder.appendingPathComponent("in")
            try write("An article. It has two sentences.", to: root.appendingPathComponent("a.txt"))
            #expect(mkfifo(root.appendingPathComponent("pipe.txt").path, 0o644) == 0)
            #expect(mkfifo(root.appendingPathComponent("pipe.dat").path, 0o644) == 0)
            let collection = InputCollector().collect([root.path])
            #expect(collection.files.map(\.id) == ["in/a.txt"])
            // An article name that cannot be read is an issue; another special file a notice.
            #expect(collection.issues.map(\.location) == [root.appendingPathComponent("pipe.txt").path])
            #expect(collection.issues.first?.reason.contains("FIFO (named pipe), not a regular file") == true)
            #expect(collection.notices.map(\.location) == [root.appendingPathComponent("pipe.dat").path])
            // Named directly, it is refused too, and the reader never waits on one.
            let named = InputCollector().collect([root.appendingPathComponent("pipe.txt").path])
            #expect(named.files.isEmpty && named.issues.count == 1)
            let read = DocumentReader().read(InputFile(path: root.appendingPathComponent("pipe.txt").path, id: "p", format: .text))
            #expect(read.issues.first?.reason.contains("FIFO") == true)
        }
    }

    @Test func linksOutOfTheFolderAreFollowedOnlyWhenAsked() throws {
        try withTemporaryFolder { folder in
            let root = folder.appendingPathComponent("in")
            let outside = folder.appendingPathComponent("elsewhere")
            try write("Inside. It is an article.", to: root.appendingPathComponent("a.txt"))
            try write("Outside. It is an article.", to: outside.appendingPathComponent("o.txt"))
            try write("Deep. It is an article.", to: outside.appendingPathComponent("sub/d.txt"))
            let fm = FileManager.default
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("out.txt").path, withDestinationPath: outside.appendingPathComponent("o.txt").path)
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("outdir").path, withDestinationPath: outside.path)
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("same.txt").path, withDestinationPath: "a.txt")
            // A loop: followed, it must still end.
            try fm.createSymbolicLink(atPath: outside.appendingPathComponent("back").path, withDestinationPath: root.path)

            let plain = InputCollector().collect([root.path])
            #expect(plain.files.map(\.id) == ["in/a.txt", "in/same.txt"])
            #expect(plain.notices.count == 2)
            #expect(plain.notices.allSatisfy { $0.reason.contains("not followed (give --follow-symlinks") })
            #expect(plain.issues.isEmpty)

            let followed = InputCollector(followSymlinks: true).collect([root.path])
            #expect(followed.files.map(\.id) == ["in/a.txt", "in/out.txt", "in/outdir/o.txt", "in/outdir/sub/d.txt", "in/same.txt"])
            #expect(followed.notices.isEmpty)
        }
    }

    @Test func aFileNameThatIsNotUTF8IsReadAndShownEscaped() throws {
        try withTemporaryFolder { folder in
            let root = folder.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            // "caf\xE9.txt": Latin-1 é, as an old archive might name it.
            let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".txt".utf8)
            let path = Array(root.path.utf8) + [UInt8(ascii: "/")] + name
            let body = Array("Caf\u{E9} report. The mayor said the bridge would close.".utf8)
            let fd = (path + [0]).withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
            }
            #expect(fd >= 0)
            _ = body.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, body.count) }
            close(fd)

            let collection = InputCollector().collect([root.path])
            #expect(collection.files.map(\.id) == ["in/caf\\xE9.txt"])
            #expect(collection.notices.first?.reason.contains("not valid UTF-8") == true)
            let read = DocumentReader().read(try #require(collection.files.first))
            #expect(read.issues.isEmpty)
            #expect(read.documents.first?.text.hasPrefix("Caf\u{E9} report.") == true)
        }
    }

    @Test func theSameIdInTwoFilesIsMadeUniqueWithAWarning() throws {
        try withTemporaryFolder { folder in
            let root = folder.appendingPathComponent("in")
            try write(#"{"id": "x", "text": "One. The mayor said so."}"# + "\n", to: root.appendingPathComponent("a.jsonl"))
            try write(#"{"id": "x", "text": "Two. The mayor said so."}"# + "\n" + #"{"id": "x#2", "text": "Three."}"#, to: root.appendingPathComponent("b.jsonl"))
            var ids: [String] = []
            var warnings: [[String]] = []
            try CorpusRunner(batchSize: 1, jobs: 1).run(InputCollector().collect([root.path]).files) { batch in
                ids += batch.documents.map(\.id)
                warnings += batch.documents.map(\.document.warnings)
            }
            #expect(ids == ["x", "x#2", "x#2#2"])
            #expect(warnings[0].isEmpty)
            #expect(warnings[1] == [#"the id "x" is already used by an earlier input of this run; kept as "x#2""#])
        }
    }

    /// Records end at LF, CR LF or a lone CR, and lines are counted the same way.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func jsonlRecordsEndAtEveryKindOfLineEnd(end: String) {
        let text = [#"{"id": "a", "text": "One."}"#, "", #"{"id": "b", "text": "Two."}"#, "{bad"].joined(separator: end)
        let result = DocumentReader().read(Array(text.utf8), as: InputFile(path: "f.jsonl", id: "f.jsonl", format: .jsonl))
        #expect(result.documents.map(\.id) == ["a", "b"])
        #expect(result.documents.map(\.source) == ["f.jsonl:1", "f.jsonl:3"])
        #expect(result.issues.map(\.location) == ["f.jsonl:4"])
    }

    @Test func jsonlFieldsOfTheWrongTypeAreSaidOncePerField() throws {
        let lines = [
            #"{"id": "a", "text": "One.", "title": 7, "published": ["2025-01-01"], "authors": [1, 2]}"#,
            #"{"id": "b", "text": "Two.", "title": {"x": 1}, "outlet": null}"#,
            #"{"id": true, "text": "Three.", "title": "Fine"}"#,
            #"{"id": "", "text": "Four."}"#,
            #"{"id": "a\u0007b", "text": "Five."}"#,
            #"{"id": "c", "text": 5}"#,
        ]
        let result = DocumentReader().read(Array(lines.joined(separator: "\n").utf8), as: InputFile(path: "f.jsonl", id: "f.jsonl", format: .jsonl))
        #expect(result.documents.map(\.id) == ["a", "b", "f.jsonl#3", "f.jsonl#4", "f.jsonl#5"])
        #expect(result.documents.map(\.metadata.title) == [nil, nil, "Fine", nil, nil])
        #expect(result.warnings.map(\.reason) == [
            #""title" is not a string in 2 records (first at line 1: a number); ignored there"#,
            #""published" is not a string in 1 record (first at line 1: a list); ignored there"#,
            #""authors" is not a string or a list of strings in 1 record (first at line 1: a list); ignored there"#,
            #""id" is not a string or a number in 1 record (first at line 3: a boolean); ignored there"#,
        ])
        #expect(result.documents[3].warnings == [#"the record's id "" is empty; kept as "f.jsonl#4""#])
        #expect(result.documents[4].warnings == [#"the record's id "a\u{07}b" holds control characters; kept as "f.jsonl#5""#])
        #expect(result.issues.map(\.reason) == [#"record has neither a "text" nor an "html" string ("text" is a number); skipped"#])
    }
}
