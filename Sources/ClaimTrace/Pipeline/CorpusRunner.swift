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
        /// Files done so far, this batch included.
        public var filesDone: Int
        /// Bytes read in this batch.
        public var bytes: Int
    }

    /// Runs every file through reading and the per-document stages, handing each batch to
    /// `onBatch` in input order.
    /// - Complexity: O(total input size).
    public func run(_ files: [InputFile], onBatch: (Batch) throws -> Void) throws {
        var done = 0
        while done < files.count {
            let slice = Array(files[done..<min(files.count, done + batchSize)])
            let reader = self.reader
            let results = try parallelMap(slice.count, jobs: jobs) { reader.read(slice[$0]) }
            let documents = results.flatMap(\.documents)
            let analyzed = try pipeline.analyze(documents, jobs: jobs)
            done += slice.count
            try onBatch(
                Batch(
                    documents: analyzed, issues: results.flatMap(\.issues), filesDone: done,
                    bytes: results.reduce(0) { $0 + $1.byteCount }))
        }
    }
}
