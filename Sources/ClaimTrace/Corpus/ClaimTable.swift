/// The claim candidates of a corpus, out of memory: what linking needs (features, document,
/// speaker entity, sentence vector) in ``PagedArray`` columns, and each claim's text and
/// speaker, and each document's id, outlet and date, in ``SpilledRecords``. Linking reads the
/// columns in order; members are read back only for the claims that end up in a cluster.
///
/// Memory holds the columns' cached pages (a few megabytes), whatever the number of claims.
struct ClaimTable: Sendable {
    struct Document: Sendable {
        var id: String
        var outlet: String?
        var published: String?
    }

    /// Each document's id, outlet and date, by document number (the order they were added).
    private var documentRecords: SpilledRecords
    private var lastDocument: String?
    /// All features, claim after claim; claim `i`'s are `features[featureEnd[i - 1]..<featureEnd[i]]`.
    private let features: PagedArray<UInt64>
    private let featureEnd: PagedArray<Int>
    /// Each claim's document number.
    let document: PagedArray<Int32>
    /// The speaker's entity within its document, or -1.
    let localEntity: PagedArray<Int32>
    /// Compact sentence vectors, claim after claim, for the claims that have one.
    private let vectors: PagedArray<Int8>
    private let vectorStart: PagedArray<Int32>
    private var vectorLength = 0
    private var members: SpilledRecords
    /// Where the columns live, and what linking sorts in memory at a time.
    let storage: CorpusStorage

    init(_ storage: CorpusStorage) {
        self.storage = storage
        documentRecords = storage.records()
        features = storage.array()
        featureEnd = storage.array(cachedPages: 16)
        document = storage.array(cachedPages: 16)
        localEntity = storage.array(cachedPages: 16)
        vectors = storage.array()
        vectorStart = storage.array(cachedPages: 16)
        members = storage.records()
    }

    var count: Int { document.count }

    /// The number of documents added (with claims or not).
    var documentCount: Int { documentRecords.count }

    /// Adds a document; its claims follow with ``append(_:document:)``. Documents are numbered
    /// in the order they are added.
    mutating func addDocument(id: String, outlet: String?, published: String?) {
        var w = ByteWriter()
        w.string(id)
        w.optional(outlet)
        w.optional(published)
        documentRecords.append(w)
        lastDocument = id
    }

    /// Adds candidates, each of the document it names: a new document when it differs from the
    /// last one added (candidates come document after document).
    mutating func append(_ candidates: [ClaimCandidate]) {
        for c in candidates {
            if c.member.at.document != lastDocument { addDocument(id: c.member.at.document, outlet: c.outlet, published: c.published) }
            append(c, document: Int32(documentCount - 1))
        }
    }

    /// Adds one claim of document number `doc`.
    mutating func append(_ c: ClaimCandidate, document doc: Int32) {
        features.append(contentsOf: c.features)
        featureEnd.append(features.count)
        document.append(doc)
        localEntity.append(Int32(c.localEntity ?? -1))
        if let v = c.vector, v.count == vectorLength || vectorLength == 0 {
            vectorLength = v.count
            vectorStart.append(Int32(vectors.count / max(1, vectorLength)))
            vectors.append(contentsOf: v)
        } else {
            vectorStart.append(-1)
        }
        members.append(Self.encode(c.member))
    }

    func features(_ i: Int) -> [UInt64] {
        features.elements((i == 0 ? 0 : featureEnd[i - 1])..<featureEnd[i])
    }

    /// Calls `body` with each claim's number and features, in order.
    func forEachClaim(_ body: (Int, [UInt64]) -> Void) {
        var start = 0
        featureEnd.forEach { i, end in
            body(i, features.elements(start..<end))
            start = end
        }
    }

    /// True when claims have sentence vectors.
    var hasVectors: Bool { vectorLength > 0 }

    func vector(_ i: Int) -> [Int8]? {
        let start = vectorStart[i]
        guard start >= 0 else { return nil }
        let from = Int(start) * vectorLength
        return vectors.elements(from..<from + vectorLength)
    }

    /// Document number `d`'s id, outlet and date.
    func documentInfo(_ d: Int) -> Document {
        var r = documentRecords.reader(d)
        return Document(id: r.string(), outlet: r.optional(), published: r.optional())
    }

    /// Claim `i`'s document's id, outlet and date.
    func info(_ i: Int) -> Document { documentInfo(Int(document[i])) }

    /// Claim `i`'s member, as it was added.
    func member(_ i: Int) -> ClaimMember {
        var r = members.reader(i)
        let doc = info(i).id
        let start = r.int()
        let stop = r.int()
        let text = r.string()
        let attribution = r.optional()
        let kind = SourceKind(rawValue: r.string()) ?? .unattributed
        return ClaimMember(
            at: SpanReference(document: doc, start: start, end: stop, text: text), attribution: attribution, sourceKind: kind,
            speaker: r.optional(), entity: r.optional(), country: r.optional(), date: r.optional(), copyOf: r.optional())
    }

    static func encode(_ m: ClaimMember) -> ByteWriter {
        var w = ByteWriter()
        w.int(m.at.start)
        w.int(m.at.end)
        w.string(m.at.text)
        w.optional(m.attribution)
        w.string(m.sourceKind.rawValue)
        for s in [m.speaker, m.entity, m.country, m.date, m.copyOf] { w.optional(s) }
        return w
    }
}
