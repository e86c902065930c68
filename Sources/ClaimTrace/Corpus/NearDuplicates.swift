import Foundation

/// A document's MinHash fingerprint: what near-duplicate detection keeps per document.
public struct Fingerprint: Sendable, Hashable, Codable {
    /// MinHash values (one per hash function) over the word 5-shingles of the article text
    /// (excluded regions left out).
    public var signature: [UInt32]
    /// The number of distinct shingles.
    public var shingles: Int

    public static let hashCount = 128
    public static let shingleSize = 5

    /// - Complexity: O(words × hashCount).
    public init(text: String, excluded: [ExcludedRegion]) {
        var copy = text
        let words: [UInt64] = copy.withUTF8 { bytes in
            var out: [UInt64] = []
            var i = 0
            var e = 0
            let holes = excluded.map(\.range)
            while i < bytes.count {
                while e < holes.count, holes[e].end <= i { e += 1 }
                if e < holes.count, holes[e].contains(i) {
                    i = holes[e].end
                    continue
                }
                let c = bytes[i]
                let isWordByte = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || (c >= 0x30 && c <= 0x39) || c >= 0x80
                guard isWordByte else {
                    i += 1
                    continue
                }
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                while i < bytes.count {
                    let d = bytes[i]
                    guard (d | 0x20) >= 0x61 && (d | 0x20) <= 0x7A || (d >= 0x30 && d <= 0x39) || d >= 0x80 else { break }
                    h = (h ^ UInt64(d >= 0x41 && d <= 0x5A ? d | 0x20 : d)) &* 0x100_0000_01b3
                    i += 1
                }
                out.append(h)
            }
            return out
        }
        var shingles = Set<UInt64>()
        if words.count >= Self.shingleSize {
            shingles.reserveCapacity(words.count)
            for start in 0...(words.count - Self.shingleSize) {
                var h: UInt64 = 0x9E37_79B9_7F4A_7C15
                for k in start..<(start + Self.shingleSize) { h = (h ^ words[k]) &* 0xBF58_476D_1CE4_E5B9 &+ 0x94D0_49BB }
                shingles.insert(h)
            }
        } else if !words.isEmpty {
            shingles.insert(words.reduce(0) { ($0 ^ $1) &* 0xBF58_476D_1CE4_E5B9 })
        }
        var signature = [UInt32](repeating: .max, count: Self.hashCount)
        for s in shingles {
            // One 64-bit mix per shingle, then cheap per-function variants (a*x + b, high bits).
            var x = s
            for k in 0..<Self.hashCount {
                x = x &* 0xD6E8_FEB8_6659_FD93 &+ Self.offsets[k]
                let v = UInt32(truncatingIfNeeded: (x ^ (x >> 32)))
                if v < signature[k] { signature[k] = v }
            }
        }
        self.signature = signature
        self.shingles = shingles.count
    }

    private static let offsets: [UInt64] = {
        var rng = SplitMix64(seed: 0x5EED)
        return (0..<hashCount).map { _ in rng.next() | 1 }
    }()

    init(signature: [UInt32], shingles: Int) {
        self.signature = signature
        self.shingles = shingles
    }

    /// The estimated Jaccard similarity of the two shingle sets.
    public func jaccard(_ other: Fingerprint) -> Double {
        guard shingles > 0, other.shingles > 0 else { return 0 }
        var same = 0
        for k in 0..<signature.count where signature[k] == other.signature[k] { same += 1 }
        return Double(same) / Double(signature.count)
    }
}

/// A pair of documents that share most of their text.
public struct DuplicatePair: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// Mostly the same text, same or unknown outlet.
        case nearDuplicate = "near-duplicate"
        /// The same text published by another outlet (or stated as republished).
        case republication
    }

    public var a: String
    public var b: String
    /// Estimated Jaccard similarity of their shingles.
    public var similarity: Double
    /// The share of the smaller document's shingles found in the larger one.
    public var containment: Double
    public var kind: Kind
    /// The document that came first, when a note or the dates say so.
    public var original: String?
    /// Why the kind and direction were chosen.
    public var evidence: String

    public init(a: String, b: String, similarity: Double, containment: Double, kind: Kind, original: String?, evidence: String) {
        self.a = a
        self.b = b
        self.similarity = similarity
        self.containment = containment
        self.kind = kind
        self.original = original
        self.evidence = evidence
    }
}

/// Finds near-duplicate and republished documents with MinHash and LSH banding, never
/// comparing all pairs.
public struct NearDuplicateFinder: Sendable {
    /// What the finder keeps per document.
    public struct Entry: Sendable {
        public var id: String
        public var fingerprint: Fingerprint
        public var outlet: String?
        public var published: Day?
        public var originalSource: String?

        public init(id: String, fingerprint: Fingerprint, outlet: String?, published: Day?, originalSource: String?) {
            self.id = id
            self.fingerprint = fingerprint
            self.outlet = outlet
            self.published = published
            self.originalSource = originalSource
        }

        /// The entry without its MinHash signature: what describing a pair reads.
        public var withoutSignature: Entry {
            var e = self
            e.fingerprint.signature = []
            return e
        }

        public init(_ doc: AnalyzedDocument) {
            self.init(
                id: doc.id, fingerprint: doc.fingerprint, outlet: doc.metadata.outlet, published: doc.metadata.published,
                originalSource: doc.metadata.originalSource)
        }
    }

    public let bands: Int
    public let rows: Int
    /// Pairs below both thresholds are not reported.
    public let minimumSimilarity: Double
    public let minimumContainment: Double
    /// Buckets larger than this (boilerplate-only documents) are skipped, to stay linear.
    public let maximumBucket: Int

    public init(bands: Int = 32, rows: Int = 4, minimumSimilarity: Double = 0.5, minimumContainment: Double = 0.8, maximumBucket: Int = 500) {
        precondition(bands * rows <= Fingerprint.hashCount)
        self.bands = bands
        self.rows = rows
        self.minimumSimilarity = minimumSimilarity
        self.minimumContainment = minimumContainment
        self.maximumBucket = maximumBucket
    }

    /// Candidate pairs (indices, i < j) whose signatures agree on a whole band.
    /// - Complexity: O(n × bands) plus the pairs within each bucket (bounded by `maximumBucket`).
    public func candidates(_ entries: [Entry]) -> Set<Pair> {
        let pairs = candidates(FingerprintTable(entries))
        return Set(pairs.elements(0..<pairs.count).map { Pair(Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) })
    }

    /// Candidate pairs of a table, as `i << 32 | j` (8 bytes a pair), sorted and unique,
    /// reading its signatures back band by band. Memory holds a run of the band's keys and a set
    /// of at most a run's length of pairs at a time: each band's keys are sorted out of memory,
    /// and the pairs go to a paged array in sorted runs, merged at the end.
    func candidates(_ table: FingerprintTable) -> PagedArray<UInt64> {
        let storage = table.storage
        let found: PagedArray<UInt64> = storage.array()
        var pending = Set<UInt64>()
        func flush() {
            found.append(contentsOf: pending.sorted())
            pending.removeAll(keepingCapacity: true)
        }
        for band in 0..<bands {
            let keyed: PagedArray<BandKey> = storage.array()
            table.forEachSignature { i, record in
                guard table.shingles(i) >= 8 else { return }
                var h: UInt64 = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
                for r in 0..<rows { h = (h ^ UInt64(FingerprintTable.value(record, band * rows + r))) &* 0x100_0000_01b3 }
                keyed.append(BandKey(key: h, index: Int32(i)))
            }
            // Buckets are runs of equal keys, members in document order.
            var bucket: [Int32] = []
            var bucketKey: UInt64 = 0
            func close() {
                if bucket.count > 1 && bucket.count <= maximumBucket {
                    for x in bucket.indices {
                        for y in (x + 1)..<bucket.count { pending.insert(UInt64(bucket[x]) << 32 | UInt64(bucket[y])) }
                    }
                    if pending.count >= storage.runLength { flush() }
                }
                bucket.removeAll(keepingCapacity: true)
            }
            keyed.sorted { ($0.key, $0.index) < ($1.key, $1.index) }.forEach { _, entry in
                if !bucket.isEmpty && entry.key != bucketKey { close() }
                bucketKey = entry.key
                // A bucket past the limit is skipped, so its members need not be kept.
                if bucket.count <= maximumBucket { bucket.append(entry.index) }
            }
            close()
        }
        flush()
        // Runs of sorted pairs merged, each pair once.
        let sorted = found.sorted(by: <)
        let unique: PagedArray<UInt64> = storage.array()
        var last: UInt64?
        sorted.forEach { _, pair in
            if pair != last { unique.append(pair) }
            last = pair
        }
        return unique
    }

    public struct Pair: Hashable, Sendable {
        public let i: Int
        public let j: Int
        public init(_ a: Int, _ b: Int) {
            i = min(a, b)
            j = max(a, b)
        }
    }

    /// The near-duplicate and republication pairs among `entries`.
    public func find(_ entries: [Entry]) -> [DuplicatePair] {
        copies(entries).map { describe($0, entries) }
    }

    /// A pair of copies in compact form: entry indices and scores, 24 bytes, so that hundreds
    /// of thousands of pairs cost megabytes until ``describe(_:_:)`` writes one out.
    public struct Copy: Sendable, Hashable, BitwiseCopyable {
        public let i: Int32
        public let j: Int32
        public let similarity: Double
        public let containment: Double
    }

    /// The pairs among `entries` that are copies, in entry order.
    /// - Complexity: that of ``candidates(_:)``, plus O(pairs log pairs).
    public func copies(_ entries: [Entry]) -> [Copy] {
        let found = copies(FingerprintTable(entries))
        return found.elements(0..<found.count)
    }

    /// The pairs of a table that are copies, in entry order, in a paged array; each candidate's
    /// signatures are read back to score it (the first of a run of pairs once).
    func copies(_ table: FingerprintTable) -> PagedArray<Copy> {
        var current = -1
        var first = Fingerprint(signature: [], shingles: 0)
        let out: PagedArray<Copy> = table.storage.array()
        candidates(table).forEach { _, pair in
            let (i, j) = (Int(pair >> 32), Int(pair & 0xFFFF_FFFF))
            if i != current {
                current = i
                first = table.fingerprint(i)
            }
            if let scored = score(first, table.fingerprint(j)) {
                out.append(Copy(i: Int32(i), j: Int32(j), similarity: scored.similarity, containment: scored.containment))
            }
        }
        return out
    }

    /// Estimated Jaccard similarity and containment, or nil when the pair is below both thresholds.
    func score(_ a: Fingerprint, _ b: Fingerprint) -> (similarity: Double, containment: Double)? {
        let j = a.jaccard(b)
        // |A ∩ B| = J (|A| + |B|) / (1 + J); containment of the smaller in the larger.
        let sizeA = Double(a.shingles)
        let sizeB = Double(b.shingles)
        let intersection = j * (sizeA + sizeB) / (1 + j)
        let containment = min(1, intersection / max(1, min(sizeA, sizeB)))
        guard j >= minimumSimilarity || containment >= minimumContainment else { return nil }
        return (j, containment)
    }

    /// The pair's kind, direction and evidence (only the entries' ids, outlets, dates and
    /// notes are read, not their fingerprints).
    public func describe(_ copy: Copy, _ entries: [Entry]) -> DuplicatePair {
        describe(entries[Int(copy.i)], entries[Int(copy.j)], similarity: copy.similarity, containment: copy.containment)
    }

    /// A copy of a table's entries, written out (its two entries read back).
    func describe(_ copy: Copy, _ table: FingerprintTable) -> DuplicatePair {
        describe(table.entry(Int(copy.i)), table.entry(Int(copy.j)), similarity: copy.similarity, containment: copy.containment)
    }

    /// Why a pair has its kind and direction.
    enum Reason {
        /// The copy says it was originally published at the other's outlet.
        case note(copy: Entry)
        case outlets
        case sameOutlet
    }

    /// The pair's kind, the original when a note or the dates give it, and why.
    func direction(_ a: Entry, _ b: Entry) -> (kind: DuplicatePair.Kind, original: String?, reason: Reason) {
        func outletKey(_ s: String?) -> String? { s.map { $0.lowercased().replacingOccurrences(of: "the ", with: "") } }
        if let note = outletKey(b.originalSource), let outlet = outletKey(a.outlet), note == outlet {
            return (.republication, a.id, .note(copy: b))
        }
        if let note = outletKey(a.originalSource), let outlet = outletKey(b.outlet), note == outlet {
            return (.republication, b.id, .note(copy: a))
        }
        var earlier: String?
        if let da = a.published, let db = b.published, da != db { earlier = da < db ? a.id : b.id }
        if let oa = outletKey(a.outlet), let ob = outletKey(b.outlet), oa != ob { return (.republication, earlier, .outlets) }
        return (.nearDuplicate, earlier, .sameOutlet)
    }

    /// The original of a pair of copies, when a note or the dates give it.
    func original(_ a: Entry, _ b: Entry) -> String? { direction(a, b).original }

    func describe(_ a: Entry, _ b: Entry, similarity j: Double, containment: Double) -> DuplicatePair {
        let (kind, original, reason) = direction(a, b)
        var evidence: String
        switch reason {
        case .note(let copy):
            evidence = "\(copy.id) says it was originally published at \(copy.originalSource!)"
        case .outlets:
            evidence = "published by \(a.outlet!) and \(b.outlet!)"
            if let original, let da = a.published, let db = b.published { evidence += "; \(original) was published first (\(min(da, db)))" }
        case .sameOutlet:
            evidence = containment >= minimumContainment && j < 0.8 ? "one contains most of the other (a partial copy)" : "mostly the same text"
            if let original { evidence += "; \(original) is dated earlier" }
        }
        return DuplicatePair(a: a.id, b: b.id, similarity: j, containment: containment, kind: kind, original: original, evidence: evidence)
    }
}

/// The fingerprints of a corpus, out of memory: each document's MinHash signature (512 bytes)
/// in a ``SpillFile``, read back band by band for LSH and pair by pair for scoring; its shingle
/// count in a ``PagedArray``; and what describing a pair reads (id, outlet, date, note) in
/// ``SpilledRecords``.
struct FingerprintTable: Sendable {
    private let signatures: SpillFile
    private let shingleCounts: PagedArray<Int32>
    private var described: SpilledRecords
    static let recordSize = Fingerprint.hashCount * 4
    /// Where signatures and entries live, and what finding copies sorts in memory at a time.
    let storage: CorpusStorage

    init(_ storage: CorpusStorage) {
        self.storage = storage
        signatures = SpillFile(inMemory: storage.inMemory)
        shingleCounts = storage.array(cachedPages: 8)
        described = storage.records()
    }

    /// A table in memory.
    init(_ entries: [NearDuplicateFinder.Entry]) {
        self.init(CorpusStorage(inMemory: true))
        for e in entries { append(e) }
    }

    var count: Int { shingleCounts.count }

    mutating func append(_ entry: NearDuplicateFinder.Entry) {
        precondition(entry.fingerprint.signature.count == Fingerprint.hashCount, "a fingerprint has \(Fingerprint.hashCount) hashes")
        var bytes = [UInt8](repeating: 0, count: Self.recordSize)
        for (k, v) in entry.fingerprint.signature.enumerated() {
            for b in 0..<4 { bytes[k * 4 + b] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(b))) }
        }
        _ = signatures.append(bytes)
        shingleCounts.append(Int32(clamping: entry.fingerprint.shingles))
        var w = ByteWriter()
        w.string(entry.id)
        w.optional(entry.outlet)
        w.optional(entry.published?.description)
        w.optional(entry.originalSource)
        described.append(w)
    }

    /// Entry `i`'s shingle count.
    func shingles(_ i: Int) -> Int { Int(shingleCounts[i]) }

    /// Entry `i` without its signature: what describing a pair reads.
    func entry(_ i: Int) -> NearDuplicateFinder.Entry {
        var r = described.reader(i)
        return NearDuplicateFinder.Entry(
            id: r.string(), fingerprint: Fingerprint(signature: [], shingles: shingles(i)), outlet: r.optional(),
            published: r.optional().flatMap(Day.init(iso:)), originalSource: r.optional())
    }

    /// Entry `i`'s fingerprint, read back.
    func fingerprint(_ i: Int) -> Fingerprint {
        let record = signatures.read(i * Self.recordSize, Self.recordSize)[...]
        return Fingerprint(signature: (0..<Fingerprint.hashCount).map { Self.value(record, $0) }, shingles: shingles(i))
    }

    /// Hash `k` of a signature record.
    @inline(__always) static func value(_ record: ArraySlice<UInt8>, _ k: Int) -> UInt32 {
        let p = record.startIndex + k * 4
        return UInt32(record[p]) | UInt32(record[p + 1]) << 8 | UInt32(record[p + 2]) << 16 | UInt32(record[p + 3]) << 24
    }

    /// Every signature record in order (see ``value(_:_:)``), read in chunks of 2,048.
    func forEachSignature(_ body: (Int, ArraySlice<UInt8>) -> Void) {
        let chunk = 2048
        var start = 0
        while start < count {
            let end = min(count, start + chunk)
            let bytes = signatures.read(start * Self.recordSize, (end - start) * Self.recordSize)
            for i in start..<end {
                let from = (i - start) * Self.recordSize
                body(i, bytes[from..<from + Self.recordSize])
            }
            start = end
        }
    }
}

/// One document's key in one LSH band (16 bytes), as the band's keys are sorted.
struct BandKey: BitwiseCopyable {
    var key: UInt64
    var index: Int32
}
