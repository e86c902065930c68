/// The claim candidates of a corpus in compact form: what linking needs (features, document,
/// speaker entity, sentence vector) in flat arrays, and each claim's text and speaker in a
/// ``SpillFile``, read back only for the claims that end up in a cluster.
///
/// About 0.4 KB of memory per claim for features and indexes (plus 384 bytes when a sentence
/// encoder ran), instead of its strings.
struct ClaimTable: Sendable {
    struct Document: Sendable {
        var id: String
        var outlet: String?
        var published: String?
    }

    private(set) var documents: [Document] = []
    private var documentNumbers = Interner<String>()
    /// All features, claim after claim; claim `i`'s are `features[featureEnd[i - 1]..<featureEnd[i]]`.
    private(set) var features: [UInt64] = []
    private var featureEnd: [Int] = []
    private(set) var document: [Int32] = []
    /// The speaker's entity within its document, or -1.
    private(set) var localEntity: [Int32] = []
    /// Compact sentence vectors, claim after claim, for the claims that have one.
    private var vectors: [Int8] = []
    private var vectorStart: [Int32] = []
    private var vectorLength = 0
    private var members: SpilledRecords

    /// Members go to a temporary file, or stay in memory when `inMemory` is set.
    init(inMemory: Bool) { members = SpilledRecords(inMemory: inMemory) }

    var count: Int { document.count }

    /// The number of a document that has claims here.
    func documentNumber(_ id: String) -> Int32? { documentNumbers.number(ifKnown: id) }

    /// Adds the candidates of one document.
    mutating func append(_ candidates: [ClaimCandidate]) {
        for c in candidates {
            let doc = documentNumbers.number(c.member.at.document)
            if doc == documents.count { documents.append(Document(id: c.member.at.document, outlet: c.outlet, published: c.published)) }
            features += c.features
            featureEnd.append(features.count)
            document.append(doc)
            localEntity.append(Int32(c.localEntity ?? -1))
            if let v = c.vector, v.count == vectorLength || vectorLength == 0 {
                vectorLength = v.count
                vectorStart.append(Int32(vectors.count / max(1, vectorLength)))
                vectors += v
            } else {
                vectorStart.append(-1)
            }
            members.append(Self.encode(c.member))
        }
    }

    func features(_ i: Int) -> ArraySlice<UInt64> {
        features[(i == 0 ? 0 : featureEnd[i - 1])..<featureEnd[i]]
    }

    func vector(_ i: Int) -> ArraySlice<Int8>? {
        let start = vectorStart[i]
        guard start >= 0 else { return nil }
        let from = Int(start) * vectorLength
        return vectors[from..<from + vectorLength]
    }

    func info(_ i: Int) -> Document { documents[Int(document[i])] }

    /// Claim `i`'s member, as it was added.
    func member(_ i: Int) -> ClaimMember {
        var r = members.reader(i)
        let doc = documents[Int(document[i])].id
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
