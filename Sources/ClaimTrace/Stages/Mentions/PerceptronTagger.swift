import Foundation

/// A greedy left-to-right sequence tagger with an averaged-perceptron model.
///
/// Each token brings its own features (hashed, see ``TaggerFeatures``); the tagger adds features
/// of the tags it has already chosen (previous tag, previous two tags, previous tag with the
/// word). Decoding repairs BIO: an `I-X` that does not follow `B-X`/`I-X` becomes `B-X`.
public struct PerceptronTagger: Sendable {
    public let labels: [String]
    /// Row of each feature in ``weights`` (labels.count floats per row).
    public let rows: [UInt64: Int32]
    let weights: [Float]

    init(labels: [String], rows: [UInt64: Int32], weights: [Float]) {
        self.labels = labels
        self.rows = rows
        self.weights = weights
    }

    /// The label indices for a sentence whose tokens have the given features.
    /// - Complexity: O(tokens × (features + labels)).
    public func tag(_ features: [[UInt64]], words: [String]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(features.count)
        var scores = [Float](repeating: 0, count: labels.count)
        for i in features.indices {
            for k in scores.indices { scores[k] = 0 }
            let previous = i > 0 ? out[i - 1] : -1
            let previous2 = i > 1 ? out[i - 2] : -1
            for f in features[i] { add(f, to: &scores) }
            for f in Self.historyFeatures(previous: previous, previous2: previous2, word: words[i]) {
                add(f, to: &scores)
            }
            var best = 0
            for k in 1..<scores.count where scores[k] > scores[best] { best = k }
            out.append(repairBIO(best, previous: previous))
        }
        return out
    }

    @inline(__always) private func add(_ feature: UInt64, to scores: inout [Float]) {
        guard let row = rows[feature] else { return }
        let base = Int(row) * labels.count
        weights.withUnsafeBufferPointer { w in
            for k in 0..<scores.count { scores[k] += w[base + k] }
        }
    }

    /// `I-X` after anything but `B-X`/`I-X` becomes `B-X`.
    func repairBIO(_ label: Int, previous: Int) -> Int {
        let name = labels[label]
        guard name.hasPrefix("I-") else { return label }
        let type = name.dropFirst(2)
        if previous >= 0, labels[previous].dropFirst(2) == type, labels[previous] != "O" { return label }
        return labels.firstIndex(of: "B-" + type) ?? label
    }

    static func historyFeatures(previous: Int, previous2: Int, word: String) -> [UInt64] {
        [
            FeatureHash.of(200, previous),
            FeatureHash.of(201, previous2 * 64 + previous),
            FeatureHash.of(202, String(previous), word),
        ]
    }
}

/// Trains a ``PerceptronTagger`` (averaged perceptron, lazy averaging).
public struct PerceptronTrainer {
    public let labels: [String]
    private var rows: [UInt64: Int32] = [:]
    private var weights: [Float] = []
    private var totals: [Double] = []
    private var stamps: [Int] = []
    private var step = 0

    public init(labels: [String]) { self.labels = labels }

    private mutating func row(_ feature: UInt64) -> Int {
        if let r = rows[feature] { return Int(r) }
        let r = rows.count
        rows[feature] = Int32(r)
        weights.append(contentsOf: repeatElement(0, count: labels.count))
        totals.append(contentsOf: repeatElement(0, count: labels.count))
        stamps.append(contentsOf: repeatElement(0, count: labels.count))
        return r
    }

    private mutating func update(_ feature: UInt64, label: Int, by delta: Float) {
        let i = row(feature) * labels.count + label
        totals[i] += Double(step - stamps[i]) * Double(weights[i])
        stamps[i] = step
        weights[i] += delta
    }

    private func score(_ features: [UInt64], into scores: inout [Float]) {
        for k in scores.indices { scores[k] = 0 }
        for f in features {
            guard let r = rows[f] else { continue }
            let base = Int(r) * labels.count
            for k in scores.indices { scores[k] += weights[base + k] }
        }
    }

    /// One pass over a sentence: predict greedily, update where the prediction is wrong.
    /// Returns the number of wrong tokens.
    @discardableResult
    public mutating func train(features: [[UInt64]], words: [String], gold: [Int]) -> Int {
        var predicted: [Int] = []
        var scores = [Float](repeating: 0, count: labels.count)
        var errors = 0
        for i in features.indices {
            step += 1
            // History features use the model's own previous predictions, as at test time.
            let previous = i > 0 ? predicted[i - 1] : -1
            let previous2 = i > 1 ? predicted[i - 2] : -1
            let all = features[i] + PerceptronTagger.historyFeatures(previous: previous, previous2: previous2, word: words[i])
            score(all, into: &scores)
            var best = 0
            for k in 1..<scores.count where scores[k] > scores[best] { best = k }
            if best != gold[i] {
                errors += 1
                for f in all {
                    update(f, label: gold[i], by: 1)
                    update(f, label: best, by: -1)
                }
            }
            predicted.append(best)
        }
        return errors
    }

    /// The averaged model, keeping the `keep` features with the largest weights.
    public func finish(keep: Int = 200_000) -> PerceptronTagger {
        let n = labels.count
        var averaged = [Float](repeating: 0, count: weights.count)
        for i in weights.indices {
            let total = totals[i] + Double(step - stamps[i]) * Double(weights[i])
            averaged[i] = Float(total / Double(max(step, 1)))
        }
        // Prune: keep the rows with the largest absolute weight.
        var strength: [(UInt64, Int, Float)] = rows.map { feature, r in
            let base = Int(r) * n
            var m: Float = 0
            for k in 0..<n { m = max(m, abs(averaged[base + k])) }
            return (feature, Int(r), m)
        }
        strength.sort { $0.2 > $1.2 }
        var newRows: [UInt64: Int32] = [:]
        var newWeights: [Float] = []
        for (feature, r, m) in strength.prefix(keep) where m > 0 {
            newRows[feature] = Int32(newRows.count)
            newWeights.append(contentsOf: averaged[(r * n)..<(r * n + n)])
        }
        return PerceptronTagger(labels: labels, rows: newRows, weights: newWeights)
    }
}

// MARK: - Model file

extension PerceptronTagger {
    /// The model file format: magic "CTPT1\n", the labels as one line joined by spaces, then
    /// little-endian: feature count (UInt32), scale (Float32), and per feature its hash (UInt64)
    /// and one Int8 weight per label (weight = int8 × scale).
    public func serialized() -> [UInt8] {
        var out = Array("CTPT1\n".utf8) + Array((labels.joined(separator: " ") + "\n").utf8)
        let maxAbs = weights.reduce(Float(0)) { max($0, abs($1)) }
        let scale = maxAbs > 0 ? maxAbs / 127 : 1
        func append<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        append(UInt32(rows.count))
        append(scale.bitPattern)
        for (feature, row) in rows.sorted(by: { $0.key < $1.key }) {
            append(feature)
            let base = Int(row) * labels.count
            for k in 0..<labels.count {
                let q = (weights[base + k] / scale).rounded()
                out.append(UInt8(bitPattern: Int8(max(-127, min(127, q)))))
            }
        }
        return out
    }

    /// Errors reading a model file.
    public struct ModelError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads a model written by ``serialized()``, checking its structure.
    public init(serialized bytes: [UInt8], name: String) throws {
        func fail(_ why: String) -> ModelError { ModelError(description: "\(name): \(why); retrain or reinstall the model") }
        guard bytes.starts(with: Array("CTPT1\n".utf8)) else { throw fail("not a claimtrace tagger model") }
        guard let newline = bytes[6...].firstIndex(of: 0x0A) else { throw fail("truncated header") }
        let labels = String(decoding: bytes[6..<newline], as: UTF8.self).split(separator: " ").map(String.init)
        guard !labels.isEmpty else { throw fail("no labels") }
        var offset = newline + 1
        func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
            let size = MemoryLayout<T>.size
            guard offset + size <= bytes.count else { throw fail("truncated at byte \(offset)") }
            var v: T = 0
            withUnsafeMutableBytes(of: &v) { $0.copyBytes(from: bytes[offset..<(offset + size)]) }
            offset += size
            return T(littleEndian: v)
        }
        let count = Int(try read(UInt32.self))
        let scale = Float(bitPattern: try read(UInt32.self))
        guard bytes.count - offset == count * (8 + labels.count) else {
            throw fail("expected \(count) features of \(8 + labels.count) bytes, found \(bytes.count - offset) bytes")
        }
        var rows: [UInt64: Int32] = [:]
        rows.reserveCapacity(count)
        var weights = [Float]()
        weights.reserveCapacity(count * labels.count)
        for r in 0..<count {
            rows[try read(UInt64.self)] = Int32(r)
            for _ in 0..<labels.count {
                weights.append(Float(Int8(bitPattern: bytes[offset])) * scale)
                offset += 1
            }
        }
        self.init(labels: labels, rows: rows, weights: weights)
    }
}
