import Foundation
import Testing

@testable import ClaimTrace
@testable import ClaimTraceStore

/// Sentence vectors in the store, with vectors we make by hand (no model needed).
@Suite struct VectorStoreTests {
    func unit(_ angle: Double, dimension: Int = 16) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        vector[0] = Float(cos(angle))
        vector[1] = Float(sin(angle))
        return vector
    }

    @Test func semanticSearchRanksByCosineAndKeepsModelsApart() throws {
        let store = try ClaimTraceStore.inMemory()
        try store.save([
            try analyzed("a.txt", "Barrels crossed the border at night.\n\nThe minister denied it."),
            try analyzed("b.txt", "Fish died in the river last September."),
        ])
        try store.saveSentenceVectors(
            [
                .init(documentId: "a.txt", start: 0, end: 36, text: "Barrels crossed the border at night.", vector: unit(0.1)),
                .init(documentId: "a.txt", start: 38, end: 61, text: "The minister denied it.", vector: unit(1.2)),
                .init(documentId: "b.txt", start: 0, end: 38, text: "Fish died in the river last September.", vector: unit(0.5)),
            ], model: "m1")
        try store.saveSentenceVectors(
            [.init(documentId: "b.txt", start: 0, end: 38, text: "Fish died in the river last September.", vector: unit(0))],
            model: "m2")
        let hits = try store.semanticSearch(unit(0), model: "m1", limit: 2)
        #expect(hits.map(\.text) == ["Barrels crossed the border at night.", "Fish died in the river last September."])
        #expect(abs(hits[0].score - Float(cos(0.1))) < 1e-6)
        #expect(hits[0].title != nil)
        #expect(try store.sentenceVectorCount(model: "m1") == 3)
        #expect(try store.documentsLackingVectors(["a.txt", "b.txt", "c.txt"], model: "m2") == ["a.txt", "c.txt"])
    }

    @Test func changedDocumentsLoseTheirVectors() throws {
        let store = try ClaimTraceStore.inMemory()
        try store.save([try analyzed("a.txt", "Barrels crossed the border at night.")])
        try store.saveSentenceVectors(
            [.init(documentId: "a.txt", start: 0, end: 36, text: "Barrels crossed the border at night.", vector: unit(0))],
            model: "m1")
        // The same content again keeps them; new content drops them (their offsets are stale).
        try store.save([try analyzed("a.txt", "Barrels crossed the border at night.")])
        #expect(try store.sentenceVectorCount(model: "m1") == 1)
        try store.save([try analyzed("a.txt", "Lorries crossed the border at dawn.")])
        #expect(try store.sentenceVectorCount(model: "m1") == 0)
        #expect(try store.documentsLackingVectors(["a.txt"], model: "m1") == ["a.txt"])
    }
}
