import ArgumentParser
import ClaimTrace
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: throughput of the per-document stages, near-duplicate detection, time on hostile inputs; fuzzing of analyze.",
        subcommands: [
            BenchReadCommand.self, BenchPipelineCommand.self, BenchDuplicatesCommand.self, BenchEncoderCommand.self,
            BenchHostileCommand.self, BenchFuzzCommand.self, BenchWARCCommand.self, BenchCharsetCommand.self,
        ],
        defaultSubcommand: BenchReadCommand.self
    )
}

struct BenchReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Measure reading + cleaning + segmentation throughput on a generated corpus.",
        discussion: """
            Writes N generated articles (.txt) to a temporary folder, then times reading,
            boilerplate detection, metadata extraction, sentence splitting and date finding over
            them, with one thread and with --jobs threads. Build with -c release for real numbers.

            Example:
              swift run -c release claimtrace bench read --docs 20000
            """
    )

    @Option(name: .long, help: "Number of articles to generate.")
    var docs: Int = 5000

    @Option(name: .long, help: "Threads for the parallel run (default: one per core).")
    var jobs: Int = Pipeline.defaultJobs

    @Option(name: .long, help: "Paragraphs per generated article.")
    var paragraphs: Int = 8

    func validate() throws {
        if docs < 1 { throw ValidationError("--docs must be at least 1") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("claimtrace-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = SyntheticCorpus()
        var totalBytes = 0
        for i in 0..<docs {
            let text = corpus.article(i, paragraphs: paragraphs)
            totalBytes += text.utf8.count
            try Data(text.utf8).write(to: folder.appendingPathComponent(String(format: "article-%06d.txt", i)))
        }
        let files = InputCollector().collect([folder.path]).files
        let megabytes = Double(totalBytes) / 1_000_000
        print(String(format: "corpus: %d articles, %.1f MB (generated)", docs, megabytes))

        // Each stage alone, one thread, over the documents in memory.
        let reader = DocumentReader()
        let documents = files.flatMap { reader.read($0).documents }
        let pipeline = Pipeline()
        var timings: [(String, Double)] = []
        func time(_ name: String, _ body: () throws -> Void) rethrows {
            let start = Date()
            try body()
            timings.append((name, Date().timeIntervalSince(start)))
        }
        var paragraphs: [[TextRange]] = []
        var excluded: [[ExcludedRegion]] = []
        time("read (decode, files)") { for file in files { _ = reader.read(file) } }
        time("paragraphs") { paragraphs = documents.map { pipeline.paragraphs.split($0.text) } }
        var blocks: [ParagraphBlocks] = []
        time("blocks (line shape, shared)") {
            blocks = documents.indices.map {
                ParagraphBlocks(documents[$0].text, paragraphs: paragraphs[$0], hints: documents[$0].hints)
            }
        }
        time("boilerplate") {
            excluded = documents.indices.map {
                pipeline.boilerplate.detect(
                    documents[$0].text, paragraphs: paragraphs[$0], blocks: blocks[$0], hints: documents[$0].hints)
            }
        }
        time("metadata") {
            for i in documents.indices {
                _ = pipeline.metadata.extract(
                    documents[i].text, paragraphs: paragraphs[i], excluded: excluded[i], hints: documents[i].hints,
                    blocks: blocks[i])
            }
        }
        try time("sentences") {
            for i in documents.indices {
                _ = try pipeline.sentences.split(documents[i].text, paragraphs: paragraphs[i], excluded: excluded[i])
            }
        }
        time("dates") { for d in documents { _ = DateExpressions.find(in: d.text) } }
        time("tokens (not in the pipeline)") { for d in documents { _ = Tokenizer().tokens(d.text) } }
        for (name, seconds) in timings {
            let label = name.padding(toLength: 30, withPad: " ", startingAt: 0)
            print("  stage \(label)" + String(format: "%7.3f s  %7.1f MB/s", seconds, megabytes / seconds))
        }

        for threads in Set([1, jobs]).sorted() {
            let runner = CorpusRunner(batchSize: 256, jobs: threads)
            var documents = 0
            var sentences = 0
            let start = Date()
            try runner.run(files) { batch in
                documents += batch.documents.count
                sentences += batch.documents.reduce(0) { $0 + $1.sentences.count }
            }
            let seconds = Date().timeIntervalSince(start)
            print(
                String(
                    format: "read+clean+segment, %d thread%@: %.2f s, %.0f docs/s, %.1f MB/s (%.1f MB/s per thread), %d sentences",
                    threads, threads == 1 ? "" : "s", seconds, Double(documents) / seconds, megabytes / seconds,
                    megabytes / seconds / Double(threads), sentences))
        }
    }
}
