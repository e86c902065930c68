/// The figures of a corpus (``QuantityStatement``) for the quantity checks, out of memory: what
/// bucketing and comparing need (the quantity, the kind of source, the context names as
/// interned numbers) in ``PagedArray`` columns, and what a finding quotes (the document, the
/// span and its text, the speaker, the date) in ``SpilledRecords``, read back only for the
/// statements a finding names. Memory keeps each distinct subject and context name once.
struct StatementTable: Sendable {
    /// What comparing reads of a figure (32 bytes, where a whole ``Quantity`` takes 88): its
    /// places in the text wait in the spill with the quoted span.
    struct Figure: Sendable {
        var value: Double
        var high: Double?
        var qualifier: Quantity.Qualifier
        var subject: String?
        var interval: ClosedRange<Double> { Quantity.interval(value: value, high: high, qualifier: qualifier) }
    }

    /// A figure as its column stores it: the subject and the kind of source as numbers.
    private struct Row: BitwiseCopyable {
        var value: Double
        /// NaN when the figure is not a range.
        var high: Double
        var qualifier: UInt8
        var kind: UInt8
        /// A number in `subjects`, or -1.
        var subject: Int32
    }

    private static let qualifiers: [Quantity.Qualifier] = [.exact, .approximately, .atLeast, .atMost]
    private static let kindList = SourceKind.allCases

    private let rows: PagedArray<Row>
    private var subjects = Interner<String>()
    /// Every context name once; statement `i`'s are `names[contexts[contextEnd[i-1]..<contextEnd[i]]]`.
    private var nameNumbers = Interner<String>()
    private let contexts: PagedArray<Int32>
    private let contextEnd: PagedArray<Int>
    private var quoted: SpilledRecords
    /// Where the columns and what findings quote live, and what the checks sort in memory at
    /// a time.
    let storage: CorpusStorage

    init(_ storage: CorpusStorage) {
        self.storage = storage
        rows = storage.array(cachedPages: 16)
        contexts = storage.array(cachedPages: 16)
        contextEnd = storage.array(cachedPages: 16)
        quoted = storage.records()
    }

    init(_ statements: [QuantityStatement]) {
        self.init(CorpusStorage(inMemory: true))
        append(statements)
    }

    var count: Int { rows.count }

    /// Every context name once, in order of first appearance.
    var names: [String] { nameNumbers.values }

    mutating func append(_ statements: [QuantityStatement]) {
        for s in statements {
            let q = s.quantity
            rows.append(
                Row(
                    value: q.value, high: q.high ?? .nan, qualifier: UInt8(Self.qualifiers.firstIndex(of: q.qualifier) ?? 0),
                    kind: UInt8(Self.kindList.firstIndex(of: s.sourceKind) ?? 0), subject: q.subject.map { subjects.number($0) } ?? -1))
            // In sorted order, so that buckets and names come out the same in every run.
            for name in s.context.sorted() { contexts.append(nameNumbers.number(name)) }
            contextEnd.append(contexts.count)
            var w = ByteWriter()
            w.string(s.at.document)
            w.int(s.at.start)
            w.int(s.at.end)
            w.string(s.at.text)
            w.optional(s.speaker)
            w.optional(s.date)
            w.int(q.range.start)
            w.int(q.range.end)
            w.int(q.subjectRange?.start ?? -1)
            w.int(q.subjectRange?.end ?? -1)
            w.int(q.vague ? 1 : 0)
            quoted.append(w)
        }
    }

    /// Statement `i`'s figure.
    func figure(_ i: Int) -> Figure {
        let row = rows[i]
        return Figure(
            value: row.value, high: row.high.isNaN ? nil : row.high, qualifier: Self.qualifiers[Int(row.qualifier)],
            subject: row.subject >= 0 ? subjects[row.subject] : nil)
    }

    /// Statement `i`'s value (its low end when a range).
    func value(_ i: Int) -> Double { rows[i].value }

    /// Statement `i`'s subject as a number (see ``subject(named:)``), or nil.
    func subjectNumber(_ i: Int) -> Int32? {
        let subject = rows[i].subject
        return subject >= 0 ? subject : nil
    }

    /// Subject number `n`.
    func subject(_ n: Int32) -> String { subjects[n] }

    /// Statement `i`'s kind of source.
    func kind(_ i: Int) -> SourceKind { Self.kindList[Int(rows[i].kind)] }

    /// Statement `i`'s context names (indices into ``names``).
    func context(_ i: Int) -> [Int32] {
        contexts.elements((i == 0 ? 0 : contextEnd[i - 1])..<contextEnd[i])
    }

    /// Statement `i` in full, read back from the spill.
    subscript(_ i: Int) -> QuantityStatement {
        var r = quoted.reader(i)
        let document = r.string()
        let start = r.int()
        let stop = r.int()
        let text = r.string()
        let speaker = r.optional()
        let date = r.optional()
        let range = TextRange(r.int(), r.int())
        let (subjectStart, subjectEnd) = (r.int(), r.int())
        let f = figure(i)
        let quantity = Quantity(
            range: range, value: f.value, high: f.high, qualifier: f.qualifier, subject: f.subject,
            subjectRange: subjectStart >= 0 ? TextRange(subjectStart, subjectEnd) : nil, vague: r.int() == 1)
        return QuantityStatement(
            at: SpanReference(document: document, start: start, end: stop, text: text), quantity: quantity,
            context: Set(context(i).map { nameNumbers[$0] }), speaker: speaker, sourceKind: kind(i), date: date)
    }
}
