/// Ranges sorted by start, to ask in logarithmic time whether any of them overlaps a range:
/// the stages ask it once per sentence, quotation or paragraph, and a scan of every range each
/// time was quadratic on hostile text (thousands of statements in one document).
struct OverlapIndex {
    /// Starts in ascending order.
    private let starts: [Int]
    /// The largest end among the ranges up to each position of `starts`.
    private let maxEnds: [Int]

    /// - Complexity: O(n log n).
    init<S: Sequence>(_ ranges: S) where S.Element == TextRange {
        let sorted = ranges.sorted()
        starts = sorted.map(\.start)
        var ends: [Int] = []
        ends.reserveCapacity(sorted.count)
        var largest = Int.min
        for range in sorted {
            largest = max(largest, range.end)
            ends.append(largest)
        }
        maxEnds = ends
    }

    /// Whether any of the ranges overlaps `range` (as ``TextRange/overlaps(_:)`` decides).
    /// - Complexity: O(log n).
    func overlaps(_ range: TextRange) -> Bool {
        // The ranges that start before `range` ends; one of them overlaps when the furthest
        // reaching ends after `range` starts.
        let count = starts.partitionPoint { $0 >= range.end }
        return count > 0 && maxEnds[count - 1] > range.start
    }

    /// Whether any of the ranges contains `range` (as ``TextRange/contains(_:)-(TextRange)`` decides).
    /// - Complexity: O(log n).
    func containsAny(_ range: TextRange) -> Bool {
        // The ranges that start at or before `range`; one of them contains it when the
        // furthest reaching ends at or after its end.
        let count = starts.partitionPoint { $0 > range.start }
        return count > 0 && maxEnds[count - 1] >= range.end
    }
}

extension Array where Element == TextRange {
    /// For ranges sorted by start and not overlapping (paragraphs, sentences): the index of the
    /// one containing `offset`, or nil.
    /// - Complexity: O(log n).
    func indexContaining(_ offset: Int) -> Int? {
        let k = partitionPoint { $0.start > offset } - 1
        return k >= 0 && self[k].contains(offset) ? k : nil
    }

    /// For ranges sorted by start: the index of the first that starts at or after `offset`.
    /// - Complexity: O(log n).
    func firstIndex(startingAtOrAfter offset: Int) -> Int {
        partitionPoint { $0.start >= offset }
    }
}

extension Array {
    /// The index of the first element for which `isAfter` holds, in an array where it holds
    /// for a suffix (binary search).
    /// - Complexity: O(log n).
    func partitionPoint(_ isAfter: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if isAfter(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// Ranges (a document's mentions, dates, sentences) ordered by position, to find those inside
/// or starting inside a span by binary search instead of a scan of them all per span.
struct PositionIndex {
    /// Indices into the ranges given, in the order of their position.
    private let order: [Int]
    /// The ranges in that order.
    private let sorted: [TextRange]

    /// - Complexity: O(n) when the ranges come sorted (as stages emit them), else O(n log n).
    init(_ ranges: [TextRange]) {
        let isSorted = zip(ranges, ranges.dropFirst()).allSatisfy { !($1 < $0) }
        order = isSorted ? Array(ranges.indices) : ranges.indices.sorted { (ranges[$0], $0) < (ranges[$1], $1) }
        sorted = order.map { ranges[$0] }
    }

    /// The indices of the ranges that start inside `range` (`range.start ..< range.end`), in
    /// order of position.
    /// - Complexity: O(log n + found).
    func starting(in range: TextRange) -> [Int] {
        var out: [Int] = []
        var k = sorted.firstIndex(startingAtOrAfter: range.start)
        while k < sorted.count, sorted[k].start < range.end {
            out.append(order[k])
            k += 1
        }
        return out
    }

    /// The indices of the ranges inside `range` (see ``TextRange/contains(_:)-(TextRange)``), in
    /// order of position.
    /// - Complexity: O(log n + those starting inside `range`).
    func inside(_ range: TextRange) -> [Int] {
        var out: [Int] = []
        var k = sorted.firstIndex(startingAtOrAfter: range.start)
        while k < sorted.count, sorted[k].start <= range.end {
            if sorted[k].end <= range.end { out.append(order[k]) }
            k += 1
        }
        return out
    }
}
