/// Disjoint sets over 0..<count with path halving, for the corpus stages that group items by
/// linked pairs (entities, claims).
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    /// The representative of `x`'s set.
    /// - Complexity: amortised nearly O(1).
    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    /// Makes `root`'s set absorb `other`'s (both must be representatives).
    mutating func attach(_ other: Int, to root: Int) { parent[other] = root }
}
