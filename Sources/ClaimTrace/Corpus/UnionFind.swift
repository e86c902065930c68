/// Disjoint sets over 0..<count with path halving, for the corpus stages that group items by
/// linked pairs (entities, claims).
struct UnionFind {
    private var parent: [Int32]

    init(count: Int) { parent = (0..<Int32(count)).map { $0 } }

    /// The representative of `x`'s set.
    /// - Complexity: amortised nearly O(1).
    mutating func find(_ x: Int) -> Int {
        var x = Int32(x)
        while parent[Int(x)] != x {
            parent[Int(x)] = parent[Int(parent[Int(x)])]
            x = parent[Int(x)]
        }
        return Int(x)
    }

    /// Makes `root`'s set absorb `other`'s (both must be representatives).
    mutating func attach(_ other: Int, to root: Int) { parent[other] = Int32(root) }
}
