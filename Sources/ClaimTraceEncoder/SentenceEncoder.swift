public import Foundation

/// all-MiniLM-L6-v2 sentence vectors: WordPiece tokens, the six-layer encoder, mean pooling,
/// L2 normalisation. Vectors have 384 dimensions; the cosine of two is their dot product.
public final class SentenceEncoder: Sendable {
    public let directory: String
    public let tokenizer: WordPieceTokenizer
    public let model: MiniLMModel
    /// Names the model and its weights file's size, stored beside vectors so that vectors of
    /// another model are never compared with these.
    public let modelID: String
    public var dimension: Int { model.configuration.hiddenSize }
    public var backend: MatrixBackend { Gemm.status.backend }
    public static var blasStatus: BLASStatus { Gemm.status }

    /// Loads the model from a folder holding model.safetensors, vocab.txt and config.json.
    public init(directory: String, maximumLength: Int = 256) throws {
        let files = try ModelLocator.validate(directory)
        self.directory = directory
        let configuration = try MiniLMModel.Configuration(file: files.config)
        try ModelLocator.checkPooling(directory)
        let weights = try SafetensorsFile(path: files.weights)
        self.model = try MiniLMModel(weights: weights, configuration: configuration)
        self.tokenizer = try WordPieceTokenizer(
            vocabularyFile: files.vocabulary, maximumLength: min(maximumLength, configuration.maximumPositions))
        guard tokenizer.vocabularySize <= configuration.vocabularySize else {
            throw ModelFileError(
                file: files.vocabulary,
                problem: "has \(tokenizer.vocabularySize) tokens, more than the model's \(configuration.vocabularySize)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: files.weights)[.size] as? Int) ?? 0
        self.modelID = "all-MiniLM-L6-v2/\(configuration.hiddenSize)/\(size)"
    }

    /// One vector per text, in order. Texts are cut into batches of `batchSize` (long batches
    /// make large matrix products); with more than one thread, batches run side by side, or,
    /// when there is only one batch, OpenBLAS splits its products between the threads.
    public func encode(_ texts: [String], batchSize: Int = 32, threads: Int = 1) -> [[Float]] {
        let sequences = texts.map { tokenizer.encode($0) }
        return embed(sequences, batchSize: batchSize, threads: threads)
    }

    /// Vectors for already tokenized sequences.
    public func embed(_ sequences: [[Int32]], batchSize: Int = 32, threads: Int = 1) -> [[Float]] {
        let size = max(1, batchSize)
        let batches = stride(from: 0, to: sequences.count, by: size).map {
            Array(sequences[$0..<min($0 + size, sequences.count)])
        }
        let workers = max(1, min(threads, batches.count))
        let backend = Gemm.status.backend
        if workers == 1 {
            Gemm.setBLASThreads(max(1, threads))
            defer { Gemm.setBLASThreads(1) }
            return batches.flatMap { model.embed($0, backend: backend) }
        }
        Gemm.setBLASThreads(1)
        let results = ResultSlots<[[Float]]>(count: batches.count)
        let next = BatchCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: batches.count) {
                results.set(index, model.embed(batches[index], backend: backend))
            }
        }
        return results.values().flatMap { $0 }
    }

    /// The dot product of two vectors of equal length (their cosine, for unit vectors).
    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "vectors of different lengths")
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in Gemm.dot(x.baseAddress!, y.baseAddress!, a.count) }
        }
    }
}

/// Hands out batch indices to worker threads.
final class BatchCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < limit else { return nil }
        next += 1
        return next - 1
    }
}

/// One result slot per batch, written by whichever worker computed it.
final class ResultSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
