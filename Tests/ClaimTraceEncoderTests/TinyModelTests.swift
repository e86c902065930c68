import CBLASShim
import Foundation
import Testing

@testable import ClaimTraceEncoder

/// A two-layer BERT of our own with random weights (hidden 8, 2 heads), written as a model
/// folder: enough to check the forward pass's bookkeeping without the real model.
func writeTinyModel(in folder: URL, seed: UInt64 = 7, dropping: String? = nil) throws {
    let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", ",", "world", "!", "un", "##aff", "##able", "cafe",
    ]
    let hidden = 8, inner = 16, positions = 16, layers = 2
    var state = seed
    func random(_ count: Int, scale: Float = 0.5) -> [Float] {
        (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Float(state >> 40) / Float(1 << 24) - 0.5) * 2 * scale
        }
    }
    var tensors: [(String, [Int], [Float])] = [
        ("embeddings.word_embeddings.weight", [vocabulary.count, hidden], random(vocabulary.count * hidden)),
        ("embeddings.position_embeddings.weight", [positions, hidden], random(positions * hidden)),
        ("embeddings.token_type_embeddings.weight", [2, hidden], random(2 * hidden)),
        ("embeddings.LayerNorm.weight", [hidden], random(hidden, scale: 0.2).map { $0 + 1 }),
        ("embeddings.LayerNorm.bias", [hidden], random(hidden, scale: 0.1)),
    ]
    for layer in 0..<layers {
        let base = "encoder.layer.\(layer)."
        for part in ["query", "key", "value"] {
            tensors.append((base + "attention.self.\(part).weight", [hidden, hidden], random(hidden * hidden)))
            tensors.append((base + "attention.self.\(part).bias", [hidden], random(hidden, scale: 0.1)))
        }
        tensors += [
            (base + "attention.output.dense.weight", [hidden, hidden], random(hidden * hidden)),
            (base + "attention.output.dense.bias", [hidden], random(hidden, scale: 0.1)),
            (base + "attention.output.LayerNorm.weight", [hidden], random(hidden, scale: 0.2).map { $0 + 1 }),
            (base + "attention.output.LayerNorm.bias", [hidden], random(hidden, scale: 0.1)),
            (base + "intermediate.dense.weight", [inner, hidden], random(inner * hidden)),
            (base + "intermediate.dense.bias", [inner], random(inner, scale: 0.1)),
            (base + "output.dense.weight", [hidden, inner], random(hidden * inner)),
            (base + "output.dense.bias", [hidden], random(hidden, scale: 0.1)),
            (base + "output.LayerNorm.weight", [hidden], random(hidden, scale: 0.2).map { $0 + 1 }),
            (base + "output.LayerNorm.bias", [hidden], random(hidden, scale: 0.1)),
        ]
    }
    tensors.removeAll { $0.0 == dropping }
    try writeSafetensors(tensors, to: folder.appendingPathComponent("model.safetensors").path)
    try Data((vocabulary.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("vocab.txt"))
    let config: [String: Any] = [
        "hidden_size": hidden, "num_hidden_layers": layers, "num_attention_heads": 2, "intermediate_size": inner,
        "vocab_size": vocabulary.count, "max_position_embeddings": positions, "type_vocab_size": 2,
        "layer_norm_eps": 1e-12, "hidden_act": "gelu",
    ]
    try JSONSerialization.data(withJSONObject: config).write(to: folder.appendingPathComponent("config.json"))
}

func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * Double(y)
        na += Double(x) * Double(x)
        nb += Double(y) * Double(y)
    }
    return dot / max((na * nb).squareRoot(), 1e-30)
}

@Suite struct TinyModelTests {
    let texts = ["hello, world!", "unaffable cafe", "", "hello hello hello hello world world world world cafe , ! un"]

    @Test func aBatchGivesTheVectorsEachSentenceGetsAlone() throws {
        let folder = try temporaryFolder("tiny")
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyModel(in: folder)
        let encoder = try SentenceEncoder(directory: folder.path, maximumLength: 16)
        let together = encoder.encode(texts, batchSize: 4)
        let parallel = encoder.encode(texts + texts, batchSize: 1, threads: 2)
        for (index, text) in texts.enumerated() {
            let alone = encoder.encode([text], batchSize: 1)[0]
            #expect(cosine(alone, together[index]) > 0.99999, "sentence \(index)")
            #expect(cosine(alone, parallel[index + texts.count]) > 0.99999, "sentence \(index), second copy")
            let norm = alone.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
        // Different texts get different vectors.
        #expect(cosine(together[0], together[1]) < 0.999)
    }

    @Test func theSwiftProductsAgreeWithOpenBLAS() throws {
        let folder = try temporaryFolder("tiny")
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyModel(in: folder)
        let encoder = try SentenceEncoder(directory: folder.path, maximumLength: 16)
        let sequences = texts.map { encoder.tokenizer.encode($0) }
        let swift = encoder.model.embed(sequences, backend: .swift)
        #expect(swift.count == texts.count && swift.allSatisfy { $0.count == 8 })
        guard SentenceEncoder.blasStatus.backend == .openBLAS else { return }
        let blas = encoder.model.embed(sequences, backend: .openBLAS)
        for (a, b) in zip(swift, blas) { #expect(cosine(a, b) > 0.99999) }
    }

    @Test func theSwiftMatrixProductsAreRight() {
        // 5×7 times (6×7)ᵀ: odd sizes exercise the 4×4 tiles' edges.
        let a: [Float] = (0..<35).map { Float($0 % 11) - 5 }
        let b: [Float] = (0..<42).map { Float($0 % 7) - 3 }
        var c = [Float](repeating: 1, count: 30)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    Gemm.multiplyTransposed(
                        m: 5, n: 6, k: 7, alpha: 2, a: pa.baseAddress!, lda: 7, b: pb.baseAddress!, ldb: 7, beta: 1,
                        c: pc.baseAddress!, ldc: 6, backend: .swift)
                }
            }
        }
        for i in 0..<5 {
            for j in 0..<6 {
                let expected = 2 * (0..<7).reduce(Float(0)) { $0 + a[i * 7 + $1] * b[j * 7 + $1] } + 1
                #expect(c[i * 6 + j] == expected, "C[\(i),\(j)]")
            }
        }
        // A (3×2) · B (2×4).
        let left: [Float] = [1, 2, 3, 4, 5, 6]
        let right: [Float] = [1, 0, -1, 2, 0, 1, 1, -2]
        var product = [Float](repeating: 9, count: 12)
        left.withUnsafeBufferPointer { pa in
            right.withUnsafeBufferPointer { pb in
                product.withUnsafeMutableBufferPointer { pc in
                    Gemm.multiply(
                        m: 3, n: 4, k: 2, a: pa.baseAddress!, lda: 2, b: pb.baseAddress!, ldb: 4, c: pc.baseAddress!,
                        ldc: 4, backend: .swift)
                }
            }
        }
        #expect(product == [1, 2, 1, -2, 3, 4, 1, -2, 5, 6, 1, -2])
    }

    @Test func aMissingTensorOrFileIsNamed() throws {
        let folder = try temporaryFolder("tiny")
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyModel(in: folder, dropping: "encoder.layer.1.output.dense.bias")
        let error = #expect(throws: ModelFileError.self) { try SentenceEncoder(directory: folder.path) }
        #expect(error?.tensor == "encoder.layer.1.output.dense.bias")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("vocab.txt"))
        let missing = #expect(throws: ModelFileError.self) { try SentenceEncoder(directory: folder.path) }
        #expect(missing?.description.contains("vocab.txt") == true)
    }
}

@Suite struct KernelTests {
    @Test func thePolynomialErfIsWithinItsStatedError() {
        var worst: Double = 0
        for step in -6000...6000 {
            let x = Float(step) / 1000
            worst = max(worst, abs(Double(ct_erf(x)) - erf(Double(x))))
        }
        #expect(worst < 3e-7, "largest error \(worst)")
    }

    @Test func softmaxRowsSumToOneAndKeepOrder() {
        var rows: [Float] = [0, 1, 2, -100, 50, 50, 50, -1e9]
        rows.withUnsafeMutableBufferPointer { ct_softmax_rows($0.baseAddress!, 2, 4) }
        let first = Array(rows[0..<4]), second = Array(rows[4..<8])
        #expect(abs(first.reduce(0, +) - 1) < 1e-6 && abs(second.reduce(0, +) - 1) < 1e-6)
        let expected = [0, 1, 2, -100].map { exp(Double($0) - 2) }
        let total = expected.reduce(0, +)
        for (value, reference) in zip(first, expected) { #expect(abs(Double(value) - reference / total) < 1e-6) }
        #expect(abs(second[0] - 1.0 / 3) < 1e-6 && second[3] == 0)
    }
}
