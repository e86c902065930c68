import ArgumentParser
import Foundation
import Testing

import ClaimTrace

@testable import claimtrace

@Suite struct CommandTests {
    @Test(arguments: [
        ("analyze", AnalyzeCommand.helpMessage()),
        ("search", SearchCommand.helpMessage()),
        ("bench read", BenchReadCommand.helpMessage()),
        ("bench duplicates", BenchDuplicatesCommand.helpMessage()),
        ("bench encoder", BenchEncoderCommand.helpMessage()),
        ("bench hostile", BenchHostileCommand.helpMessage()),
        ("embed", EmbedCommand.helpMessage()),
        ("serve", ServeCommand.helpMessage()),
    ])
    func everyCommandsHelpHasAnExample(name: String, help: String) {
        #expect(help.contains("Example"))
        #expect(help.contains("claimtrace \(name)"))
    }

    @Test func analyzeHelpNamesItsOptions() {
        let help = AnalyzeCommand.helpMessage()
        for option in ["--json", "--db", "--no-db", "--max-file-size", "--jobs", "--batch-size", "--show", "--html", "--csv", "--graphml", "--semantic"] {
            #expect(help.contains(option), "\(option)")
        }
    }

    @Test func badArgumentsAreRefusedWithAReason() {
        #expect(throws: (any Error).self) { try AnalyzeCommand.parse([]) }
        #expect(throws: (any Error).self) { try AnalyzeCommand.parse(["Samples", "--max-file-size", "0"]) }
        #expect(throws: (any Error).self) { try AnalyzeCommand.parse(["Samples", "--jobs", "0"]) }
        #expect(throws: (any Error).self) { try AnalyzeCommand.parse(["Samples", "--db", "-"]) }
        #expect(throws: (any Error).self) { try AnalyzeCommand.parse(["Samples", "--show", "everything"]) }
        #expect(throws: (any Error).self) { try AnalyzeCommand.parse(["Samples", "--show", "sources", "--json", "-"]) }
        let message = AnalyzeCommand.message(for: ValidationError("--jobs must be at least 1"))
        #expect(message.contains("--jobs"))
        let parsed = try? AnalyzeCommand.parse(["Samples", "--json", "-", "--no-db"])
        #expect(parsed?.json == "-")
        #expect(parsed?.noDatabase == true)
        #expect(parsed?.maxFileSize == 20)
        #expect(parsed?.semantic == false)
        #expect(throws: (any Error).self) { try EmbedCommand.parse(["--batch-size", "0"]) }
        #expect(throws: (any Error).self) { try BenchEncoderCommand.parse(["--batch-sizes", "32,x"]) }
        #expect(throws: (any Error).self) { try SearchCommand.parse(["--semantic"]) }
        #expect(throws: (any Error).self) { try BenchHostileCommand.parse(["--scale", "0"]) }
        #expect(throws: (any Error).self) { try BenchHostileCommand.parse(["--repeat", "11"]) }
    }

    @Test func serveRefusesToExposeTheCorpusWithoutAToken() throws {
        // Listening beyond this machine needs a token; the refusal says how to give one.
        do {
            _ = try ServeCommand.parse(["--host", "0.0.0.0", "--token", ""])
            Issue.record("parsed without a token")
        } catch {
            #expect(ServeCommand.message(for: error).contains("--token"))
        }
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--token", "short"]) }
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--max-upload-mb", "0"]) }
        let served = try ServeCommand.parse(["--host", "0.0.0.0", "--token", String(repeating: "t", count: 24), "--port", "9000"])
        #expect(served.serverConfiguration.port == 9000)
        #expect(served.serverConfiguration.token?.count == 24)
        #expect(try ServeCommand.parse([]).serverConfiguration.host == "127.0.0.1")
    }
}

@Suite struct ServeOptionsTests {
    @Test func serveHelpShowsItsLimitsWithTheirDefaults() {
        let help = ServeCommand.helpMessage()
        // Each option's entry: from its name at the start of a line to the next option's.
        let entries = help.components(separatedBy: "\n  --").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        for (option, value) in [
            ("header-timeout", "10.0"), ("idle-timeout", "30.0"), ("max-connections", "512"), ("upload-queue", "32"),
            ("search-timeout", "2.0"), ("search-limit", "1000"), ("concurrent-searches", "2"),
        ] {
            let entry = entries.first { $0.hasPrefix(option + " ") }
            #expect(entry?.contains("(default: \(value))") == true, "\(option): \(entry ?? "missing")")
        }
        #expect(help.contains("--read-only"))
    }

    @Test func theLimitsReachTheServerConfiguration() throws {
        let serve = try ServeCommand.parse([
            "--header-timeout", "2.5", "--idle-timeout", "40", "--max-connections", "64", "--upload-queue", "3", "--search-timeout", "0.5",
            "--search-limit", "300", "--concurrent-searches", "1",
        ])
        let configuration = serve.serverConfiguration
        #expect(configuration.headerTimeout == .milliseconds(2500))
        #expect(configuration.idleTimeout == .seconds(40))
        #expect(configuration.maxConnections == 64 && configuration.uploadQueueCapacity == 3)
        #expect(configuration.searchTimeout == .milliseconds(500) && configuration.searchResultCap == 300)
        #expect(configuration.concurrentSearches == 1)
        for bad in [["--header-timeout", "0"], ["--idle-timeout", "-1"], ["--search-timeout", "nan"], ["--max-connections", "1"], ["--upload-queue", "0"]] {
            #expect(throws: (any Error).self, "\(bad)") { try ServeCommand.parse(bad) }
        }
    }

    @Test func aTokenWithSpacesIsRefusedWithWhatToDo() {
        do {
            _ = try ServeCommand.parse(["--token", String(repeating: " ", count: 16)])
            Issue.record("a token of spaces was accepted")
        } catch {
            let message = ServeCommand.message(for: error)
            #expect(message.contains("white space") && message.contains("openssl rand -hex"), "\(message)")
        }
    }

    @Test func readOnlyIsAskedForOrFollowsTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claimtrace-serve-\(UUID().uuidString).sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ServeCommand.parse(["--db", path]).access == .readWrite)
        #expect(try ServeCommand.parse(["--db", path, "--read-only"]).access == .readOnly)
    }
}

@Suite struct SourcesTableTests {
    @Test func theTableListsEachStatementWithItsKind() throws {
        let doc = try ClaimTrace.Pipeline().analyze(
            ClaimTrace.Document(
                id: "t.txt", source: "t.txt", format: .text,
                text: "Barrels at the border\n\nBy Jane Roe\n\nBarrels crossed the border, sources in the region say. “We have proof,” the minister said."))
        let lines = SourcesTable(doc).text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "== t.txt — Barrels at the border")
        #expect(lines[1] == "   by Jane Roe")
        #expect(lines[2].hasPrefix("   anonymous    sources in the region"))
        #expect(lines[2].hasSuffix("Barrels crossed the border"))
        #expect(lines[3].hasPrefix("   named        the minister"))
    }
}
