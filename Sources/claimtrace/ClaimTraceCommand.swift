import ArgumentParser

@main
struct ClaimTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claimtrace",
        abstract: "Show what a corpus of news articles claims, who says so, and where it comes from.",
        discussion: """
            Example:
              claimtrace analyze Samples --json report.json
              claimtrace search --db claimtrace.sqlite "waste barrels"
            """,
        version: "0.1.0",
        subcommands: [
            AnalyzeCommand.self, SearchCommand.self, EmbedCommand.self, ModelCommand.self, EvalCommand.self,
            TrainCommand.self, BenchCommand.self,
        ],
        defaultSubcommand: nil
    )
}
