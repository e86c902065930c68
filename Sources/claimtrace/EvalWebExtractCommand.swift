import ArgumentParser
import ClaimTrace
import Foundation

struct EvalWebExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webextract",
        abstract: "Main-text extraction on trafilatura's evaluation set: snippet precision, recall, F1 and speed.",
        discussion: """
            Reads each page of evaldata.json as 'analyze' reads an HTML file (same decoding,
            same reader) and runs the stages that mark site furniture (paragraphs and
            boilerplate, not the later ones). The main text is the page's text minus its
            excluded regions, white space normalised; a snippet counts as found when its
            normalised text is a substring of it. Precision = with-snippets found / all
            snippets found; recall = with-snippets found / all with-snippets; F1 over all
            snippets (micro). The seconds and pages/s are those of reading and extraction on
            one thread. --half even|odd scores every other page in the file's order (thresholds
            are tuned on the even half; the odd half shows overfitting).

            Example:
              claimtrace eval webextract --data ../shared/eval/webextract
              claimtrace eval webextract --data ../shared/eval/webextract --misses 20 --half odd
            """
    )

    @Option(name: .long, help: ArgumentHelp("The set's folder (holding evaldata.json and pages/).", valueName: "dir"))
    var data: String

    @Option(name: .long, help: "Score only the first N pages (after --half).")
    var limit: Int?

    @Option(name: .long, help: "Which pages: all, even or odd (by index in evaldata.json).")
    var half: String = "all"

    @Option(name: .long, help: "Print the N worst pages: missed with-snippets (and the region kind that removed each) and kept without-snippets.")
    var misses: Int = 0

    @Option(name: .customLong("min-f1"), help: "Exit with status 1 when F1 is below this (for CI).")
    var minimumF1: Double?

    @Option(name: .customLong("min-precision"), help: "Exit with status 1 when precision is below this (for CI).")
    var minimumPrecision: Double?

    @Option(name: .customLong("min-recall"), help: "Exit with status 1 when recall is below this (for CI).")
    var minimumRecall: Double?

    func validate() throws {
        guard ["all", "even", "odd"].contains(half) else { throw ValidationError("--half must be all, even or odd") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if misses < 0 { throw ValidationError("--misses must be 0 or more") }
    }

    func run() throws {
        var pages: [WebExtract.Page]
        do {
            pages = try WebExtract.read(data)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        if half != "all" {
            let parity = half == "even" ? 0 : 1
            pages = pages.enumerated().filter { $0.offset % 2 == parity }.map(\.element)
        }
        if let limit { pages = Array(pages.prefix(limit)) }
        let reader = DocumentReader()
        let splitter = ParagraphSplitter()
        let boilerplate = BoilerplateDetector()
        let folder = (data as NSString).appendingPathComponent("pages")
        var scores: [WebExtract.PageScore] = []
        var seconds = 0.0
        var unreadable = 0
        var noArticle = 0
        for page in pages {
            let path = (folder as NSString).appendingPathComponent(page.file)
            let start = Date()
            let result = reader.read(InputFile(path: path, id: page.file, format: .html))
            guard let document = result.documents.first else {
                unreadable += 1
                Console.error("\(path): \(result.issues.map(\.reason).joined(separator: "; "))")
                scores.append(WebExtract.score(page, text: "", excluded: [], warnings: []))
                continue
            }
            let paragraphs = splitter.split(document.text)
            let blocks = ParagraphBlocks(document.text, paragraphs: paragraphs, hints: document.hints)
            let excluded = boilerplate.detect(document.text, paragraphs: paragraphs, blocks: blocks, hints: document.hints)
            seconds += Date().timeIntervalSince(start)
            if document.warnings.contains(where: { $0.hasPrefix("no article text found") }) { noArticle += 1 }
            scores.append(WebExtract.score(page, text: document.text, excluded: excluded, warnings: document.warnings))
        }
        let totals = WebExtract.Totals(scores)
        if misses > 0 {
            let worst = scores.filter { s in s.foundWith.contains(false) || s.foundWithout.contains(true) }
                .sorted { a, b in
                    let ea = a.foundWith.filter { !$0 }.count + a.foundWithout.filter { $0 }.count
                    let eb = b.foundWith.filter { !$0 }.count + b.foundWithout.filter { $0 }.count
                    return ea != eb ? ea > eb : a.page.file < b.page.file
                }
            for s in worst.prefix(misses) {
                print(s.page.file + "  " + s.page.url)
                for (i, snippet) in s.page.with.enumerated() where !s.foundWith[i] {
                    print("  missed [\(s.missedBy[i] ?? "?")]: \(snippet.prefix(100))")
                }
                for (i, snippet) in s.page.without.enumerated() where s.foundWithout[i] {
                    print("  kept: \(snippet.prefix(100))")
                }
            }
            var byKind: [String: Int] = [:]
            for s in scores { for kind in s.missedBy.compactMap({ $0 }) { byKind[kind, default: 0] += 1 } }
            print("missed with-snippets by what removed them: "
                + byKind.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            print("")
        }
        print("webextract (\(half)): \(totals.pages) pages, \(totals.withAll) with-snippets, \(totals.withoutAll) without-snippets")
        print(String(format: "precision %.4f  recall %.4f  F1 %.4f", totals.precision, totals.recall, totals.f1))
        print(String(format: "extraction: %.2f s, %.1f pages/s (one thread, reading included)", seconds, Double(totals.pages) / max(seconds, 1e-9)))
        if noArticle > 0 { print("\(noArticle) page\(noArticle == 1 ? "" : "s") with no article text found") }
        if unreadable > 0 { print("\(unreadable) page\(unreadable == 1 ? "" : "s") could not be read") }
        try Console.checkBaselines([
            ("webextract F1", totals.f1, minimumF1),
            ("webextract precision", totals.precision, minimumPrecision),
            ("webextract recall", totals.recall, minimumRecall),
        ])
    }
}
