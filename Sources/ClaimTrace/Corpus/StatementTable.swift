/// The figures of a corpus (``QuantityStatement``) in compact form for the quantity checks:
/// what bucketing and comparing need (the quantity, the kind of source, the context names as
/// interned numbers) in memory, and what a finding quotes (the span, its text, the speaker,
/// the date) in a ``SpillFile``, read back only for the statements a finding names.
struct StatementTable: Sendable {
    private(set) var quantities: [Quantity] = []
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

    var count: Int { quantities.count }

    /// Every context name once, in order of first appearance.
    var names: [String] { nameNumbers.values }

    mutating func append(_ statements: [QuantityStatement]) {
        for s in statements {
            quantities.append(s.quantity)
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
        return QuantityStatement(
            at: SpanReference(document: documents[document[i]], start: start, end: stop, text: text), quantity: quantities[i],
            context: Set(context(i).map { nameNumbers[$0] }), speaker: speaker, sourceKind: kinds[i], date: date)
    }
}
