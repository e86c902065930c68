import ArgumentParser
import Testing

@testable import claimtrace

@Suite struct CommandTests {
    @Test(arguments: [
        ("analyze", AnalyzeCommand.helpMessage()),
        ("search", SearchCommand.helpMessage()),
        ("bench", BenchCommand.helpMessage()),
    ])
    func everyCommandsHelpHasAnExample(name: String, help: String) {
        #expect(help.contains("Example"))
        #expect(help.contains("claimtrace \(name)"))
    }

    @Test func analyzeHelpNamesItsOptions() {
        let help = AnalyzeCommand.helpMessage()
        for option in ["--json", "--db", "--no-db", "--max-file-size", "--jobs", "--batch-size"] {
            #expect(help.contains(option), "\(option)")
        }
    }

    @Test func badArgumentsAreRefusedWithAReason() {
        #expect(throws: (any Error).self) { try AnalyzeCommand.parse([]) }
        #expect(throws: (any Error).self) { try AnalyzeCommand.parse(["Samples", "--max-file-size", "0"]) }
        #expect(throws: (any Error).self) { try AnalyzeCommand.parse(["Samples", "--jobs", "0"]) }
        #expect(throws: (any Error).self) { try AnalyzeCommand.parse(["Samples", "--db", "-"]) }
        let message = AnalyzeCommand.message(for: ValidationError("--jobs must be at least 1"))
        #expect(message.contains("--jobs"))
        let parsed = try? AnalyzeCommand.parse(["Samples", "--json", "-", "--no-db"])
        #expect(parsed?.json == "-")
        #expect(parsed?.noDatabase == true)
        #expect(parsed?.maxFileSize == 20)
    }
}
