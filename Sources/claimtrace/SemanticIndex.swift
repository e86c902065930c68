import ClaimTrace
import ClaimTraceEncoder
import ClaimTraceStore
import Foundation

/// Stores sentence vectors of analysed documents for `search --semantic`: only documents that
/// have none for this model yet (new or changed ones), and each distinct sentence text encoded
/// once per batch (republished copies repeat whole paragraphs).
struct SemanticIndex {
    let encoder: SentenceEncoder
    let store: ClaimTraceStore
    let threads: Int
    private(set) var sentences = 0
    private(set) var encoded = 0
    private(set) var seconds = 0.0

    init(encoder: SentenceEncoder, store: ClaimTraceStore, threads: Int) {
        self.encoder = encoder
        self.store = store
        self.threads = threads
    }

    /// The text a sentence is embedded and shown as: its lines joined by spaces.
    static func sentenceText(_ document: AnalyzedDocument, _ range: TextRange) -> String {
        document.substring(range).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }

    mutating func add(_ documents: [AnalyzedDocument]) throws {
        let started = Date()
        let lacking = Set(try store.documentsLackingVectors(documents.map(\.id), model: encoder.modelID))
        var rows: [ClaimTraceStore.SentenceVector] = []
        var slot: [String: Int] = [:]
        var texts: [String] = []
        var rowSlots: [Int] = []
        for document in documents where lacking.contains(document.id) {
            let offsets = ScalarOffsets(document.document.text)
            for range in document.sentences {
                let text = Self.sentenceText(document, range)
                guard !text.isEmpty else { continue }
                let index: Int
                if let known = slot[text] {
                    index = known
                } else {
                    index = texts.count
                    slot[text] = index
                    texts.append(text)
                }
                let (start, end) = offsets.scalars(range)
                rows.append(.init(documentId: document.id, start: start, end: end, text: text, vector: []))
                rowSlots.append(index)
            }
        }
        guard !texts.isEmpty else { return }
        let vectors = encoder.encode(texts, batchSize: 32, threads: threads)
        for index in rows.indices { rows[index].vector = vectors[rowSlots[index]] }
        try store.saveSentenceVectors(rows, model: encoder.modelID)
        sentences += rows.count
        encoded += texts.count
        seconds += Date().timeIntervalSince(started)
    }
}
