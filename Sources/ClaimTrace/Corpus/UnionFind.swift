/// Disjoint sets over 0..<count with path halving, for the corpus stages that group items by
/// linked pairs (entities, claims). One 4-byte number per item: a member's parent, or, for a
/// representative, its set's size (stored negated).
struct UnionFind {
    private var parent: [Int32]

    init(count: Int) { parent = Array(repeating: -1, count: count) }

    /// The representative of `x`'s set.
    /// - Complexity: amortised nearly O(1).
    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] >= 0 {
            let up = Int(parent[x])
            let grandparent = parent[up]
            guard grandparent >= 0 else { return up }
            parent[x] = grandparent
            x = Int(grandparent)
        }
        return x
    }

    /// The number of items in the set of `root` (a representative).
    func size(_ root: Int) -> Int { Int(-parent[root]) }

    /// Makes `root`'s set absorb `other`'s (both must be representatives, and different).
    mutating func attach(_ other: Int, to root: Int) {
        parent[root] += parent[other]
        parent[other] = Int32(root)
    }
}
