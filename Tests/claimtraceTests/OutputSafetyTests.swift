import ArgumentParser
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@testable import claimtrace

/// A fresh folder holding two short articles in `in/`, removed when `body` returns.
func withCorpusFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("claimtrace-cli-\(UUID().uuidString)")
    let input = folder.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("Bridge closes\n\nThe mayor of Arden said the bridge would close in May.\n".utf8)
        .write(to: input.appendingPathComponent("a.txt"))
    try Data("Bridge to close\n\nThe bridge will close in May, the mayor of Arden said on Monday.\n".utf8)
        .write(to: input.appendingPathComponent("b.txt"))
    return try body(folder)
}

/// Runs `claimtrace analyze` in process; the exit status it ends with (0 when it returns, -1
/// and a recorded issue when the arguments do not parse or it throws something else).
func analyzeStatus(_ arguments: [String]) -> Int32 {
    do {
        let command = try AnalyzeCommand.parse(arguments + ["--quiet", "--jobs", "1"])
        try command.run()
        return 0
    } catch let exit as ExitCode {
        return exit.rawValue
    } catch {
        Issue.record("analyze \(arguments) threw \(error)")
        return -1
    }
}

/// Item 1 and 2 of "never lose a user's data": no report replaces a folder, the database, an
/// input or another report.
@Suite struct OutputSafetyTests {
    @Test(arguments: ["--json", "--html", "--graphml"])
    func aReportPathThatIsAFolderIsRefusedAndTheFolderKept(option: String) throws {
        try withCorpusFolder { folder in
            let victim = folder.appendingPathComponent("keep")
            try FileManager.default.createDirectory(at: victim.appendingPathComponent("deep"), withIntermediateDirectories: true)
            try Data("precious".utf8).write(to: victim.appendingPathComponent("deep/notes.txt"))
            let status = analyzeStatus([folder.appendingPathComponent("in").path, "--no-db", option, victim.path])
            #expect(status == 2)
            #expect(try String(contentsOf: victim.appendingPathComponent("deep/notes.txt"), encoding: .utf8) == "precious")
        }
    }

    @Test func aReportPathThatIsTheInputFolderIsRefusedAndTheInputKept() throws {
        try withCorpusFolder { folder in
            let input = folder.appendingPathComponent("in")
            #expect(analyzeStatus([input.path, "--no-db", "--json", input.path]) == 2)
            #expect(FileManager.default.fileExists(atPath: input.appendingPathComponent("a.txt").path))
            #expect(FileManager.default.fileExists(atPath: input.appendingPathComponent("b.txt").path))
        }
    }

    @Test func aReportPathThatIsAnInputFileIsRefused() throws {
        try withCorpusFolder { folder in
            let article = folder.appendingPathComponent("in/a.txt")
            let before = try Data(contentsOf: article)
            #expect(analyzeStatus([folder.appendingPathComponent("in").path, "--no-db", "--json", article.path]) == 2)
            #expect(try Data(contentsOf: article) == before)
        }
    }

    /// The database itself, its companions, and a hard link to it (another name, one file).
    @Test(arguments: ["", "-wal", "-shm", "-journal", "a hard link"])
    func aReportPathThatIsTheDatabaseIsRefused(variant: String) throws {
        try withCorpusFolder { folder in
            let input = folder.appendingPathComponent("in").path
            let db = folder.appendingPathComponent("x.sqlite").path
            #expect(analyzeStatus([input, "--db", db]) == 0)
            var report = db + variant
            if variant == "a hard link" {
                report = folder.appendingPathComponent("report.json").path
                #expect(Glibc.link(db, report) == 0)
            }
            let before = try Data(contentsOf: URL(fileURLWithPath: db))
            #expect(analyzeStatus([input, "--db", db, "--json", report]) == 2)
            // Nothing was opened: the database file is byte for byte what it was.
            #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        }
    }

    @Test func twoOutputsOnOnePathAreRefused() throws {
        try withCorpusFolder { folder in
            let input = folder.appendingPathComponent("in").path
            let report = folder.appendingPathComponent("r.json").path
            let sameByAnotherName = folder.appendingPathComponent("in/../r.json").path
            try Data("an earlier report".utf8).write(to: URL(fileURLWithPath: report))
            #expect(analyzeStatus([input, "--no-db", "--json", report, "--html", sameByAnotherName]) == 2)
            // Refused before anything was written: the earlier report is as it was.
            #expect(try String(contentsOfFile: report, encoding: .utf8) == "an earlier report")
            let tables = folder.appendingPathComponent("tables").path
            #expect(analyzeStatus([input, "--no-db", "--csv", tables, "--graphml", tables + "/claims.csv"]) == 2)
        }
    }

    @Test func aCSVTableThatIsAFolderIsRefusedAndKept() throws {
        try withCorpusFolder { folder in
            let tables = folder.appendingPathComponent("tables")
            try FileManager.default.createDirectory(at: tables.appendingPathComponent("claims.csv"), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: tables.appendingPathComponent("claims.csv/inside.txt"))
            #expect(analyzeStatus([folder.appendingPathComponent("in").path, "--no-db", "--csv", tables.path]) == 2)
            #expect(FileManager.default.fileExists(atPath: tables.appendingPathComponent("claims.csv/inside.txt").path))
        }
    }

    @Test func aReportOverARegularFileReplacesIt() throws {
        try withCorpusFolder { folder in
            let report = folder.appendingPathComponent("r.json")
            try Data("old".utf8).write(to: report)
            #expect(analyzeStatus([folder.appendingPathComponent("in").path, "--no-db", "--json", report.path]) == 0)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
            #expect((json?["documents"] as? [Any])?.count == 2)
            #expect(!FileManager.default.fileExists(atPath: report.path + ".partial"))
        }
    }
}
