/// What the corpus stages found: entities across documents and findings.
public struct CorpusAnalysis: Sendable {
    public var entities: [CorpusEntity]
    /// Corpus entity id → the document entity ids it merges ("doc.txt#e2").
    public var entityMembers: [String: [String]]
    /// Findings within documents, then across them.
    public var findings: [Finding]
    /// Near-duplicate and republished pairs.
    public var duplicates: [DuplicatePair]
    /// Claims told by several documents, with their provenance.
    public var claims: [ClaimCluster]
    /// Outlet → technique → passages marked, over the whole corpus ("(no outlet)" when a
    /// document names none).
    public var techniqueProfiles: [String: [String: Int]] = [:]

    public static let empty = CorpusAnalysis(entities: [], entityMembers: [:], findings: [], duplicates: [], claims: [])
}

/// Collects, batch by batch, the small per-document results the corpus stages need, so that
/// whole documents need not be kept: entity lists, quantity statements, document findings.
public struct CorpusAccumulator: Sendable {
    /// Each distinct document entity once, and per document the indices of its entities.
    private var entities = EntityResolver.Table()
    /// Figures in compact form; the text a finding quotes waits in a temporary file.
    private var statements: StatementTable
    private var documentFindings: [Finding] = []
    private var fingerprints: [NearDuplicateFinder.Entry] = []
    /// Claims in compact form; their texts go to a temporary file (in memory for
    /// ``analyze(_:embed:)``).
    private var claims: ClaimTable
    private var techniqueProfiles: [String: [String: Int]] = [:]
    private let clusterer = ClaimClusterer()
    private let checker = ConsistencyChecker()

    /// An accumulator whose claim texts and speakers wait in a temporary file until the end
    /// (in memory when `spill` is false, or when no temporary file can be written).
    public init(spill: Bool = true) {
        claims = ClaimTable(inMemory: !spill)
        statements = StatementTable(inMemory: !spill)
    }

    /// Adds a batch. `embed`, when given, turns claim texts into unit sentence vectors (one per
    /// text, in order), which the claim clusterer uses as one more signal.
    public mutating func add(_ documents: [AnalyzedDocument], embed: (([String]) -> [[Float]])? = nil) {
        var batchCandidates: [ClaimCandidate] = []
        for doc in documents {
            entities.add(document: doc.id, entities: doc.entities.entities)
            statements.append(checker.statements(doc))
            documentFindings += doc.findings
            fingerprints.append(NearDuplicateFinder.Entry(doc))
            let outlet = doc.metadata.outlet ?? "(no outlet)"
            for technique in doc.techniques { techniqueProfiles[outlet, default: [:]][technique.technique.rawValue, default: 0] += 1 }
            batchCandidates += clusterer.candidates(doc)
        }
        if let embed, !batchCandidates.isEmpty {
            let vectors = embed(batchCandidates.map(\.text))
            for index in batchCandidates.indices where index < vectors.count {
                batchCandidates[index].setVector(vectors[index])
            }
        }
        claims.append(batchCandidates)
    }

    /// Runs the corpus stages.
    /// - Complexity: that of ``EntityResolver/resolve(_:)`` and ``ConsistencyChecker/corpusFindings(_:)``.
    public func finish() -> CorpusAnalysis {
        let output = EntityResolver().resolve(entities)
        var members: [String: [String]] = [:]
        for document in entities.documents {
            for (local, id) in (output.corpusId[document] ?? []).enumerated() {
                members[id, default: []].append("\(document)#e\(local + 1)")
            }
        }
        let duplicates = NearDuplicateFinder().find(fingerprints)
        let countries = Dictionary(output.entities.map { ($0.id, $0.country) }, uniquingKeysWith: { a, _ in a })
        let claims = clusterer.cluster(
            self.claims,
            corpusEntity: { document, local in output.corpusId[document]?[safe: local] },
            entityCountry: { countries[$0] ?? nil }, copies: duplicates)
        return CorpusAnalysis(
            entities: output.entities, entityMembers: members, findings: documentFindings + checker.corpusFindings(statements),
            duplicates: duplicates, claims: claims, techniqueProfiles: techniqueProfiles)
    }

    /// The corpus stages over documents held in memory.
    public static func analyze(_ documents: [AnalyzedDocument], embed: (([String]) -> [[Float]])? = nil) -> CorpusAnalysis {
        var accumulator = CorpusAccumulator(spill: false)
        accumulator.add(documents, embed: embed)
        return accumulator.finish()
    }
}
