import ArgumentParser
import ClaimTrace
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct BenchHostileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hostile",
        abstract: "Time the analysis of hostile inputs at three sizes; fail when one grows faster than linearly.",
        discussion: """
            Generates inputs shaped to make a scanner slow (unmatched quotation marks of every
            kind, thousands of attributes on one element, deep nesting, one huge line, one
            huge sentence, "said said said", lone CRs, combining marks and ZWJ sequences, ...),
            each at a base size and at 10 and 100 times it, and runs each through what
            `analyze` does with such a file: the reader for its format, every per-document
            stage and the corpus stages. For each it prints the seconds at each size (the
            fastest of up to --repeat runs, fewer once a size has taken a quarter of a second:
            a shared machine's slow moments only ever add time) and how much the time grew
            over each tenfold step, after subtracting the time of a one-word document. Linear work grows about 10 times a step, n log n 12 to 13,
            quadratic work 100 times; a step over 25 (confirmed by timing the pattern again)
            marks the pattern SUPERLINEAR and the command exits with status 1. A step whose larger time is under 4 ms is not judged
            ("-"); a largest size that the smaller ones predict to take over a minute is not
            run. Base sizes suit a debug build (the whole run takes about 20 seconds there);
            --scale 10 or more tests a release build as hard.

            Examples:
              swift run claimtrace bench hostile
              claimtrace bench hostile --scale 4 --only quote
            """
    )

    @Option(name: .long, help: "Multiply every size by this.")
    var scale: Double = 1

    @Option(name: .long, help: "Most runs at each size (fewer once a size has taken a quarter of a second); the fastest is reported.")
    var `repeat`: Int = 3

    @Option(name: .long, help: ArgumentHelp("Only the patterns whose name contains this text.", valueName: "text"))
    var only: String?

    /// Seconds a largest size may be expected to take; a pattern whose smaller sizes predict
    /// more is not run at it (and fails when its growth was already superlinear).
    static let longestRun = 60.0

    func validate() throws {
        guard scale > 0, scale <= 1000 else { throw ValidationError("--scale takes a number above 0 and at most 1000") }
        guard (1...10).contains(self.repeat) else { throw ValidationError("--repeat takes a number from 1 to 10") }
    }

    /// The sizes of an input in bytes: its base (times --scale) and 10 and 100 times that.
    func sizes(_ input: HostileInput) -> [Int] { [1, 10, 100].map { max(1, Int((Double(input.base) * scale * Double($0)).rounded())) } }

    func run() throws {
        let inputs = HostileInput.all.filter { only == nil || $0.name.localizedCaseInsensitiveContains(only!) }
        guard !inputs.isEmpty else {
            Console.error("no hostile pattern's name contains “\(only ?? "")”")
            throw ExitCode(2)
        }
        let check = GrowthCheck()
        let pipeline = Pipeline()
        let reader = DocumentReader()
        // The fixed cost of one document of each format, fastest of a few runs.
        var overheads: [SourceFormat: Double] = [:]
        for input in inputs where overheads[input.format] == nil {
            overheads[input.format] = try fastest(of: 5) { try analyze(input.minimal, input, pipeline, reader) }
        }
        let started = Date()
        print("pattern".padding(toLength: 38, withPad: " ", startingAt: 0) + String(repeating: "     size   seconds   ×10", count: 3))
        var failed: [String] = []
        for input in inputs {
            let overhead = overheads[input.format] ?? 0
            var seconds: [Double] = []
            var note = ""
            for (k, size) in sizes(input).enumerated() {
                // A size that the smaller ones predict to take too long is not run.
                if k == 2, let ratio = check.ratios(seconds, overhead: overhead).last ?? nil {
                    let predicted = (seconds[1] - overhead) * max(ratio, 10) + overhead
                    if predicted > Self.longestRun {
                        note = String(format: "  (largest size not run: about %.0f s)", predicted)
                        break
                    }
                }
                let content = input.content(bytes: size).bytes
                seconds.append(try fastest(of: self.repeat, budget: 0.25) { try analyze(content, input, pipeline, reader) })
            }
            // A slow moment of the machine during one run can pass for growth: a pattern that
            // seems superlinear has its sizes timed again (fastest of all runs kept) before it fails.
            if check.isSuperlinear(seconds, overhead: overhead), note.isEmpty {
                for (k, size) in sizes(input).enumerated() {
                    let content = input.content(bytes: size).bytes
                    seconds[k] = min(seconds[k], try fastest(of: 2) { try analyze(content, input, pipeline, reader) })
                }
            }
            let ratios = [nil] + check.ratios(seconds, overhead: overhead)
            let superlinear = check.isSuperlinear(seconds, overhead: overhead)
            if superlinear { failed.append(input.name) }
            var cells = ""
            for (k, size) in sizes(input).enumerated() {
                cells += Self.right(Self.describe(bytes: size), 9)
                cells += k < seconds.count ? String(format: " %9.4f", seconds[k]) : Self.right("-", 10)
                cells += Self.right(k < seconds.count ? ratios[k].map { String(format: "%.1f", $0) } ?? "-" : "-", 6)
            }
            print(input.name.padding(toLength: 38, withPad: " ", startingAt: 0) + cells + (superlinear ? "  SUPERLINEAR" : "") + note)
            fflush(nil)
        }
        print(
            String(
                format: "%d patterns in %.1f s; ×10: growth over each tenfold step after the cost of a one-word document (%@)",
                inputs.count, Date().timeIntervalSince(started),
                overheads.sorted { $0.key.rawValue < $1.key.rawValue }.map { String(format: "%@ %.4f s", $0.key.rawValue, $0.value) }
                    .joined(separator: ", ")))
        if !failed.isEmpty {
            Console.error("superlinear (a tenfold step over \(Int(check.maxRatio))x): \(failed.joined(separator: "; "))")
            throw ExitCode(1)
        }
    }

    /// Reads `content` as a file of the input's format and analyses it as `analyze` does: the
    /// per-document stages, then the corpus stages over its documents.
    func analyze(_ content: [UInt8], _ input: HostileInput, _ pipeline: Pipeline, _ reader: DocumentReader) throws {
        let file = InputFile(path: "hostile.\(input.format.rawValue)", id: "hostile.\(input.format.rawValue)", format: input.format)
        let read = reader.read(content, as: file)
        let analyzed = try read.documents.map { try pipeline.analyze($0) }
        _ = CorpusAccumulator.analyze(analyzed)
    }

    /// The fastest of up to `runs` timings of `body`, in seconds; no further run starts once
    /// `budget` seconds have gone (a long run's noise is small beside it).
    func fastest(of runs: Int, budget: Double = .infinity, _ body: () throws -> Void) throws -> Double {
        var best = Double.infinity
        var spent = 0.0
        for _ in 0..<runs where spent < budget {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = min(best, seconds)
            spent += seconds
        }
        return best
    }

    /// `text` right-aligned in `width` columns.
    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func describe(bytes: Int) -> String {
        bytes >= 10_000_000 ? String(format: "%.0f MB", Double(bytes) / 1e6)
            : bytes >= 10_000 ? String(format: "%.0f KB", Double(bytes) / 1e3)
            : bytes >= 1_000 ? String(format: "%.1f KB", Double(bytes) / 1e3) : "\(bytes) B"
    }
}
