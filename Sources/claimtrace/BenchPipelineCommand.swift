import ArgumentParser
import ClaimTrace
import ClaimTraceReport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct BenchPipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Time the whole analysis (all per-document and corpus stages) at growing corpus sizes.",
        discussion: """
            For each size, generates that many news-like articles batch by batch (as a run reads
            files), runs every per-document stage on all cores and then the corpus stages
            (entities, claims, findings, near-duplicates), writes the JSON report's corpus
            sections out (to nowhere), and prints articles per second, the time ratio to the
            previous size (2.0 is linear when sizes double), the process's peak memory and the
            corpus stages' share of the time, then under it that share stage by stage
            (entities, copies, claims, figures, and writing the report's corpus sections).
            With --repeat N, each size runs N times and the fastest run is reported (all N
            times are listed under it): the machine's slow moments only ever add time, so the
            fastest is the truest measure of the work.

            With --write, generates the largest size's articles into a folder as text files
            instead, so that `claimtrace analyze` can be timed on them, or two builds' reports
            compared.

            Examples:
              swift run -c release claimtrace bench pipeline --sizes 1000,2000,4000,8000
              claimtrace bench pipeline --sizes 8000,16000 --repeat 3
              claimtrace bench pipeline --sizes 20000 --write /tmp/news && claimtrace analyze /tmp/news --no-db --json out.json
            """
    )

    @Option(name: .long, parsing: .unconditional, help: "Corpus sizes, comma-separated.")
    var sizes: String = "1000,2000,4000,8000"

    func validate() throws {
        guard !parsedSizes.isEmpty, parsedSizes.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--sizes takes positive numbers separated by commas, e.g. 1000,2000,4000")
        }
        guard (1...10).contains(self.repeat) else { throw ValidationError("--repeat takes a number from 1 to 10") }
    }

    @Option(name: .long, help: "Runs at each size; the fastest is reported (a shared machine's slow moments only add time).")
    var `repeat`: Int = 1

    @Option(name: .long, help: ArgumentHelp("Write the articles to this folder as text files instead of timing.", valueName: "dir"))
    var write: String?

    var parsedSizes: [Int] { sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func run() throws {
        let corpus = SyntheticCorpus(seed: 5)
        if let write {
            let size = parsedSizes.max()!
            do {
                try FileManager.default.createDirectory(atPath: write, withIntermediateDirectories: true)
                for i in 0..<size {
                    let path = write + String(format: "/a%07d.txt", i)
                    try Data(corpus.article(i, varied: true).utf8).write(to: URL(fileURLWithPath: path))
                }
            } catch {
                Console.error("\(write): cannot write the articles (\(error.localizedDescription))")
                throw ExitCode(2)
            }
            Console.error("wrote \(size) articles to \(write)/")
            return
        }
        let pipeline = Pipeline()
        var previous: Double?
        print("articles   MB      seconds   articles/s   ratio   peak MB   corpus stages")
        for size in parsedSizes {
            // The fastest of `repeat` runs: a shared machine's slow moments only ever add time.
            var best: Run?
            var all: [Double] = []
            for _ in 0..<self.repeat {
                let run = try measure(size, pipeline: pipeline, corpus: corpus)
                all.append(run.seconds)
                if best == nil || run.seconds < best!.seconds { best = run }
            }
            let run = best!
            let ratio = previous.map { run.seconds / $0 }
            previous = run.seconds
            print(
                String(
                    format: "%8d %6.1f %10.2f %12.0f %7@ %9.0f %9.2f s", size, run.megabytes, run.seconds, Double(size) / run.seconds,
                    ratio.map { String(format: "%.2f", $0) } ?? "-", Self.peakMegabytes(), run.corpusSeconds),
                "(\(run.entities) entities, \(run.claims) claims, \(run.findings) findings, \(run.copies) copies;",
                String(format: "%.1f MB of JSON)", Double(run.reportBytes) / 1_000_000))
            print(
                String(repeating: " ", count: 61) + "= "
                    + run.stageSeconds.map { String(format: "%@ %.2f", $0.0, $0.1) }.joined(separator: " + "))
            if all.count > 1 { print(String(repeating: " ", count: 61) + "runs: " + all.map { String(format: "%.2f s", $0) }.joined(separator: ", ")) }
            // A line at a time, so that a long run can be followed (stdout to a file is
            // otherwise buffered until the end).
            fflush(nil)
        }
    }

    /// What one run at one size took and found.
    struct Run {
        var megabytes = 0.0
        var seconds = 0.0
        var corpusSeconds = 0.0
        var stageSeconds: [(String, Double)] = []
        var entities = 0, claims = 0, findings = 0, copies = 0, reportBytes = 0
    }

    /// Analyses `size` generated articles and runs the corpus stages over them.
    func measure(_ size: Int, pipeline: Pipeline, corpus: SyntheticCorpus) throws -> Run {
        // Articles are generated batch by batch, as a run reads files: memory holds one
        // batch of documents and the compact per-document results the corpus stages keep.
        var run = Run()
        let start = Date()
        var accumulator = CorpusAccumulator()
        var index = 0
        while index < size {
            let batch = (index..<min(size, index + 256)).map { i in
                Document(id: "a\(i)", source: "a\(i)", format: .text, text: corpus.article(i, varied: true))
            }
            run.megabytes += Double(batch.reduce(0) { $0 + $1.text.utf8.count }) / 1_000_000
            accumulator.add(try pipeline.analyze(batch))
            index += batch.count
        }
        let corpusStart = Date()
        // When each stage began, and writing: a stage's seconds run to the next one's start,
        // so that a size whose corpus stages grow faster than the corpus shows which stage does.
        var began: [(String, Date)] = []
        let results = accumulator.finish { began.append(($0.rawValue, Date())) }
        Console.warnAboutTemporaryFiles()
        // The corpus sections written out as `analyze --json` writes them (to nowhere), so
        // that the time and memory of writing every record out are counted too.
        began.append(("writing", Date()))
        var stream = JSONReport.Stream()
        var reportBytes = stream.header().count
        try stream.footer(rejected: [], corpus: results) { reportBytes += $0.count }
        let end = Date()
        run.stageSeconds = zip(began, began.dropFirst().map(\.1) + [end]).map { stage, next in (stage.0, next.timeIntervalSince(stage.1)) }
        run.corpusSeconds = end.timeIntervalSince(corpusStart)
        run.seconds = end.timeIntervalSince(start)
        (run.entities, run.claims, run.findings, run.copies) = (results.entityCount, results.claimCount, results.findings.count, results.duplicateCount)
        run.reportBytes = reportBytes
        return run
    }

    /// The process's peak resident memory so far.
    static func peakMegabytes() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}
