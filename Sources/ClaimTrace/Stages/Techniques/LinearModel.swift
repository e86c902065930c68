public import Foundation

/// A multinomial logistic regression over hashed sparse features: score(c) = Σ w[f][c] + b[c],
/// probabilities by softmax. Trained with AdaGrad on a dense hashed table, then kept sparse
/// (only features seen in training), so a model of a few tens of thousands of features is a
/// small file.
public struct LinearModel: Sendable {
    public let classes: [String]
    /// Feature hash → offset of its weights (one per class) in `weights`.
    let index: [UInt64: Int32]
    let weights: [Float]
    let bias: [Float]
    /// `index` again as an open-addressing table, for lookups in the scoring loop: a
    /// Dictionary lookup was a third of technique detection's time.
    let table: FeatureTable

    public var featureCount: Int { index.count }

    init(classes: [String], index: [UInt64: Int32], weights: [Float], bias: [Float]) {
        self.classes = classes
        self.index = index
        self.weights = weights
        self.bias = bias
        self.table = FeatureTable(index)
    }

    /// Class scores (logits) for a feature set.
    public func scores(_ features: [UInt64]) -> [Float] {
        var out = bias
        let k = classes.count
        weights.withUnsafeBufferPointer { w in
            for f in features {
                let offset = table.offset(of: f)
                guard offset >= 0 else { continue }
                let base = Int(offset)
                for c in 0..<k { out[c] += w[base + c] }
            }
        }
        return out
    }

    /// Softmax probabilities.
    public func probabilities(_ features: [UInt64]) -> [Float] {
        Self.softmax(scores(features))
    }

    /// The second class's probability in a two-class model, as ``probabilities(_:)`` gives
    /// it, without building arrays: the token loop asks it of every token of an article.
    public func probabilityOfSecond(_ features: [UInt64]) -> Float {
        precondition(classes.count == 2, "a two-class model")
        var s0 = bias[0], s1 = bias[1]
        weights.withUnsafeBufferPointer { w in
            for f in features {
                let offset = table.offset(of: f)
                guard offset >= 0 else { continue }
                s0 += w[Int(offset)]
                s1 += w[Int(offset) + 1]
            }
        }
        return 1 / (1 + Foundation.exp(s0 - s1))
    }

    /// The feature that adds most to class `c`'s score, with its weight: the "why" of a decision.
    public func strongest(_ features: [UInt64], for c: Int) -> (feature: UInt64, weight: Float)? {
        var best: (UInt64, Float)?
        for f in features {
            let offset = table.offset(of: f)
            guard offset >= 0 else { continue }
            let w = weights[Int(offset) + c]
            if best == nil || w > best!.1 { best = (f, w) }
        }
        return best
    }

    static func softmax(_ scores: [Float]) -> [Float] {
        let top = scores.max() ?? 0
        let e = scores.map { Foundation.exp($0 - top) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    // MARK: Training

    public struct TrainingOptions: Sendable {
        public var epochs = 8
        public var learningRate: Float = 0.2
        public var l2: Float = 1e-6
        /// Features seen in fewer training examples are dropped.
        public var minimumCount = 2
        /// Hash table size while training (a power of two).
        public var tableBits = 20
        public var seed: UInt64 = 42
        /// Per-class weight of the loss (nil: all 1).
        public var classWeights: [Float]?

        public init() {}
    }

    /// Trains on (features, class index) examples.
    public static func train(
        classes: [String], examples: [(features: [UInt64], label: Int)], options: TrainingOptions = TrainingOptions()
    ) -> LinearModel {
        let k = classes.count
        // Feature counts, for the cut-off and the final sparse index.
        var counts: [UInt64: Int] = [:]
        for example in examples { for f in Set(example.features) { counts[f, default: 0] += 1 } }
        var kept: [UInt64] = counts.filter { $0.value >= options.minimumCount }.map(\.key).sorted()
        var slot: [UInt64: Int32] = [:]
        for (i, f) in kept.enumerated() { slot[f] = Int32(i) }
        let compact = examples.map { example in
            (example.features.compactMap { slot[$0] }.map(Int.init), example.label)
        }
        var w = [Float](repeating: 0, count: kept.count * k)
        var g2 = [Float](repeating: 1e-8, count: kept.count * k)
        var b = [Float](repeating: 0, count: k)
        var bg2 = [Float](repeating: 1e-8, count: k)
        var rng = SplitMix64(seed: options.seed)
        var order = Array(compact.indices)
        let lr = options.learningRate
        for _ in 0..<options.epochs {
            order.shuffle(using: &rng)
            for i in order {
                let (features, label) = compact[i]
                var s = b
                for f in features { for c in 0..<k { s[c] += w[f * k + c] } }
                let p = softmax(s)
                let weight = options.classWeights?[label] ?? 1
                for c in 0..<k {
                    let gradient = (p[c] - (c == label ? 1 : 0)) * weight
                    if gradient == 0 { continue }
                    bg2[c] += gradient * gradient
                    b[c] -= lr * gradient / bg2[c].squareRoot()
                    for f in features {
                        let j = f * k + c
                        let g = gradient + options.l2 * w[j]
                        g2[j] += g * g
                        w[j] -= lr * g / g2[j].squareRoot()
                    }
                }
            }
        }
        // Drop features whose weights all stayed near zero.
        var index: [UInt64: Int32] = [:]
        var weights: [Float] = []
        for (i, f) in kept.enumerated() {
            let row = w[(i * k)..<(i * k + k)]
            guard row.contains(where: { abs($0) > 1e-4 }) else { continue }
            index[f] = Int32(weights.count)
            weights.append(contentsOf: row)
        }
        kept.removeAll()
        return LinearModel(classes: classes, index: index, weights: weights, bias: b)
    }

    // MARK: File format

    /// "CTLM1", class count, class names (length-prefixed UTF-8), feature count, bias, then per
    /// feature its 64-bit hash and weights as 16-bit floats. Little-endian.
    public func serialized() -> Data {
        var data = Data("CTLM1".utf8)
        func u32(_ v: Int) { var x = UInt32(v).littleEndian; data.append(Data(bytes: &x, count: 4)) }
        u32(classes.count)
        for name in classes {
            let bytes = Array(name.utf8)
            u32(bytes.count)
            data.append(contentsOf: bytes)
        }
        u32(index.count)
        for v in bias { var x = v.bitPattern.littleEndian; data.append(Data(bytes: &x, count: 4)) }
        for (f, offset) in index.sorted(by: { $0.key < $1.key }) {
            var h = f.littleEndian
            data.append(Data(bytes: &h, count: 8))
            for c in 0..<classes.count {
                var x = Float16(weights[Int(offset) + c]).bitPattern.littleEndian
                data.append(Data(bytes: &x, count: 2))
            }
        }
        return data
    }

    public enum FormatError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let reason): return "not a claimtrace linear model: \(reason)" }
        }
    }

    public init(serialized data: Data) throws {
        let bytes = [UInt8](data)
        var p = 0
        func need(_ n: Int) throws {
            guard p + n <= bytes.count else { throw FormatError.invalid("truncated at byte \(p)") }
        }
        func u32() throws -> Int {
            try need(4)
            let v = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
            p += 4
            return Int(v)
        }
        try need(5)
        guard String(decoding: bytes[0..<5], as: UTF8.self) == "CTLM1" else { throw FormatError.invalid("bad magic") }
        p = 5
        let k = try u32()
        guard (1...64).contains(k) else { throw FormatError.invalid("\(k) classes") }
        var classes: [String] = []
        for _ in 0..<k {
            let n = try u32()
            try need(n)
            classes.append(String(decoding: bytes[p..<(p + n)], as: UTF8.self))
            p += n
        }
        let count = try u32()
        try need(k * 4 + count * (8 + 2 * k))
        var bias: [Float] = []
        for _ in 0..<k { bias.append(Float(bitPattern: UInt32(try u32()))) }
        var index: [UInt64: Int32] = [:]
        index.reserveCapacity(count)
        var weights: [Float] = []
        weights.reserveCapacity(count * k)
        for _ in 0..<count {
            var h: UInt64 = 0
            for j in 0..<8 { h |= UInt64(bytes[p + j]) << (8 * UInt64(j)) }
            p += 8
            index[h] = Int32(weights.count)
            for _ in 0..<k {
                let bits = UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8
                weights.append(Float(Float16(bitPattern: bits)))
                p += 2
            }
        }
        self.init(classes: classes, index: index, weights: weights, bias: bias)
    }
}

/// A read-only map from 64-bit feature hashes to weight offsets: linear probing in a table of
/// at least twice as many slots as keys, the low bits of the (already uniform) hash as the slot.
struct FeatureTable: Sendable {
    private let keys: [UInt64]
    private let values: [Int32]
    private let mask: Int

    init(_ index: [UInt64: Int32]) {
        var size = 16
        while size < 2 * index.count { size <<= 1 }
        var keys = [UInt64](repeating: 0, count: size)
        var values = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for (key, value) in index {
            var slot = Int(truncatingIfNeeded: Self.mixed(key)) & mask
            while values[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = keys
        self.values = values
        self.mask = mask
    }

    /// The offset stored for `key`, or -1.
    @inline(__always)
    func offset(of key: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: Self.mixed(key)) & mask
        return keys.withUnsafeBufferPointer { k in
            values.withUnsafeBufferPointer { v in
                while v[slot] >= 0 {
                    if k[slot] == key { return v[slot] }
                    slot = (slot + 1) & mask
                }
                return -1
            }
        }
    }

    /// FNV's low bits vary little across similar inputs; one multiply-shift spreads them.
    @inline(__always)
    static func mixed(_ key: UInt64) -> UInt64 { (key &* 0x9E37_79B9_7F4A_7C15) >> 20 }
}
