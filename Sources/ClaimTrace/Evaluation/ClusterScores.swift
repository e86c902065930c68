/// B-cubed and pairwise scores of a predicted clustering against a gold one, over the same items.
///
/// Items are given as two label arrays of one length: `gold[i]` and `predicted[i]` name the
/// clusters item `i` belongs to. Scores of several sets (stories) add up with `+`: B-cubed is
/// then the mean over all their items (micro) and pairwise counts the pairs of all sets (items
/// of different sets are never paired).
///
/// - B-cubed (Bagga and Baldwin, 1998): for item i with gold cluster G and predicted cluster P,
///   precision_i = |G ∩ P| / |P| and recall_i = |G ∩ P| / |G|; precision and recall are the
///   means over items; F1 is their harmonic mean.
/// - Pairwise: over unordered pairs of distinct items, precision = pairs together in both /
///   pairs together in the prediction; recall = pairs together in both / pairs together in gold.
///   With no predicted pair, precision is 1 (nothing was joined wrongly); with no gold pair,
///   recall is 1.
public struct ClusterScores: Sendable, Equatable {
    /// Items scored.
    public var items = 0
    /// Sums over items of the per-item B-cubed precision and recall.
    public var bcubedPrecisionSum = 0.0
    public var bcubedRecallSum = 0.0
    /// Pairs in one cluster in both clusterings, in the prediction, in gold.
    public var truePairs = 0
    public var predictedPairs = 0
    public var goldPairs = 0

    /// No items.
    public init() {}

    /// Scores `predicted` against `gold`, two labellings of the same items.
    /// - Precondition: `gold.count == predicted.count`.
    /// - Complexity: O(n) expected, n the number of items.
    public init<G: Hashable, P: Hashable>(gold: [G], predicted: [P]) {
        precondition(gold.count == predicted.count, "one gold and one predicted label per item")
        items = gold.count
        var goldSize: [G: Int] = [:]
        var predictedSize: [P: Int] = [:]
        var both: [Pair<G, P>: Int] = [:]
        for (g, p) in zip(gold, predicted) {
            goldSize[g, default: 0] += 1
            predictedSize[p, default: 0] += 1
            both[Pair(g: g, p: p), default: 0] += 1
        }
        // Each item of a (gold, predicted) cell of size c shares c items with its clusters'
        // intersection: the cell adds c × c / |P| to the precision sum.
        for (cell, c) in both {
            bcubedPrecisionSum += Double(c * c) / Double(predictedSize[cell.p]!)
            bcubedRecallSum += Double(c * c) / Double(goldSize[cell.g]!)
            truePairs += c * (c - 1) / 2
        }
        predictedPairs = predictedSize.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        goldPairs = goldSize.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
    }

    private struct Pair<G: Hashable, P: Hashable>: Hashable {
        var g: G
        var p: P
    }

    /// The scores of two disjoint sets of items taken together.
    public static func + (a: ClusterScores, b: ClusterScores) -> ClusterScores {
        var sum = a
        sum.items += b.items
        sum.bcubedPrecisionSum += b.bcubedPrecisionSum
        sum.bcubedRecallSum += b.bcubedRecallSum
        sum.truePairs += b.truePairs
        sum.predictedPairs += b.predictedPairs
        sum.goldPairs += b.goldPairs
        return sum
    }

    public var bcubedPrecision: Double { items == 0 ? 0 : bcubedPrecisionSum / Double(items) }
    public var bcubedRecall: Double { items == 0 ? 0 : bcubedRecallSum / Double(items) }
    public var bcubedF1: Double { Self.f1(bcubedPrecision, bcubedRecall) }
    public var pairwisePrecision: Double { predictedPairs == 0 ? 1 : Double(truePairs) / Double(predictedPairs) }
    public var pairwiseRecall: Double { goldPairs == 0 ? 1 : Double(truePairs) / Double(goldPairs) }
    public var pairwiseF1: Double { Self.f1(pairwisePrecision, pairwiseRecall) }

    static func f1(_ p: Double, _ r: Double) -> Double { p + r == 0 ? 0 : 2 * p * r / (p + r) }
}
