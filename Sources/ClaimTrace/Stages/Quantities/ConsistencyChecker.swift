/// Finds mechanical inconsistencies: weekdays that do not match their dates, bylines that
/// differ from sign-offs, statements dated after publication (within a document), and
/// conflicting or re-attributed figures (across the corpus).
public struct ConsistencyChecker: Sendable {
    public init() {}

    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Findings within one document.
    /// - Complexity: O(dates + attributions + excluded regions).
    public func documentFindings(_ doc: AnalyzedDocument) -> [Finding] {
        let offsets = ScalarOffsets(doc.text)
        var out: [Finding] = []
        // 1. Weekdays.
        for date in doc.dates {
            guard let stated = date.statedWeekday, let day = date.day, day.weekday != stated else { continue }
            out.append(
                Finding(
                    kind: .weekdayMismatch,
                    message: "“\(doc.substring(date.range))”: \(day) was a \(Self.weekdayNames[day.weekday - 1]), not a \(Self.weekdayNames[stated - 1])",
                    at: SpanReference(doc, date.range, offsets: offsets), related: []))
        }
        // 2. Byline and sign-off.
        if let signOff = doc.metadata.signOffAuthor, !doc.metadata.authors.isEmpty,
            !doc.metadata.authors.contains(where: { Self.sameName($0, signOff) })
        {
            let text = Array(doc.text.utf8)
            let at = Self.firstOccurrence(of: signOff, in: text, preferring: doc.excluded.filter { $0.kind == .authorBox }.map(\.range))
            // (Each name is sought through the whole text: a byline of thousands of names,
            // as a JSONL record may give, would make that quadratic.)
            let byline = doc.metadata.authors.prefix(Self.maxBylineReferences).compactMap { Self.firstOccurrence(of: $0, in: text, preferring: []) }
            if let at {
                out.append(
                    Finding(
                        kind: .bylineMismatch,
                        message: "the byline names \(doc.metadata.authors.map { "“\($0)”" }.joined(separator: ", ")) but the sign-off names “\(signOff)”",
                        at: SpanReference(doc, at, offsets: offsets), related: byline.map { SpanReference(doc, $0, offsets: offsets) }))
            }
        }
        // 3. Statements dated after publication (explicit full dates only).
        if let published = doc.metadata.published {
            for attribution in doc.attributions {
                guard let date = attribution.date, date.precision == .day, !date.relative, date.day > published else { continue }
                out.append(
                    Finding(
                        kind: .dateAfterPublication,
                        message: "a statement dated \(date.day) in an article published \(published)",
                        at: SpanReference(doc, date.range, offsets: offsets), related: [SpanReference(doc, attribution.cue, offsets: offsets)]))
            }
        }
        return out
    }

    /// The quantities of a document as the corpus stage needs them. Their context is the names
    /// in their sentence and the document's topic names.
    /// - Complexity: O((quantities + mentions + attributions) × log of them + sentences).
    public func statements(_ doc: AnalyzedDocument, entityNames: [String] = []) -> [QuantityStatement] {
        let offsets = ScalarOffsets(doc.text)
        // The document's topic: its two most-mentioned names other than people and media
        // (at least two mentions each), added to every statement's context.
        let counts = Dictionary(
            doc.mentions.filter { $0.type != .person && $0.type != .media }.map { ($0.canonical ?? doc.substring($0.range), 1) },
            uniquingKeysWith: +)
        let topic = counts.filter { $0.value >= 2 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(2).map(\.key)
        let mentionStarts = PositionIndex(doc.mentions.map { TextRange($0.range.start, $0.range.start) })
        let statementOf = Self.firstContaining(doc.quantities.map(\.range.start), doc.attributions.map(\.content))
        return doc.quantities.indices.compactMap { n in
            let q = doc.quantities[n]
            // (Sentences are sorted and disjoint, as the splitter gives them.)
            guard q.subject != nil, !q.vague, let s = doc.sentences.indexContaining(q.range.start) else { return nil }
            let sentence = doc.sentences[s]
            let context = Set(
                mentionStarts.starting(in: sentence).map { doc.mentions[$0] }.filter { $0.type != .person && $0.type != .media }
                    .map { $0.canonical ?? doc.substring($0.range) } + topic)
            let attributionIndex = statementOf[n]
            var speaker: String?
            var kind = SourceKind.unattributed
            var date = doc.metadata.published?.description
            if let i = attributionIndex {
                let a = doc.attributions[i]
                kind = a.sourceKind
                if let e = doc.entities.attributionEntity[safe: i].flatMap({ $0 }) {
                    speaker = doc.entities.entities[e].name
                } else {
                    speaker = a.source.map(doc.substring)
                }
                date = a.date?.description ?? date
            }
            return QuantityStatement(
                at: SpanReference(doc, q.range, offsets: offsets), quantity: q, context: context, speaker: speaker,
                sourceKind: kind, date: date)
        }
    }

    /// For each offset, the first range (in the order given) that contains it, or nil: a sweep
    /// over the offsets in order, with the ranges that have begun in a heap by their index.
    /// - Complexity: O((offsets + ranges) × log ranges).
    static func firstContaining(_ offsets: [Int], _ ranges: [TextRange]) -> [Int?] {
        var out = [Int?](repeating: nil, count: offsets.count)
        let byStart = ranges.indices.sorted { ranges[$0].start < ranges[$1].start }
        var begun = 0
        var open = Heap()  // indices of ranges begun, smallest first
        for k in offsets.indices.sorted(by: { offsets[$0] < offsets[$1] }) {
            let offset = offsets[k]
            while begun < byStart.count, ranges[byStart[begun]].start <= offset {
                open.insert(byStart[begun])
                begun += 1
            }
            // A range that has ended before this offset has ended for every later one too: taken
            // out when it comes first, the first left contains the offset.
            while let first = open.min, ranges[first].end <= offset { open.removeMin() }
            out[k] = open.min
        }
        return out
    }

    /// A binary min-heap of indices.
    struct Heap {
        private var items: [Int] = []
        var min: Int? { items.first }
        mutating func insert(_ x: Int) {
            items.append(x)
            var i = items.count - 1
            while i > 0, items[(i - 1) / 2] > items[i] {
                items.swapAt(i, (i - 1) / 2)
                i = (i - 1) / 2
            }
        }
        mutating func removeMin() {
            guard !items.isEmpty else { return }
            items.swapAt(0, items.count - 1)
            items.removeLast()
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, items[l] < items[m] { m = l }
                if r < items.count, items[r] < items[m] { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
    }

    /// Conflicting and re-attributed figures across the corpus. Statements about the same
    /// subject sharing a context name form a bucket; within it, statements whose values agree
    /// form clusters. Two clusters whose values cannot both hold give one `quantity-conflict`
    /// (listing their members); a cluster with a figure from a named source and the same figure
    /// from a vague or anonymous one gives one `re-attribution`. Figures are compared when both
    /// are at least 10 and within a factor of 20.
    /// - Complexity: O(n log n) to bucket and sort; at most 20 clusters per bucket are compared
    ///   pairwise, so the work stays linear in the number of statements.
    public func corpusFindings(_ statements: [QuantityStatement]) -> [Finding] {
        corpusFindings(StatementTable(statements))
    }

    func corpusFindings(_ statements: StatementTable) -> [Finding] {
        let lowered = statements.names.map { $0.lowercased() }
        // Buckets out of memory: each (bucket, value, statement) entry in a paged array, sorted
        // by the bucket's key, then the value, then the statement, so that buckets come one at
        // a time in the order of their keys, each's statements in order of value. A cluster of
        // agreeing values is then a run of entries, and a bucket is read once, keeping only its
        // 20 largest clusters (as ranges of entries): memory holds each key once, whatever the
        // size of a bucket.
        var keys = Interner<String>()
        let entries: PagedArray<BucketEntry> = statements.storage.array()
        for i in 0..<statements.count {
            guard let subject = statements.subjectNumber(i) else { continue }
            let value = statements.value(i)
            guard !value.isNaN else { continue }  // cannot be ordered, nor agree or disagree
            for name in statements.context(i) {
                let key = keys.number("\(statements.subject(subject))|\(lowered[Int(name)])")
                entries.append(BucketEntry(key: UInt32(key), statement: UInt32(i), value: value))
            }
        }
        var rank = [UInt32](repeating: 0, count: keys.values.count)
        for (r, k) in keys.values.indices.sorted(by: { keys.values[$0] < keys.values[$1] }).enumerated() { rank[k] = UInt32(r) }
        let sorted = entries.sorted { a, b in
            let (ra, rb) = (rank[Int(a.key)], rank[Int(b.key)])
            if ra != rb { return ra < rb }
            if a.value != b.value { return a.value < b.value }
            return a.statement < b.statement
        }
        // Conflicts already reported, across buckets: their two sides, and for each statement
        // the conflicts it is in.
        var sides: [(Set<Int>, Set<Int>)] = []
        var reported: [Int: [Int]] = [:]
        var reattributed = Set<Int>()
        var out: [Finding] = []
        sorted.forEachRun(by: { $0.key }) { bucket in
            let first = sorted[bucket.lowerBound]
            bucketFindings(
                keys.values[Int(first.key)], lowest: Int(first.statement), clusters(in: bucket, sorted, statements), sorted, statements,
                sides: &sides, reported: &reported, reattributed: &reattributed, out: &out)
        }
        return out
    }

    /// One statement in one bucket, as bucketing sorts them (16 bytes).
    struct BucketEntry: BitwiseCopyable {
        var key: UInt32
        var statement: UInt32
        var value: Double
    }

    /// A cluster of agreeing values in a bucket: a run of its entries, and its first member's
    /// figure.
    struct Cluster {
        var entries: Range<Int>
        var head: StatementTable.Figure
    }

    /// The 20 largest clusters of a bucket (its entries, sorted by value), in order of value;
    /// among clusters of equal size, the first ones. A statement joins the current cluster when
    /// its interval overlaps the cluster head's and its value is within 5% of the head's.
    private func clusters(in bucket: Range<Int>, _ entries: PagedArray<BucketEntry>, _ table: StatementTable) -> [Cluster] {
        let limit = 20
        var kept: [Cluster] = []
        func keep(_ c: Cluster) {
            guard kept.count == limit else { return kept.append(c) }
            // The weakest kept cluster: the smallest, and among the smallest the last.
            var weakest = 0
            for k in kept.indices where kept[k].entries.count <= kept[weakest].entries.count { weakest = k }
            guard c.entries.count > kept[weakest].entries.count else { return }
            kept.remove(at: weakest)
            kept.append(c)
        }
        var current: Cluster?
        entries.forEach(in: bucket) { index, entry in
            let f = table.figure(Int(entry.statement))
            if let c = current, c.head.interval.overlaps(f.interval), f.value <= c.head.value * 1.05 {
                current?.entries = c.entries.lowerBound..<(index + 1)
            } else {
                if let c = current { keep(c) }
                current = Cluster(entries: index..<(index + 1), head: f)
            }
        }
        if let c = current { keep(c) }
        return kept
    }

    /// The conflicts and re-attributions of one bucket ("fighters|islamic state"): its largest
    /// clusters, in order of value, and its statement of the lowest value (which names the
    /// context as the text spells it).
    private func bucketFindings(
        _ key: String, lowest: Int, _ kept: [Cluster], _ entries: PagedArray<BucketEntry>, _ table: StatementTable,
        sides: inout [(Set<Int>, Set<Int>)], reported: inout [Int: [Int]], reattributed: inout Set<Int>, out: inout [Finding]
    ) {
        func members(_ c: Cluster) -> [Int] {
            var out: [Int] = []
            entries.forEach(in: c.entries) { _, entry in out.append(Int(entry.statement)) }
            return out
        }
        func head(_ c: Cluster) -> Int { Int(entries[c.entries.lowerBound].statement) }
        let subject = String(key.split(separator: "|")[0])
        let contextKey = String(key.split(separator: "|", maxSplits: 1)[1])
        // A statement's context names are kept in sorted order (see `StatementTable.append`).
        let contextName = table.context(lowest).map { table.names[Int($0)] }.first { $0.lowercased() == contextKey } ?? contextKey
        // Conflicts between clusters.
        for (x, k1) in kept.enumerated() {
            for k2 in kept[(x + 1)...] {
                let (a, b) = (k1.head, k2.head)
                let (low, high) = (min(a.value, b.value), max(a.value, b.value))
                guard low >= 10, high <= 20 * low, !a.interval.overlaps(b.interval) else { continue }
                // The same conflict seen from another context name is reported once: it is
                // skipped when an earlier conflict had both its sides (or more). Checking
                // sides, not statement pairs, keeps this linear in the cluster sizes.
                let (c1, c2) = (members(k1), members(k2))
                let (s1, s2) = (Set(c1), Set(c2))
                let earlier = reported[c1[0], default: []].suffix(64)
                guard !earlier.contains(where: { k in
                    (s1.isSubset(of: sides[k].0) && s2.isSubset(of: sides[k].1)) || (s1.isSubset(of: sides[k].1) && s2.isSubset(of: sides[k].0))
                }) else { continue }
                for i in c1 + c2 { reported[i, default: []].append(sides.count) }
                sides.append((s1, s2))
                out.append(
                    Finding(
                        kind: .quantityConflict,
                        message: "\(subject) (\(contextName)): \(Self.describe(cluster: c1, table)) vs \(Self.describe(cluster: c2, table))",
                        at: table[c1[0]].at, related: Array((c1.dropFirst() + c2).prefix(12).map { table[$0].at })))
            }
        }
        // Re-attribution within a cluster of the same figure: its first member from a named
        // source and its first from a vague or anonymous one.
        for cluster in kept where !reattributed.contains(head(cluster)) {
            var named: Int?
            var other: Int?
            entries.forEach(in: cluster.entries) { _, entry in
                let i = Int(entry.statement)
                switch table.kind(i) {
                case .named: if named == nil { named = i }
                case .vague, .anonymous: if other == nil { other = i }
                default: break
                }
            }
            guard let named, let other else { continue }
            let (fn, fo) = (table.figure(named), table.figure(other))
            guard fn.value >= 10, abs(fn.value - fo.value) <= 0.02 * fn.value else { continue }
            reattributed.insert(head(cluster))
            let n = table[named]
            let o = table[other]
            out.append(
                Finding(
                    kind: .reattribution,
                    message: "\(subject) (\(contextName)): the figure “\(n.at.text)” given by \(n.speaker ?? "a named source") \(n.date.map { "on \($0) " } ?? "")appears as “\(o.at.text)” from a \(o.sourceKind.rawValue) source (\(o.speaker ?? "unnamed")) in \(o.at.document)",
                    at: o.at, related: [n.at]))
        }
    }

    /// "“nearly 7,000 active fighters” (Zemir Kabulov, 2018-02-13, doc) and 2 more".
    static func describe(cluster: [Int], _ statements: StatementTable) -> String {
        let first = statements[cluster[0]]
        let more = cluster.count > 1 ? " and \(cluster.count - 1) more" : ""
        return "“\(first.at.text)” \(describe(first))\(more)"
    }

    static func describe(_ s: QuantityStatement) -> String {
        var parts: [String] = []
        if let speaker = s.speaker { parts.append(speaker) } else if s.sourceKind == .unattributed { parts.append("the author") }
        if let date = s.date { parts.append(date) }
        parts.append(s.at.document)
        return "(" + parts.joined(separator: ", ") + ")"
    }

    static func sameName(_ a: String, _ b: String) -> Bool {
        let wa = EntityLinker.nameWords(a).map { EntityResolver.skeleton($0) }
        let wb = EntityLinker.nameWords(b).map { EntityResolver.skeleton($0) }
        return wa.last == wb.last && (wa.first == wb.first || wa.count == 1 || wb.count == 1)
    }

    /// Most byline names pointed at in a byline mismatch (all are named in its message).
    static let maxBylineReferences = 16

    static func firstOccurrence(of name: String, in utf8: [UInt8], preferring regions: [TextRange]) -> TextRange? {
        let needle = Array(name.utf8)
        guard !needle.isEmpty, needle.count <= utf8.count else { return nil }
        var found: [TextRange] = []
        var i = 0
        while i + needle.count <= utf8.count {
            if utf8[i] == needle[0], utf8[i..<(i + needle.count)].elementsEqual(needle) { found.append(TextRange(i, i + needle.count)) }
            i += 1
        }
        return found.first { f in regions.contains { $0.contains(f) } } ?? found.first
    }
}
