import ArgumentParser
import ClaimTraceEncoder
import ClaimTraceStore
import Foundation

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the stored documents: by words (full text), or by meaning (--semantic).",
        discussion: """
            By words: every word must occur (in any form SQLite's unicode61 tokenizer folds
            together: case and accents are ignored). Matches are shown between [ and ].

            By meaning (--semantic): the query is embedded with the sentence model and compared
            with every stored sentence vector (written by 'analyze --semantic');
            the closest sentences are shown with their cosine. The scan reads every vector:
            about 0.2 s per 100,000 sentences.

            Examples:
              claimtrace search --db claimtrace.sqlite waste barrels
              claimtrace search --semantic "the US is moving terrorists to Afghanistan"
            """
    )

    @Argument(help: "Words to search for.")
    var words: [String]

    @Option(name: .long, help: ArgumentHelp("The database written by 'claimtrace analyze'.", valueName: "file"))
    var db: String = "claimtrace.sqlite"

    @Option(name: .long, help: "Show at most this many documents (sentences with --semantic).")
    var limit: Int = 20

    @Flag(name: .long, help: "Search by meaning over stored sentence vectors instead of by words.")
    var semantic = false

    @OptionGroup var model: ModelOptions

    func validate() throws {
        if words.isEmpty { throw ValidationError("give at least one word to search for") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let store: ClaimTraceStore
        guard FileManager.default.fileExists(atPath: db) else {
            Console.error("\(db): no such database; write one with 'claimtrace analyze FOLDER --db \(db)', or give another --db")
            throw ExitCode(2)
        }
        do {
            // Read-only when the file or its folder cannot be written (a read-only filesystem).
            store = try ClaimTraceStore(path: db, access: ClaimTraceStore.access(forPath: db))
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        if semantic { return try searchSemantic(store) }
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

    func searchSemantic(_ store: ClaimTraceStore) throws {
        guard let encoder = try model.loadEncoder() else {
            Console.error("--semantic needs the sentence model: run 'claimtrace model install', or pass --model DIR")
            throw ExitCode(2)
        }
        let stored = try store.sentenceVectorCount(model: encoder.modelID)
        guard stored > 0 else {
            Console.error(
                "\(db) has no sentence vectors of this model; run 'claimtrace analyze --semantic' first")
            throw ExitCode(1)
        }
        let query = words.joined(separator: " ")
        let started = Date()
        let vector = encoder.encode([query])[0]
        let hits = try store.semanticSearch(vector, model: encoder.modelID, limit: limit)
        for hit in hits {
            print(String(format: "%.3f", hit.score) + "\t\(hit.documentId)\t\(hit.title ?? "(untitled)")")
            print("    \(hit.text)")
        }
        Console.error(
            "\(stored) sentences compared in " + String(format: "%.2f s", Date().timeIntervalSince(started)))
    }
}
