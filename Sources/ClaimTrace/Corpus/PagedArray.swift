import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable array of plain values (numbers, or small structs of numbers) kept in pages in an
/// unlinked temporary file, with at most `cachedPages` pages in memory: the corpus stages'
/// per-claim, per-figure and per-document columns, so that their memory stays the same
/// whatever the corpus size.
///
/// Pages are read and written whole; a page not used since the clock hand last passed it is
/// the one written out (second chance). Reading in order, or near the latest elements, costs
/// one read per page.
///
/// When no temporary file can be made, or a write fails (a full disk), every page stays in
/// memory from then on: a run never loses a value, it only uses more memory (as
/// ``SpillFile``).
final class PagedArray<Element: BitwiseCopyable>: @unchecked Sendable {
    private final class Page {
        var values: [Element]
        var dirty: Bool
        var referenced = true
        init(_ values: [Element], dirty: Bool) {
            self.values = values
            self.dirty = dirty
        }
    }

    /// Elements per page (about 32 KB of them).
    let pageLength: Int
    private let cachedPages: Int
    private var fd: Int32 = -1
    /// False when every page stays in memory (no file, or a write failed).
    private var paging = false
    private var cache: [Int: Page] = [:]
    /// Resident page numbers, in clock order.
    private var clock: [Int] = []
    private var hand = 0
    private var length = 0
    private let lock = NSLock()
    /// How many elements ``sorted(by:)`` sorts in memory at a time.
    let runLength: Int

    /// An empty array in a temporary file under `TMPDIR` (else /tmp), or in memory when
    /// `inMemory` is set or no file can be made. `runLength` is what ``sorted(by:)`` sorts in
    /// memory at a time (a quarter of a million: 4 MB of 16-byte elements).
    init(inMemory: Bool = false, cachedPages: Int = 64, directory: String? = nil, runLength: Int = 1 << 18) {
        pageLength = max(1, 32_768 / MemoryLayout<Element>.stride)
        self.runLength = max(1, runLength)
        self.cachedPages = max(2, cachedPages)
        guard !inMemory, let made = SpillFile.unlinkedTemporaryFile("claimtrace-pages", in: directory) else { return }
        fd = made
        paging = true
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// True while pages go to the file; false when they all stay in memory.
    var spilling: Bool { lock.withLock { paging } }

    var count: Int { lock.withLock { length } }

    /// The number of pages in memory now (at most `cachedPages` while spilling).
    var residentPages: Int { lock.withLock { cache.count } }

    func append(_ value: Element) {
        lock.withLock {
            let p = length / pageLength
            let page = page(p, creating: true)
            page.values[length - p * pageLength] = value
            page.dirty = true
            length += 1
        }
    }

    func append<C: Collection>(contentsOf values: C) where C.Element == Element {
        lock.withLock {
            for value in values {
                let p = length / pageLength
                let page = page(p, creating: true)
                page.values[length - p * pageLength] = value
                page.dirty = true
                length += 1
            }
        }
    }

    subscript(_ i: Int) -> Element {
        get {
            lock.withLock {
                precondition(i >= 0 && i < length, "PagedArray index \(i) out of range 0..<\(length)")
                let p = i / pageLength
                return page(p, creating: false).values[i - p * pageLength]
            }
        }
        set {
            lock.withLock {
                precondition(i >= 0 && i < length, "PagedArray index \(i) out of range 0..<\(length)")
                let p = i / pageLength
                let page = page(p, creating: false)
                page.values[i - p * pageLength] = newValue
                page.dirty = true
            }
        }
    }

    /// The elements of `range`, copied out.
    func elements(_ range: Range<Int>) -> [Element] {
        lock.withLock {
            precondition(range.lowerBound >= 0 && range.upperBound <= length, "PagedArray range \(range) out of 0..<\(length)")
            var out: [Element] = []
            out.reserveCapacity(range.count)
            var i = range.lowerBound
            while i < range.upperBound {
                let p = i / pageLength
                let end = min(range.upperBound, (p + 1) * pageLength)
                out += page(p, creating: false).values[(i - p * pageLength)..<(end - p * pageLength)]
                i = end
            }
            return out
        }
    }

    /// Calls `body` with the range of each run of consecutive elements that share a `key`, in
    /// order (the groups of a sorted array).
    func forEachRun<Key: Equatable>(by key: (Element) -> Key, _ body: (Range<Int>) throws -> Void) rethrows {
        var start = 0
        var current: Key?
        try forEach { index, element in
            let k = key(element)
            if let c = current, c != k {
                try body(start..<index)
                start = index
            }
            current = k
        }
        if current != nil { try body(start..<count) }
    }

    /// Calls `body` with each element of `range` in order, a page's worth copied out at a time
    /// (so `body` may use this array too).
    func forEach(in range: Range<Int>? = nil, _ body: (Int, Element) throws -> Void) rethrows {
        let range = range ?? 0..<count
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, (start / pageLength + 1) * pageLength)
            for (k, value) in elements(start..<end).enumerated() { try body(start + k, value) }
            start = end
        }
    }

    /// Page `p`, from the cache or the file, or a new zeroed one (`creating`, at the end).
    /// Called with the lock held.
    private func page(_ p: Int, creating: Bool) -> Page {
        if let page = cache[p] {
            page.referenced = true
            return page
        }
        // A page holding elements and not in memory was written out; any other is new.
        let page: Page
        if p * pageLength < length {
            page = Page(readPage(p), dirty: false)
        } else {
            precondition(creating, "PagedArray page \(p) read past the end")
            page = Page(Self.zeroed(pageLength), dirty: true)
        }
        if paging && cache.count >= cachedPages, let slot = evictionSlot() {
            clock[slot] = p
        } else {
            clock.append(p)
        }
        cache[p] = page
        return page
    }

    /// Writes out the page under the clock hand that has not been used since the hand last
    /// passed, and returns its slot. On a failed write, stops paging (every page stays) and
    /// returns nil.
    private func evictionSlot() -> Int? {
        while true {
            if hand >= clock.count { hand = 0 }
            let victim = clock[hand]
            let page = cache[victim]!
            if page.referenced {
                page.referenced = false
                hand += 1
                continue
            }
            if page.dirty && !writePage(victim, page.values) {
                TemporaryStorage.reportFailedWrite()
                paging = false
                return nil
            }
            cache[victim] = nil
            let slot = hand
            hand += 1
            return slot
        }
    }

    private func writePage(_ p: Int, _ values: [Element]) -> Bool {
        values.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let n = pwrite(fd, raw.baseAddress! + written, raw.count - written, off_t(p * pageLength * MemoryLayout<Element>.stride + written))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                written += n
            }
            return true
        }
    }

    private func readPage(_ p: Int) -> [Element] {
        var values = Self.zeroed(pageLength)
        values.withUnsafeMutableBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pread(fd, raw.baseAddress! + done, raw.count - done, off_t(p * pageLength * MemoryLayout<Element>.stride + done))
                if n < 0 && errno == EINTR { continue }
                precondition(n > 0, "claimtrace: reading a temporary page file failed (errno \(errno))")
                done += n
            }
        }
        return values
    }

    private static func zeroed(_ n: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: n) { buffer, initialized in
            _ = memset(UnsafeMutableRawPointer(buffer.baseAddress!), 0, n * MemoryLayout<Element>.stride)
            initialized = n
        }
    }
}

extension PagedArray {
    /// The elements in the order `less` gives, as a new paged array (with the same run
    /// length): runs of ``runLength`` elements are sorted in memory, then merged reading each
    /// run a page at a time, so memory holds one run while sorting and a page per run while
    /// merging. `less` must be a total order for the result to be the same in every run.
    func sorted(by less: (Element, Element) -> Bool) -> PagedArray<Element> {
        let total = count
        let inMemory = !spilling
        let runs = PagedArray(inMemory: inMemory, runLength: runLength)
        var bounds: [Range<Int>] = []
        var start = 0
        while start < total {
            let end = min(total, start + max(1, runLength))
            var chunk = elements(start..<end)
            chunk.sort(by: less)
            runs.append(contentsOf: chunk)
            bounds.append(start..<end)
            start = end
        }
        guard bounds.count > 1 else { return runs }
        // k-way merge: a binary heap of run heads, ties taken from the earlier run.
        var cursors = bounds.map { MergeCursor<Element>(buffer: [], at: 0, next: $0.lowerBound, end: $0.upperBound) }
        func refill(_ c: Int) -> Bool {
            if cursors[c].at < cursors[c].buffer.count { return true }
            guard cursors[c].next < cursors[c].end else { return false }
            let upTo = min(cursors[c].end, cursors[c].next + runs.pageLength)
            cursors[c].buffer = runs.elements(cursors[c].next..<upTo)
            cursors[c].at = 0
            cursors[c].next = upTo
            return true
        }
        func head(_ c: Int) -> Element { cursors[c].buffer[cursors[c].at] }
        func before(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (head(a), head(b))
            if less(x, y) { return true }
            if less(y, x) { return false }
            return a < b
        }
        var heap: [Int] = []
        func siftUp(_ k: Int) {
            var k = k
            while k > 0 {
                let parent = (k - 1) / 2
                guard before(heap[k], heap[parent]) else { return }
                heap.swapAt(k, parent)
                k = parent
            }
        }
        func siftDown(_ k: Int) {
            var k = k
            while true {
                let (l, r) = (2 * k + 1, 2 * k + 2)
                var best = k
                if l < heap.count && before(heap[l], heap[best]) { best = l }
                if r < heap.count && before(heap[r], heap[best]) { best = r }
                guard best != k else { return }
                heap.swapAt(k, best)
                k = best
            }
        }
        for c in cursors.indices where refill(c) {
            heap.append(c)
            siftUp(heap.count - 1)
        }
        let out = PagedArray(inMemory: inMemory, runLength: runLength)
        var pending: [Element] = []
        pending.reserveCapacity(out.pageLength)
        while let top = heap.first {
            pending.append(head(top))
            if pending.count == out.pageLength {
                out.append(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
            }
            cursors[top].at += 1
            if refill(top) {
                siftDown(0)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
                if !heap.isEmpty { siftDown(0) }
            }
        }
        out.append(contentsOf: pending)
        return out
    }
}

/// Where the merge of ``PagedArray/sorted(by:)`` is in one run: a page of it copied
/// out, the next element to take from that page, and the run's next unread element.
private struct MergeCursor<Element> {
    var buffer: [Element]
    var at: Int
    var next: Int
    let end: Int
}

/// Where the corpus stages keep what they collect: paged arrays and spilled records in
/// temporary files, or everything in memory (`inMemory`), and how many elements a sort holds in
/// memory at a time. Every table and every array a stage makes from one takes it from here.
struct CorpusStorage: Sendable {
    var inMemory: Bool
    var runLength = 1 << 18

    /// A paged array with this storage's mode and run length.
    func array<Element: BitwiseCopyable>(cachedPages: Int = 64) -> PagedArray<Element> {
        PagedArray(inMemory: inMemory, cachedPages: cachedPages, runLength: runLength)
    }

    /// Spilled records with this storage's mode.
    func records() -> SpilledRecords { SpilledRecords(inMemory: inMemory) }
}
