internal import CBLASShim
public import Foundation

/// The BERT encoder of all-MiniLM-L6-v2 and its sentence pooling: token + position + segment
/// embeddings and a layer norm; six layers of 12-head self-attention and a GELU feed-forward
/// block, each with a residual and a layer norm; the mean of the last layer over the sentence's
/// tokens, L2-normalised.
///
/// The sentences of a batch are packed one after another, without padding: every product that
/// works token by token (the four linear maps of each layer) runs once over all tokens of the
/// batch as one large matrix product, and attention runs per sentence and head on exactly its
/// own tokens. That gives the same numbers as padding with a mask (masked keys get weight 0 and
/// padded positions are left out of the mean) without computing the padding.
public final class MiniLMModel: @unchecked Sendable {
    public struct Configuration: Sendable, Equatable {
        public var hiddenSize = 384
        public var layers = 6
        public var heads = 12
        public var intermediateSize = 1536
        public var vocabularySize = 30522
        public var maximumPositions = 512
        public var typeVocabularySize = 2
        public var layerNormEpsilon: Float = 1e-12

        public init() {}

        /// Reads BERT's config.json, checking it is a model this code computes.
        public init(file path: String) throws {
            guard let data = FileManager.default.contents(atPath: path),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else {
                throw ModelFileError(file: path, problem: "cannot read it as a JSON object")
            }
            func integer(_ key: String) throws -> Int {
                guard let value = object[key] as? Int, value > 0 else {
                    throw ModelFileError(file: path, problem: "\(key) is missing or not a positive integer")
                }
                return value
            }
            hiddenSize = try integer("hidden_size")
            layers = try integer("num_hidden_layers")
            heads = try integer("num_attention_heads")
            intermediateSize = try integer("intermediate_size")
            vocabularySize = try integer("vocab_size")
            maximumPositions = try integer("max_position_embeddings")
            typeVocabularySize = try integer("type_vocab_size")
            if let epsilon = object["layer_norm_eps"] as? Double { layerNormEpsilon = Float(epsilon) }
            if let activation = object["hidden_act"] as? String, activation != "gelu" {
                throw ModelFileError(file: path, problem: "hidden_act \(activation) is not supported (only gelu)")
            }
            if let kind = object["position_embedding_type"] as? String, kind != "absolute" {
                throw ModelFileError(file: path, problem: "position_embedding_type \(kind) is not supported")
            }
            guard hiddenSize % heads == 0 else {
                throw ModelFileError(file: path, problem: "hidden_size \(hiddenSize) is not divisible by \(heads) heads")
            }
        }
    }

    struct Layer {
        /// Query, key and value weights stacked into one [3·hidden, hidden] matrix, so one
        /// product computes all three.
        let qkvWeight: [Float]
        let qkvBias: [Float]
        let attentionOutputWeight: UnsafeBufferPointer<Float>
        let attentionOutputBias: UnsafeBufferPointer<Float>
        let attentionNormWeight: UnsafeBufferPointer<Float>
        let attentionNormBias: UnsafeBufferPointer<Float>
        let intermediateWeight: UnsafeBufferPointer<Float>
        let intermediateBias: UnsafeBufferPointer<Float>
        let outputWeight: UnsafeBufferPointer<Float>
        let outputBias: UnsafeBufferPointer<Float>
        let outputNormWeight: UnsafeBufferPointer<Float>
        let outputNormBias: UnsafeBufferPointer<Float>
    }

    public let configuration: Configuration
    let file: SafetensorsFile
    let wordEmbeddings: UnsafeBufferPointer<Float>
    let positionEmbeddings: UnsafeBufferPointer<Float>
    let typeEmbeddings: UnsafeBufferPointer<Float>
    let embeddingNormWeight: UnsafeBufferPointer<Float>
    let embeddingNormBias: UnsafeBufferPointer<Float>
    let layers: [Layer]

    public init(weights: SafetensorsFile, configuration: Configuration) throws {
        self.configuration = configuration
        self.file = weights
        let h = configuration.hiddenSize
        // Tensor names are BERT's, with or without the "bert." prefix of BertModel checkpoints.
        let prefix = weights.tensors["embeddings.word_embeddings.weight"] == nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> UnsafeBufferPointer<Float> {
            try weights.floats(prefix + name, shape: shape)
        }
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [configuration.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [configuration.maximumPositions, h])
        typeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [configuration.typeVocabularySize, h])
        embeddingNormWeight = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [h])
        var layers: [Layer] = []
        for index in 0..<configuration.layers {
            let base = "encoder.layer.\(index)."
            var qkvWeight: [Float] = []
            var qkvBias: [Float] = []
            qkvWeight.reserveCapacity(3 * h * h)
            for part in ["query", "key", "value"] {
                qkvWeight.append(contentsOf: try tensor(base + "attention.self.\(part).weight", [h, h]))
                qkvBias.append(contentsOf: try tensor(base + "attention.self.\(part).bias", [h]))
            }
            let i = configuration.intermediateSize
            layers.append(
                Layer(
                    qkvWeight: qkvWeight, qkvBias: qkvBias,
                    attentionOutputWeight: try tensor(base + "attention.output.dense.weight", [h, h]),
                    attentionOutputBias: try tensor(base + "attention.output.dense.bias", [h]),
                    attentionNormWeight: try tensor(base + "attention.output.LayerNorm.weight", [h]),
                    attentionNormBias: try tensor(base + "attention.output.LayerNorm.bias", [h]),
                    intermediateWeight: try tensor(base + "intermediate.dense.weight", [i, h]),
                    intermediateBias: try tensor(base + "intermediate.dense.bias", [i]),
                    outputWeight: try tensor(base + "output.dense.weight", [h, i]),
                    outputBias: try tensor(base + "output.dense.bias", [h]),
                    outputNormWeight: try tensor(base + "output.LayerNorm.weight", [h]),
                    outputNormBias: try tensor(base + "output.LayerNorm.bias", [h])))
        }
        self.layers = layers
    }

    /// Sentence vectors (L2-normalised means of the last layer) for token id sequences, each
    /// already framed by [CLS] … [SEP] and no longer than the position table.
    public func embed(_ sequences: [[Int32]], backend: MatrixBackend) -> [[Float]] {
        let h = configuration.hiddenSize
        let lengths = sequences.map { min($0.count, configuration.maximumPositions) }
        let total = lengths.reduce(0, +)
        guard total > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        let heads = configuration.heads
        let headSize = h / heads
        let inner = configuration.intermediateSize
        let longest = lengths.max() ?? 0

        var hidden = [Float](repeating: 0, count: total * h)
        var qkv = [Float](repeating: 0, count: total * 3 * h)
        var context = [Float](repeating: 0, count: total * h)
        var projected = [Float](repeating: 0, count: total * h)
        var intermediate = [Float](repeating: 0, count: total * inner)
        var scores = [Float](repeating: 0, count: longest * longest)

        // Embeddings.
        hidden.withUnsafeMutableBufferPointer { out in
            var row = 0
            for (sequence, length) in zip(sequences, lengths) {
                for position in 0..<length {
                    let token = Int(sequence[position])
                    let id = (0..<configuration.vocabularySize).contains(token) ? token : 0
                    let target = out.baseAddress! + row * h
                    let word = wordEmbeddings.baseAddress! + id * h
                    let place = positionEmbeddings.baseAddress! + position * h
                    let type = typeEmbeddings.baseAddress!
                    for d in 0..<h { target[d] = word[d] + place[d] + type[d] }
                    row += 1
                }
            }
            ct_add_layer_norm(
                out.baseAddress!, nil, nil, Int32(total), Int32(h), embeddingNormWeight.baseAddress!,
                embeddingNormBias.baseAddress!, configuration.layerNormEpsilon)
        }

        let scale = 1 / Float(headSize).squareRoot()
        for layer in layers {
            // Q, K and V for every token at once.
            hidden.withUnsafeBufferPointer { x in
                qkv.withUnsafeMutableBufferPointer { out in
                    layer.qkvWeight.withUnsafeBufferPointer { weight in
                        Gemm.multiplyTransposed(
                            m: total, n: 3 * h, k: h, a: x.baseAddress!, lda: h, b: weight.baseAddress!, ldb: h,
                            c: out.baseAddress!, ldc: 3 * h, backend: backend)
                    }
                    layer.qkvBias.withUnsafeBufferPointer { bias in
                        Self.addBias(out.baseAddress!, rows: total, width: 3 * h, bias: bias.baseAddress!)
                    }
                }
            }
            // Attention, sentence by sentence and head by head.
            qkv.withUnsafeBufferPointer { q in
                context.withUnsafeMutableBufferPointer { ctx in
                    scores.withUnsafeMutableBufferPointer { s in
                        var start = 0
                        for length in lengths {
                            defer { start += length }
                            if length == 0 { continue }
                            let rows = q.baseAddress! + start * 3 * h
                            for head in 0..<heads {
                                let query = rows + head * headSize
                                let key = rows + h + head * headSize
                                let value = rows + 2 * h + head * headSize
                                Gemm.multiplyTransposed(
                                    m: length, n: length, k: headSize, alpha: scale, a: query, lda: 3 * h,
                                    b: key, ldb: 3 * h, c: s.baseAddress!, ldc: length, backend: backend)
                                ct_softmax_rows(s.baseAddress!, Int32(length), Int32(length))
                                Gemm.multiply(
                                    m: length, n: headSize, k: length, a: s.baseAddress!, lda: length,
                                    b: value, ldb: 3 * h, c: ctx.baseAddress! + start * h + head * headSize,
                                    ldc: h, backend: backend)
                            }
                        }
                    }
                }
            }
            // Output projection, residual, layer norm.
            context.withUnsafeBufferPointer { ctx in
                projected.withUnsafeMutableBufferPointer { out in
                    Gemm.multiplyTransposed(
                        m: total, n: h, k: h, a: ctx.baseAddress!, lda: h,
                        b: layer.attentionOutputWeight.baseAddress!, ldb: h,
                        c: out.baseAddress!, ldc: h, backend: backend)
                }
            }
            hidden.withUnsafeMutableBufferPointer { x in
                projected.withUnsafeMutableBufferPointer { out in
                    ct_add_layer_norm(
                        out.baseAddress!, x.baseAddress!, layer.attentionOutputBias.baseAddress!, Int32(total),
                        Int32(h), layer.attentionNormWeight.baseAddress!, layer.attentionNormBias.baseAddress!,
                        configuration.layerNormEpsilon)
                }
            }
            // Feed-forward: GELU(x·W1ᵀ + b1)·W2ᵀ + b2, residual, layer norm.
            projected.withUnsafeBufferPointer { x in
                intermediate.withUnsafeMutableBufferPointer { out in
                    Gemm.multiplyTransposed(
                        m: total, n: inner, k: h, a: x.baseAddress!, lda: h,
                        b: layer.intermediateWeight.baseAddress!, ldb: h,
                        c: out.baseAddress!, ldc: inner, backend: backend)
                    ct_bias_gelu(out.baseAddress!, Int32(total), Int32(inner), layer.intermediateBias.baseAddress!)
                }
            }
            intermediate.withUnsafeBufferPointer { x in
                hidden.withUnsafeMutableBufferPointer { out in
                    Gemm.multiplyTransposed(
                        m: total, n: h, k: inner, a: x.baseAddress!, lda: inner,
                        b: layer.outputWeight.baseAddress!, ldb: inner,
                        c: out.baseAddress!, ldc: h, backend: backend)
                    projected.withUnsafeBufferPointer { residual in
                        ct_add_layer_norm(
                            out.baseAddress!, residual.baseAddress!, layer.outputBias.baseAddress!, Int32(total),
                            Int32(h), layer.outputNormWeight.baseAddress!, layer.outputNormBias.baseAddress!,
                            configuration.layerNormEpsilon)
                    }
                }
            }
        }

        // Mean pooling and L2 normalisation.
        var vectors: [[Float]] = []
        vectors.reserveCapacity(sequences.count)
        hidden.withUnsafeBufferPointer { x in
            var start = 0
            for length in lengths {
                var vector = [Float](repeating: 0, count: h)
                if length > 0 {
                    for row in start..<(start + length) {
                        let source = x.baseAddress! + row * h
                        for d in 0..<h { vector[d] += source[d] }
                    }
                    let count = Float(length)
                    var norm: Float = 0
                    for d in 0..<h {
                        vector[d] /= count
                        norm += vector[d] * vector[d]
                    }
                    let divisor = max(norm.squareRoot(), 1e-12)
                    for d in 0..<h { vector[d] /= divisor }
                }
                vectors.append(vector)
                start += length
            }
        }
        return vectors
    }

    // MARK: element-wise kernels

    static func addBias(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>) {
        for row in 0..<rows {
            let line = x + row * width
            for d in 0..<width { line[d] += bias[d] }
        }
    }
}
