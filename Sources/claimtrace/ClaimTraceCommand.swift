import ArgumentParser

@main
struct ClaimTraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claimtrace",
        abstract: "Show what a corpus of news articles claims, who says so, and where it comes from.",
        discussion: """
            Example:
              claimtrace analyze Samples --json report.json
              claimtrace search --db claimtrace.sqlite "waste barrels"
              claimtrace serve --db claimtrace.sqlite
            """,
        version: "0.1.0",
        subcommands: [
            AnalyzeCommand.self, SearchCommand.self, ServeCommand.self, EmbedCommand.self, ModelCommand.self, EvalCommand.self,
            TrainCommand.self, BenchCommand.self,
        ],
        defaultSubcommand: nil
    )
}
