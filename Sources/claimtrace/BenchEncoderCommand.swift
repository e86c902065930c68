import ArgumentParser
import ClaimTrace
import ClaimTraceEncoder
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct BenchEncoderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoder",
        abstract: "Sentence encoder throughput (sentences/s, tokens/s, peak memory), optionally beside onnxruntime.",
        discussion: """
            Sentences are the article sentences of --input (default Samples/), split by claimtrace's
            own pipeline. Each configuration (threads × batch size) encodes them in order, pass
            after pass, for at least --seconds seconds after a warm-up batch. Tokenization is
            timed with the model (the onnxruntime script tokenizes before its clock starts).
            With --onnxruntime, scripts/encoder/export_onnx.py exports the same model to ONNX fp32
            and scripts/encoder/bench_onnxruntime.py runs it on the same sentences with the same
            threads; run from the repository root, with numpy, onnx and onnxruntime installed.
            Build with -c release for real numbers.

            Example:
              swift run -c release claimtrace bench encoder --onnxruntime
            """
    )

    @OptionGroup var model: ModelOptions

    @Option(name: .long, help: "Articles whose sentences to encode.")
    var input: String = "Samples"

    @Option(name: .long, help: "Batch sizes, comma-separated.")
    var batchSizes: String = "1,32,128"

    @Option(name: .long, help: "Thread counts, comma-separated.")
    var threads: String = "1,2"

    @Option(name: .long, help: "Least time per configuration, in seconds.")
    var seconds: Double = 5

    @Flag(name: .long, help: "Also run onnxruntime on the same sentences (needs python3 with numpy, onnx, onnxruntime).")
    var onnxruntime = false

    @Option(name: .long, help: ArgumentHelp("Write the benchmark sentences here, one per line.", valueName: "file"))
    var writeSentences: String?

    func parseList(_ text: String, _ name: String) throws -> [Int] {
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces)) ?? 0
        }
        guard !values.isEmpty, values.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--\(name) takes positive integers separated by commas")
        }
        return values
    }

    func validate() throws {
        _ = try parseList(batchSizes, "batch-sizes")
        _ = try parseList(threads, "threads")
        if seconds <= 0 { throw ValidationError("--seconds must be positive") }
    }

    func run() throws {
        guard let encoder = try model.loadEncoder() else {
            Console.error(ModelOptions.semanticOffMessage)
            throw ExitCode(2)
        }
        let sentences = try benchmarkSentences()
        guard !sentences.isEmpty else {
            Console.error("\(input): no sentences to encode")
            throw ExitCode(1)
        }
        let tokenCounts = sentences.map { encoder.tokenizer.encode($0).count }
        let sentenceFile = writeSentences ?? (NSTemporaryDirectory() + "claimtrace-bench-sentences-\(getpid()).txt")
        try Data((sentences.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: sentenceFile))
        defer { if writeSentences == nil { try? FileManager.default.removeItem(atPath: sentenceFile) } }

        Self.emit("model: \(encoder.directory)")
        Self.emit("matrix products: \(SentenceEncoder.blasStatus)")
        Self.emit(
            "sentences: \(sentences.count) from \(input), \(tokenCounts.reduce(0, +)) tokens "
                + String(format: "(mean %.1f per sentence, [CLS] and [SEP] included)", Double(tokenCounts.reduce(0, +)) / Double(sentences.count)))
        var ours: [String: Double] = [:]
        for threadCount in try parseList(threads, "threads") {
            for batch in try parseList(batchSizes, "batch-sizes") {
                _ = encoder.encode(Array(sentences.prefix(batch)), batchSize: batch, threads: threadCount)
                var encoded = 0, tokens = 0
                let start = Date()
                var elapsed = 0.0
                repeat {
                    // One pass in chunks, so that progress is checked often at small batch sizes.
                    let chunk = batch * threadCount * 4
                    var index = 0
                    while index < sentences.count {
                        let end = min(index + chunk, sentences.count)
                        _ = encoder.encode(Array(sentences[index..<end]), batchSize: batch, threads: threadCount)
                        encoded += end - index
                        tokens += tokenCounts[index..<end].reduce(0, +)
                        index = end
                        elapsed = Date().timeIntervalSince(start)
                        if elapsed >= seconds { break }
                    }
                } while elapsed < seconds
                let rate = Double(encoded) / elapsed
                ours["\(threadCount)/\(batch)"] = rate
                Self.emit(
                    String(
                        format: "claimtrace threads=%d batch=%d sentences/s=%.1f tokens/s=%.1f peak_rss_mb=%d",
                        threadCount, batch, rate, Double(tokens) / elapsed, Self.peakResidentMegabytes()))
            }
        }
        guard onnxruntime else { return }
        let onnxFile = NSTemporaryDirectory() + "claimtrace-minilm-\(getpid()).onnx"
        defer { try? FileManager.default.removeItem(atPath: onnxFile) }
        do {
            try ModelLocator.run(
                ["python3", "scripts/encoder/export_onnx.py", "--model", encoder.directory, "--out", onnxFile], echo: true)
            let output = try ModelLocator.run(
                [
                    "python3", "scripts/encoder/bench_onnxruntime.py", "--onnx", onnxFile, "--model", encoder.directory,
                    "--sentences", sentenceFile, "--batch-sizes", batchSizes, "--threads", threads,
                    "--seconds", String(seconds),
                ], echo: true)
            Self.emit(output.trimmingCharacters(in: .newlines))
            // Side by side: our throughput over onnxruntime's, per configuration.
            for line in output.split(separator: "\n") where line.hasPrefix("onnxruntime") && line.contains(" threads=") {
                let name = String(line.prefix { $0 != " " })
                let fields = Dictionary(
                    line.split(separator: " ").dropFirst().compactMap { field -> (String, String)? in
                        let parts = field.split(separator: "=", maxSplits: 1)
                        return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
                    }, uniquingKeysWith: { a, _ in a })
                guard let t = fields["threads"], let b = fields["batch"], let rate = fields["sentences/s"].flatMap(Double.init),
                    let own = ours["\(t)/\(b)"]
                else { continue }
                Self.emit(String(format: "ratio threads=%@ batch=%@ claimtrace/%@=%.2fx", t, b, name, own / rate))
            }
        } catch {
            Console.error("onnxruntime comparison failed: \(error) (run from the repository root; pip install numpy onnx onnxruntime)")
            throw ExitCode(1)
        }
    }

    /// Article sentences of the input, in reading order.
    func benchmarkSentences() throws -> [String] {
        let collected = InputCollector().collect([input])
        guard !collected.files.isEmpty else {
            Console.error("\(input): no readable articles")
            throw ExitCode(1)
        }
        let reader = DocumentReader()
        let documents = collected.files.flatMap { reader.read($0).documents }
        let analyzed = try Pipeline().analyze(documents, jobs: 1)
        return analyzed.flatMap { document in document.sentences.map { SemanticIndex.sentenceText(document, $0) } }
    }

    /// A result line, written at once (stdout to a file is block-buffered otherwise).
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Peak resident memory of this process so far, in MB.
    static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }
}
