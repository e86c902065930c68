import Foundation

/// Reads and analyses a list of input files in batches, concurrently within each batch.
///
/// Batches keep memory bounded: the caller stores or writes each batch and may drop it.
public struct CorpusRunner: Sendable {
    public let reader: DocumentReader
    public let pipeline: Pipeline
    public let batchSize: Int
    public let jobs: Int

    public init(
        reader: DocumentReader = DocumentReader(), pipeline: Pipeline = Pipeline(), batchSize: Int = 128,
        jobs: Int = Pipeline.defaultJobs
    ) {
        self.reader = reader
        self.pipeline = pipeline
        self.batchSize = max(1, batchSize)
        self.jobs = max(1, jobs)
    }

    /// One batch's results.
    public struct Batch: Sendable {
        public var documents: [AnalyzedDocument]
        public var issues: [ReadIssue]
        /// Problems with inputs that were read all the same (a JSONL field of the wrong type).
        public var warnings: [ReadIssue]
        /// Files done so far, this batch included.
        public var filesDone: Int
        /// Bytes read in this batch.
        public var bytes: Int
        /// For each document, whether its stored analysis was taken instead of analysing it
        /// (then the store already holds it exactly so).
        public var reusedFlags: [Bool]
        /// Documents of this batch whose stored analysis was taken.
        public var reused: Int { reusedFlags.count { $0 } }
        /// The documents that were analysed, not taken from the store.
        public var analyzed: [AnalyzedDocument] { zip(documents, reusedFlags).filter { !$0.1 }.map(\.0) }
    }

    /// Runs every file through reading and the per-document stages, handing each batch to
    /// `onBatch` in input order. With `reuse`, a document whose analysis an earlier run stored
    /// (same text, metadata and build) takes that analysis instead of being analysed again.
    /// - Complexity: O(total input size).
    public func run(_ files: [InputFile], reuse: (any AnalysisCache)? = nil, onBatch: (Batch) throws -> Void) throws {
        var done = 0
        var ids = UniqueIds()
        while done < files.count {
            let slice = Array(files[done..<min(files.count, done + batchSize)])
            let reader = self.reader
            let results = try parallelMap(slice.count, jobs: jobs) { reader.read(slice[$0]) }
            let documents = results.flatMap(\.documents).map { ids.claim($0) }
            let stored = try reuse?.storedAnalyses(documents) ?? []
            let pipeline = self.pipeline
            let analyzed = try parallelMap(documents.count, jobs: jobs) { k -> (AnalyzedDocument, Bool) in
                if k < stored.count, let bytes = stored[k], let reused = try? StoredAnalysis.decode(bytes, document: documents[k]) {
                    return (reused, true)
                }
                return (try pipeline.analyze(documents[k]), false)
            }
            done += slice.count
            try onBatch(
                Batch(
                    documents: analyzed.map(\.0), issues: results.flatMap(\.issues), warnings: results.flatMap(\.warnings),
                    filesDone: done, bytes: results.reduce(0) { $0 + $1.byteCount }, reusedFlags: analyzed.map(\.1)))
        }
    }
}

/// Where the analyses of earlier runs are kept (the store).
public protocol AnalysisCache: Sendable {
    /// For each document, the bytes of its stored analysis (see ``StoredAnalysis``) when they
    /// still hold for it, else nil.
    func storedAnalyses(_ documents: [Document]) throws -> [[UInt8]?]
}

/// Keeps document ids unique across a whole run: a document whose id an earlier one of the run
/// already has (the same JSONL id in two files, a record id equal to a file's) is renamed
/// `id#2`, `id#3`, ..., with a warning, as a repeated id within one JSONL file already is.
/// Files are read in sorted order, so the renaming is the same in every run of the same inputs.
struct UniqueIds {
    private var used = Set<String>()

    mutating func claim(_ document: Document) -> Document {
        guard used.contains(document.id) else {
            used.insert(document.id)
            return document
        }
        var renamed = document
        var n = 2
        while used.contains("\(document.id)#\(n)") { n += 1 }
        renamed.id = "\(document.id)#\(n)"
        renamed.warnings.append(
            "the id \"\(document.id)\" is already used by an earlier input of this run; kept as \"\(renamed.id)\"")
        used.insert(renamed.id)
        return renamed
    }
}
