/// How often each of a set of phrases occurs in an article's sentences (lower-cased tokens
/// joined by spaces), counted as ``TechniqueText/spanFeatures(_:repeats:)`` counts one phrase:
/// non-overlapping occurrences from the left within each sentence, at most `cap` in all.
///
/// Counting each span's phrase by scanning the whole article took time proportional to spans ×
/// article: quadratic on an article of thousands of short loaded sentences. Here all phrases
/// are counted in one pass of an Aho–Corasick automaton over the sentences. A phrase stops
/// being reported once it reaches the cap, and an occurrence overlapping the one just counted
/// is passed over, so the work is linear in the article plus the phrases' length times the cap.
struct PhraseCounts {
    /// Occurrences of each phrase (at most `cap`).
    private(set) var counts: [[UInt8]: Int] = [:]

    static let cap = 50

    /// - Complexity: O(sentence bytes + phrase bytes × cap).
    init(_ phrases: Set<[UInt8]>, in sentences: [[UInt8]], cap: Int = PhraseCounts.cap) {
        let patterns = Array(phrases).filter { !$0.isEmpty }
        guard !patterns.isEmpty else { return }
        // 1. The trie of the phrases: node 0 is the root; `edges` maps (node, byte) to a node.
        var edges: [Int: Int32] = [:]
        var ends: [Int32] = [-1]  // the phrase ending at each node, if any
        for (p, pattern) in patterns.enumerated() {
            var node = 0
            for byte in pattern {
                let key = node << 8 | Int(byte)
                if let next = edges[key] {
                    node = Int(next)
                } else {
                    ends.append(-1)
                    edges[key] = Int32(ends.count - 1)
                    node = ends.count - 1
                }
            }
            ends[node] = Int32(p)
        }
        var children = [[(UInt8, Int32)]](repeating: [], count: ends.count)
        for (key, child) in edges { children[key >> 8].append((UInt8(key & 0xFF), child)) }
        // 2. Failure links (the longest proper suffix that is a trie node) and output links
        // (the nearest such suffix that ends a phrase), breadth first.
        var fail = [Int32](repeating: 0, count: ends.count)
        var output = [Int32](repeating: -1, count: ends.count)
        var queue: [Int32] = children[0].map(\.1)
        var head = 0
        while head < queue.count {
            let u = Int(queue[head])
            head += 1
            for (byte, v) in children[u] {
                var f = Int(fail[u])
                while f != 0, edges[f << 8 | Int(byte)] == nil { f = Int(fail[f]) }
                let target = u == 0 ? 0 : Int(edges[f << 8 | Int(byte)] ?? 0)
                fail[Int(v)] = Int32(target == Int(v) ? 0 : target)
                let g = Int(fail[Int(v)])
                output[Int(v)] = ends[g] >= 0 ? Int32(g) : output[g]
                queue.append(v)
            }
        }
        // 3. The scan. `skip` jumps over phrases that reached the cap (with path compression),
        // so a saturated phrase costs nothing more.
        var count = [Int](repeating: 0, count: patterns.count)
        var lastEnd = [Int](repeating: -1, count: patterns.count)  // end of the last counted, in `stamp`'s sentence
        var stamp = [Int](repeating: -1, count: patterns.count)
        var skip = Array(0..<Int32(ends.count))
        func live(_ start: Int32) -> Int32 {
            var x = start
            while x >= 0, skip[Int(x)] != x { x = skip[Int(x)] }
            var y = start
            while y >= 0, skip[Int(y)] != y {
                let next = skip[Int(y)]
                skip[Int(y)] = x
                y = next
            }
            return x
        }
        for (s, sentence) in sentences.enumerated() {
            var state = 0
            for (i, byte) in sentence.enumerated() {
                while state != 0, edges[state << 8 | Int(byte)] == nil { state = Int(fail[state]) }
                state = Int(edges[state << 8 | Int(byte)] ?? 0)
                var node = live(ends[state] >= 0 ? Int32(state) : output[state])
                while node >= 0 {
                    let p = Int(ends[Int(node)])
                    let start = i + 1 - patterns[p].count
                    if stamp[p] != s || start >= lastEnd[p] {
                        count[p] += 1
                        stamp[p] = s
                        lastEnd[p] = i + 1
                        if count[p] >= cap { skip[Int(node)] = output[Int(node)] }
                    }
                    node = live(output[Int(node)])
                }
            }
        }
        for (p, pattern) in patterns.enumerated() { counts[pattern] = count[p] }
    }

    subscript(_ phrase: [UInt8]) -> Int? { counts[phrase] }
}
