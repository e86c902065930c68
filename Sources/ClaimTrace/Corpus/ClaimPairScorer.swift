import Foundation

/// Whether two tellings state one proposition: a logistic regression over general signals of
/// the pair (see ``signals(_:_:_:weight:sameDocument:cosine:)``), with weights learned on our
/// story set (`claimtrace eval claims --train-weights`) and shipped in
/// `Resources/claim-pair-weights.txt`. Two weight sets: `lexical`, for claims without sentence
/// vectors, and `semantic`, when both claims have one (the cosine is one more signal).
public struct ClaimPairScorer: Sendable, Hashable {
    /// The signals, in the order of ``signals(_:_:_:weight:sameDocument:cosine:)``.
    public static let signalNames = ["entities", "words", "jaccard", "figuresAgree", "figuresDiffer", "cosine", "sameDocument"]

    /// Bias first, then one weight per signal.
    public var lexical: [Double]
    public var semantic: [Double]

    public init(lexical: [Double], semantic: [Double]) {
        self.lexical = lexical
        self.semantic = semantic
    }

    /// Why a weights file could not be read.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The weights shipped with the package.
    public static let shipped: ClaimPairScorer = {
        do {
            guard let url = Bundle.module.url(forResource: "claim-pair-weights", withExtension: "txt"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { throw ClaimTraceError.resourceMissing("claim-pair-weights.txt") }
            return try ClaimPairScorer(parsing: text, name: "claim-pair-weights.txt")
        } catch {
            fatalError("\(error)")
        }
    }()

    /// Reads `set<TAB>name<TAB>weight` lines (`#` comments): `set` is `lexical` or `semantic`,
    /// `name` is `bias` or a signal's name; every weight of both sets must be given.
    public init(parsing text: String, name: String) throws(FormatError) {
        var sets: [String: [Double?]] = ["lexical": Array(repeating: nil, count: Self.signalNames.count + 1)]
        sets["semantic"] = sets["lexical"]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 3, sets[fields[0]] != nil, let value = Double(fields[2]), value.isFinite,
                let k = fields[1] == "bias" ? 0 : Self.signalNames.firstIndex(of: fields[1]).map({ $0 + 1 })
            else {
                throw FormatError(
                    description: "\(name):\(n + 1): expected 'lexical|semantic<TAB>bias|\(Self.signalNames.joined(separator: "|"))<TAB>number', got '\(line.prefix(80))'")
            }
            sets[fields[0]]![k] = value
        }
        for (set, values) in sets where values.contains(where: { $0 == nil }) {
            throw FormatError(description: "\(name): the \(set) set lacks a weight; give bias and all of \(Self.signalNames.joined(separator: ", "))")
        }
        lexical = sets["lexical"]!.map { $0! }
        semantic = sets["semantic"]!.map { $0! }
    }

    /// The weights file's lines for these weights, after `comment` (each line prefixed "# ").
    public func text(comment: String) -> String {
        var out = comment.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined()
        for (set, values) in [("lexical", lexical), ("semantic", semantic)] {
            for (k, value) in values.enumerated() {
                out += "\(set)\t\(k == 0 ? "bias" : Self.signalNames[k - 1])\t\(String(format: "%.4f", value))\n"
            }
        }
        return out
    }

    /// The probability that a pair with these signals tells one proposition.
    public func probability(_ signals: [Double], semantic useVectors: Bool) -> Double {
        Self.logistic(useVectors ? semantic : lexical, signals)
    }

    /// The logistic function of `w[0] + Σ w[k+1] × x[k]` (bias first).
    static func logistic(_ w: [Double], _ x: [Double]) -> Double {
        var z = w[0]
        for (xk, wk) in zip(x, w.dropFirst()) { z += xk * wk }
        return 1 / (1 + exp(-z))
    }

    /// What the signals need of one claim (or of two claims' shared features): the features'
    /// summed weights by kind, the number of figure marks, and the negation mark.
    struct Weights {
        var entities = 0.0
        var words = 0.0
        var total = 0.0
        var figures = 0
        var negated = false

        init(_ features: [UInt64], weight: (UInt64) -> Double) {
            for f in features {
                if f == ClaimFeature.negated {
                    negated = true
                    continue
                }
                let w = weight(f)
                total += w
                switch ClaimFeature.kind(f) {
                case ClaimFeature.entity: entities += w
                case ClaimFeature.mark: figures += 1
                default: words += w
                }
            }
        }
    }

    /// The signals of a pair of claims, from their shared features `common` and each one's
    /// weights: the share of the smaller claim's names (IDF-weighted) the other has; the same
    /// for its words (stems and folded terms); the weighted Jaccard of all features; whether
    /// they share a figure; whether both state figures and share none; the cosine of their
    /// sentence vectors (0 without); whether they are in one document.
    /// - Complexity: O(common).
    static func signals(
        _ common: [UInt64], _ a: Weights, _ b: Weights, weight: (UInt64) -> Double, sameDocument: Bool, cosine: Double?
    ) -> [Double] {
        let shared = Weights(common, weight: weight)
        func share(_ x: Double, _ p: Double, _ q: Double) -> Double { min(p, q) > 0 ? x / min(p, q) : 0 }
        return [
            share(shared.entities, a.entities, b.entities),
            share(shared.words, a.words, b.words),
            shared.total / max(a.total + b.total - shared.total, 1e-9),
            shared.figures > 0 ? 1 : 0,
            shared.figures == 0 && a.figures > 0 && b.figures > 0 ? 1 : 0,
            cosine ?? 0,
            sameDocument ? 1 : 0,
        ]
    }
}
