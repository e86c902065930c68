import Foundation

/// Reads and analyses a list of input files in batches, concurrently within each batch.
///
/// Batches keep memory bounded: the caller stores or writes each batch and may drop it.
public struct CorpusRunner: Sendable {
    public let reader: DocumentReader
    private let lazyPipeline: LazyPipeline
    public let batchSize: Int
    public let jobs: Int

    /// The per-document stages, loaded (models, lexicons) when first needed: a run whose
    /// documents all have stored analyses never loads them.
    public var pipeline: Pipeline { lazyPipeline.value }

    public init(
        reader: DocumentReader = DocumentReader(), pipeline: @autoclosure @escaping @Sendable () -> Pipeline = Pipeline(),
        batchSize: Int = 128, jobs: Int = Pipeline.defaultJobs
    ) {
        self.reader = reader
        self.lazyPipeline = LazyPipeline(pipeline)
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
        /// Web archive records of this batch passed over on purpose, by reason.
        public var skippedRecords = SkippedRecords()
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
    ///
    /// The next batch is read and analysed on a thread of its own while `onBatch` handles the
    /// current one on the calling thread, so that storing and writing overlap with analysis; at
    /// most two batches wait besides the one being handled. Nothing of the run outlives the call:
    /// when `onBatch` or the analysis throws, the other side stops and the error is rethrown.
    /// - Complexity: O(total input size).
    public func run(_ files: [InputFile], reuse: (any AnalysisCache)? = nil, onBatch: (Batch) throws -> Void) throws {
        let channel = BatchChannel(capacity: 2)
        let producer = Thread { [self] in
            var done = 0
            var ids = UniqueIds()
            do {
                while done < files.count, !channel.isClosed {
                    let end = min(files.count, done + batchSize)
                    channel.put(.success(try batch(Array(files[done..<end]), filesDone: end, ids: &ids, reuse: reuse)))
                    done = end
                }
            } catch {
                channel.put(.failure(error))
            }
            channel.finish()
        }
        producer.stackSize = 16 << 20
        producer.start()
        defer { channel.closeAndWait() }
        while let next = channel.take() {
            try onBatch(try next.get())
        }
    }

    /// Reads, and analyses or takes from `reuse`, one batch of files.
    private func batch(_ slice: [InputFile], filesDone: Int, ids: inout UniqueIds, reuse: (any AnalysisCache)?) throws -> Batch {
        let reader = self.reader
        let results = try parallelMap(slice.count, jobs: jobs) { reader.read(slice[$0]) }
        let documents = results.flatMap(\.documents).map { ids.claim($0) }
        let stored = try reuse?.storedAnalyses(documents) ?? []
        let pipeline = lazyPipeline
        let analyzed = try parallelMap(documents.count, jobs: jobs) { k -> (AnalyzedDocument, Bool) in
            if k < stored.count, let bytes = stored[k], let reused = try? StoredAnalysis.decode(bytes, document: documents[k]) {
                return (reused, true)
            }
            return (try pipeline.value.analyze(documents[k]), false)
        }
        // A stored analysis that did not read back is dropped, so that this run's replaces it.
        let unreadable = documents.indices.filter { $0 < stored.count && stored[$0] != nil && !analyzed[$0].1 }.map { documents[$0].id }
        if !unreadable.isEmpty { try reuse?.discardStoredAnalyses(unreadable) }
        return Batch(
            documents: analyzed.map(\.0), issues: results.flatMap(\.issues), warnings: results.flatMap(\.warnings),
            filesDone: filesDone, bytes: results.reduce(0) { $0 + $1.byteCount },
            skippedRecords: results.reduce(SkippedRecords()) { $0 + $1.skippedRecords }, reusedFlags: analyzed.map(\.1))
    }
}

/// A pipeline made on first use, once, whichever thread asks first.
final class LazyPipeline: @unchecked Sendable {
    // @unchecked Sendable: `made` is read and written under `lock`; `make` is Sendable.
    private let lock = NSLock()
    private var made: Pipeline?
    private let make: @Sendable () -> Pipeline

    init(_ make: @escaping @Sendable () -> Pipeline) { self.make = make }

    var value: Pipeline {
        lock.withLock {
            if let made { return made }
            let pipeline = make()
            made = pipeline
            return pipeline
        }
    }
}

/// Batches handed from the thread that analyses them to the one that stores them: a bounded
/// queue (the producer waits when it is full), closed by either side.
final class BatchChannel: @unchecked Sendable {
    // @unchecked Sendable: every field is read and written under `condition`'s lock.
    private let condition = NSCondition()
    private var queue: [Result<CorpusRunner.Batch, any Error>] = []
    private var finished = false
    private var closed = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Whether the consumer has stopped taking batches.
    var isClosed: Bool { condition.withLock { closed } }

    /// Adds a batch, waiting while the queue is full; dropped when the consumer has stopped.
    func put(_ item: Result<CorpusRunner.Batch, any Error>) {
        condition.withLock {
            while queue.count >= capacity && !closed { condition.wait() }
            if !closed { queue.append(item) }
            condition.broadcast()
        }
    }

    /// The producer has nothing more.
    func finish() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    /// The next batch, waiting for it; nil once the producer has finished and all were taken.
    func take() -> Result<CorpusRunner.Batch, any Error>? {
        condition.withLock {
            while queue.isEmpty && !finished { condition.wait() }
            guard !queue.isEmpty else { return nil }
            condition.broadcast()
            return queue.removeFirst()
        }
    }

    /// The consumer stops: the producer is told, and this waits until it has finished.
    func closeAndWait() {
        condition.withLock {
            closed = true
            queue.removeAll()
            condition.broadcast()
            while !finished { condition.wait() }
        }
    }
}

/// Where the analyses of earlier runs are kept (the store).
public protocol AnalysisCache: Sendable {
    /// For each document, the bytes of its stored analysis (see ``StoredAnalysis``) when they
    /// still hold for it, else nil.
    func storedAnalyses(_ documents: [Document]) throws -> [[UInt8]?]
    /// Forgets the stored analyses of these documents (they did not read back).
    func discardStoredAnalyses(_ ids: [String]) throws
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
