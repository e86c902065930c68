import Testing

@testable import ClaimTrace

/// The paged columns the corpus stages keep out of memory, and their sort.
@Suite struct PagedArrayTests {
    /// Values that tell their index apart, of a 16-byte struct as the claim links are.
    struct Pair: BitwiseCopyable, Equatable {
        var key: Int64
        var index: Int32
    }

    @Test func valuesReadBackAfterTheirPagesWereWrittenOut() {
        let array = PagedArray<Int64>(cachedPages: 3)
        #expect(array.spilling)
        let n = array.pageLength * 20 + 17
        for i in 0..<n { array.append(Int64(i) * 7 - 3) }
        #expect(array.count == n)
        #expect(array.residentPages <= 3)
        // Out of order, across pages, and a range spanning three pages.
        for i in [0, n - 1, array.pageLength, 5 * array.pageLength - 1, 123] { #expect(array[i] == Int64(i) * 7 - 3) }
        let from = array.pageLength - 5
        #expect(array.elements(from..<from + 2 * array.pageLength + 10) == (from..<from + 2 * array.pageLength + 10).map { Int64($0) * 7 - 3 })
        var seen = 0
        array.forEach { i, value in
            #expect(value == Int64(i) * 7 - 3)
            seen += 1
        }
        #expect(seen == n)
        #expect(array.residentPages <= 3)
    }

    @Test func writesToEvictedPagesAreKept() {
        let array = PagedArray<Int32>(cachedPages: 2)
        let n = array.pageLength * 9
        for i in 0..<n { array.append(Int32(i)) }
        // Every 97th value changed, page after page, so that changed pages are written out
        // before they are read again.
        for i in stride(from: 0, to: n, by: 97) { array[i] = -array[i] }
        for i in stride(from: n - 1, through: 0, by: -1) { #expect(array[i] == (i % 97 == 0 ? -Int32(i) : Int32(i))) }
        #expect(array.residentPages <= 2)
    }

    @Test func runsOfEqualKeysComeAsRangesAcrossPages() {
        let array = PagedArray<UInt64>(cachedPages: 2)
        // Keys 0, 1, 1, 2, 2, 2, ...: run k holds k + 1 elements; the later runs span pages.
        let keys = (0..<200).flatMap { k in repeatElement(UInt64(k), count: k + 1) }
        array.append(contentsOf: keys.map { $0 << 32 | 7 })
        var runs: [Range<Int>] = []
        array.forEachRun(by: { $0 >> 32 }, { runs.append($0) })
        #expect(runs.count == 200)
        #expect(runs.map(\.count) == (0..<200).map { $0 + 1 })
        #expect(runs.first == 0..<1 && runs.last?.upperBound == keys.count)
        #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        var none = 0
        PagedArray<UInt64>().forEachRun(by: { $0 }, { _ in none += 1 })
        #expect(none == 0)
    }

    @Test func sortedMergesRunsIntoOneOrder() {
        // 50,000 keys with many repeats, sorted in runs of 1,000: fifty runs to merge.
        var rng = SplitMix64(seed: 3)
        let values = (0..<50_000).map { Pair(key: Int64(rng.next() % 5_000), index: Int32($0)) }
        let array = PagedArray<Pair>(cachedPages: 4, runLength: 1_000)
        array.append(contentsOf: values)
        let order: (Pair, Pair) -> Bool = { ($0.key, $0.index) < ($1.key, $1.index) }
        let sorted = array.sorted(by: order)
        #expect(sorted.count == values.count)
        // Compared as one flag: a failure need not print 50,000 values.
        let merged = sorted.elements(0..<sorted.count) == values.sorted(by: order)
        #expect(merged)
        // One run: sorted in memory.
        let oneRun = PagedArray<Pair>(runLength: 100_000)
        oneRun.append(contentsOf: values)
        let inOneRun = oneRun.sorted(by: order).elements(0..<values.count) == values.sorted(by: order)
        #expect(inOneRun)
    }

    @Test func withoutAFileEveryPageStaysInMemory() {
        let array = PagedArray<UInt64>(cachedPages: 2, directory: "/nonexistent-claimtrace-dir", runLength: 1_000)
        #expect(!array.spilling)
        // Said, so that a command can warn its user.
        #expect(TemporaryStorage.problems.contains { $0.hasPrefix("cannot create a temporary file in /nonexistent-claimtrace-dir (") })
        let n = array.pageLength * 5 + 1
        for i in 0..<n { array.append(UInt64(i)) }
        #expect(array.residentPages == 6)
        #expect(array.elements(0..<n) == (0..<n).map(UInt64.init))
        let sorted = array.sorted { $0 > $1 }
        #expect(sorted[0] == UInt64(n - 1))
        #expect(sorted[n - 1] == 0)
    }
}
