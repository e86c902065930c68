/// The figures of a corpus (``QuantityStatement``) in compact form for the quantity checks:
/// what bucketing and comparing need (the quantity, the kind of source, the context names as
/// interned numbers) in memory, and what a finding quotes (the span, its text, the speaker,
/// the date) in a ``SpillFile``, read back only for the statements a finding names.
struct StatementTable: Sendable {
    /// What comparing reads of a figure (48 bytes, where a whole ``Quantity`` takes 88): its
    /// places in the text wait in the spill with the quoted span.
    struct Figure: Sendable {
        var value: Double
        var high: Double?
        var qualifier: Quantity.Qualifier
        var subject: String?
        var interval: ClosedRange<Double> { Quantity.interval(value: value, high: high, qualifier: qualifier) }
    }

    private(set) var figures: [Figure] = []
    private(set) var kinds: [SourceKind] = []
    /// Every context name once; statement `i`'s are `names[contexts[contextEnd[i-1]..<contextEnd[i]]]`.
    private var nameNumbers = Interner<String>()
    private var contexts: [Int32] = []
    private var contextEnd: [Int] = []
    private var documents = Interner<String>()
    private var document: [Int32] = []
    private var quoted: SpilledRecords

    /// What findings quote goes to a temporary file, or stays in memory when `inMemory` is set.
    init(inMemory: Bool) { quoted = SpilledRecords(inMemory: inMemory) }

    init(_ statements: [QuantityStatement]) {
        self.init(inMemory: true)
        append(statements)
    }

    var count: Int { figures.count }

    /// Every context name once, in order of first appearance.
    var names: [String] { nameNumbers.values }

    mutating func append(_ statements: [QuantityStatement]) {
        for s in statements {
            let q = s.quantity
            figures.append(Figure(value: q.value, high: q.high, qualifier: q.qualifier, subject: q.subject))
            kinds.append(s.sourceKind)
            // In sorted order, so that buckets and names come out the same in every run.
            for name in s.context.sorted() { contexts.append(nameNumbers.number(name)) }
            contextEnd.append(contexts.count)
            document.append(documents.number(s.at.document))
            var w = ByteWriter()
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

    /// Statement `i`'s context names (indices into ``names``).
    func context(_ i: Int) -> ArraySlice<Int32> {
        contexts[(i == 0 ? 0 : contextEnd[i - 1])..<contextEnd[i]]
    }

    /// Statement `i` in full, read back from the spill.
    subscript(_ i: Int) -> QuantityStatement {
        var r = quoted.reader(i)
        let start = r.int()
        let stop = r.int()
        let text = r.string()
        let speaker = r.optional()
        let date = r.optional()
        let range = TextRange(r.int(), r.int())
        let (subjectStart, subjectEnd) = (r.int(), r.int())
        let f = figures[i]
        let quantity = Quantity(
            range: range, value: f.value, high: f.high, qualifier: f.qualifier, subject: f.subject,
            subjectRange: subjectStart >= 0 ? TextRange(subjectStart, subjectEnd) : nil, vague: r.int() == 1)
        return QuantityStatement(
            at: SpanReference(document: documents[document[i]], start: start, end: stop, text: text), quantity: quantity,
            context: Set(context(i).map { nameNumbers[$0] }), speaker: speaker, sourceKind: kinds[i], date: date)
    }
}
