import Foundation
import Testing

@testable import ClaimTraceEncoder

/// The Swift encoder against scripts/encoder/minilm_reference.py, a numpy forward pass of
/// our own over the same safetensors and vocabulary, on 200 sentences we wrote
/// (Fixtures/encoder-sentences.json). Needs the model and python3 with numpy; `.ci/run`
/// installs both, and the tests say why they are skipped when either is missing.
@Suite(.serialized) struct ReferenceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let model: ModelLocator.Found? = try? ModelLocator.locate(option: nil)
    static let numpyAvailable = (try? ModelLocator.run(["python3", "-c", "import numpy"])) != nil
    static let ready = model != nil && numpyAvailable
    static let skipReason: Comment =
        "skipped: needs the all-MiniLM-L6-v2 model (claimtrace model install) and python3 with numpy"

    static var sentencesFile: String {
        Bundle.module.url(forResource: "Fixtures/encoder-sentences", withExtension: "json")!.path
    }

    struct Reference: Decodable {
        struct Sentence: Decodable {
            let text: String
            let ids: [Int32]
            let vector: [Float]?
        }
        let sentences: [Sentence]
    }

    static func reference(tokensOnly: Bool) throws -> Reference {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ct-reference-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        var arguments = [
            "python3", repository.appendingPathComponent("scripts/encoder/minilm_reference.py").path, "--model",
            model!.directory, "--sentences", sentencesFile, "--out", output.path,
        ]
        if tokensOnly { arguments.append("--tokens-only") }
        try ModelLocator.run(arguments, echo: true)
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: output))
    }

    @Test(.enabled(if: ready, skipReason))
    func tokenIdsMatchTheReferenceExactly() throws {
        let sentences = try JSONDecoder().decode([String].self, from: Data(contentsOf: URL(fileURLWithPath: Self.sentencesFile)))
        #expect(sentences.count == 200)
        let reference = try Self.reference(tokensOnly: true)
        try #require(reference.sentences.count == sentences.count)
        let encoder = try SentenceEncoder(directory: Self.model!.directory)
        var mismatches = 0
        for (text, expected) in zip(sentences, reference.sentences) {
            let ids = encoder.tokenizer.encode(text)
            if ids != expected.ids {
                mismatches += 1
                Issue.record("token ids differ for \(text.debugDescription): \(ids) vs \(expected.ids)")
            }
        }
        #expect(mismatches == 0)
        // The fixture exercises truncation: some sentences fill all 256 positions.
        #expect(reference.sentences.contains { $0.ids.count == 256 })
    }

    @Test(.enabled(if: ready, skipReason))
    func vectorsMatchTheReference() throws {
        let reference = try Self.reference(tokensOnly: false)
        let encoder = try SentenceEncoder(directory: Self.model!.directory)
        let texts = reference.sentences.map(\.text)
        // Batches of 32 and two threads: packing and threading must not change a vector.
        let vectors = encoder.encode(texts, batchSize: 32, threads: 2)
        var lowest = 1.0
        for (index, sentence) in reference.sentences.enumerated() {
            let expected = try #require(sentence.vector)
            let similarity = cosine(vectors[index], expected)
            lowest = min(lowest, similarity)
            #expect(similarity >= 0.9999, "sentence \(index): \(sentence.text.prefix(60).debugDescription) cosine \(similarity)")
        }
        print("lowest cosine to the numpy reference over \(texts.count) sentences: \(lowest)")
    }
}
