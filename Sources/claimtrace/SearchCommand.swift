import ArgumentParser
import ClaimTraceStore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search over the stored documents (titles and texts).",
        discussion: """
            Every word must occur (in any form SQLite's unicode61 tokenizer folds together:
            case and accents are ignored). Matches are shown between [ and ].

            Example:
              claimtrace search --db claimtrace.sqlite waste barrels
            """
    )

    @Argument(help: "Words to search for.")
    var words: [String]

    @Option(name: .long, help: ArgumentHelp("The database written by 'claimtrace analyze'.", valueName: "file"))
    var db: String = "claimtrace.sqlite"

    @Option(name: .long, help: "Show at most this many documents.")
    var limit: Int = 20

    func validate() throws {
        if words.isEmpty { throw ValidationError("give at least one word to search for") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let store: ClaimTraceStore
        do {
            store = try ClaimTraceStore(path: db)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        let hits = try store.search(words.joined(separator: " "), limit: limit)
        if hits.isEmpty {
            Console.error("no document in \(db) contains all of: \(words.joined(separator: " "))")
            throw ExitCode(1)
        }
        for hit in hits {
            print("\(hit.documentId)\t\(hit.title ?? "(untitled)")")
            print("    \(hit.snippet.split(whereSeparator: \.isNewline).joined(separator: " "))")
        }
    }
}
