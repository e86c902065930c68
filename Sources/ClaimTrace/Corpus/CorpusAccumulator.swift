/// What the corpus stages found, as the report, the store and the exports read it: section
/// by section, one record at a time, so that a writer never needs the whole of a section in
/// memory. ``CorpusAnalysis`` holds every record; ``CorpusResults`` writes each out when asked.
public protocol CorpusOutput {
    var entityCount: Int { get }
    /// Each corpus entity, with the document entities ("doc.txt#e2") it merges.
    func forEachEntity(_ body: (CorpusEntity, [String]) throws -> Void) rethrows
    /// Claims told by several documents, by spread.
    var claimCount: Int { get }
    func forEachClaim(_ body: (ClaimCluster) throws -> Void) rethrows
    /// Near-duplicate and republished pairs.
    var duplicateCount: Int { get }
    func forEachDuplicate(_ body: (DuplicatePair) throws -> Void) rethrows
    /// Findings within documents, then across them.
    var findings: [Finding] { get }
    /// Outlet → technique → passages marked.
    var techniqueProfiles: [String: [String: Int]] { get }
}

/// What the corpus stages found, every record in memory: entities across documents, claims,
/// copies and findings.
public struct CorpusAnalysis: Sendable, CorpusOutput {
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

    public init(
        entities: [CorpusEntity], entityMembers: [String: [String]], findings: [Finding], duplicates: [DuplicatePair],
        claims: [ClaimCluster], techniqueProfiles: [String: [String: Int]] = [:]
    ) {
        self.entities = entities
        self.entityMembers = entityMembers
        self.findings = findings
        self.duplicates = duplicates
        self.claims = claims
        self.techniqueProfiles = techniqueProfiles
    }

    public var entityCount: Int { entities.count }
    public func forEachEntity(_ body: (CorpusEntity, [String]) throws -> Void) rethrows {
        for e in entities { try body(e, entityMembers[e.id] ?? []) }
    }
    public var claimCount: Int { claims.count }
    public func forEachClaim(_ body: (ClaimCluster) throws -> Void) rethrows { for c in claims { try body(c) } }
    public var duplicateCount: Int { duplicates.count }
    public func forEachDuplicate(_ body: (DuplicatePair) throws -> Void) rethrows { for d in duplicates { try body(d) } }
}

/// What the corpus stages found, in compact form: entity groups, copy pairs and claim groups
/// as numbers, each record written out only when a writer asks for it (and again if asked
/// again). At 100,000 articles this holds tens of megabytes where the written-out records
/// took hundreds.
public struct CorpusResults: Sendable, CorpusOutput {
    let entityGrouping: EntityResolver.Grouping
    /// The finder that found the copies (its thresholds word their evidence), and what it
    /// reads to describe a pair: the fingerprint table's entries.
    let finder: NearDuplicateFinder
    let fingerprints: FingerprintTable
    let copies: PagedArray<NearDuplicateFinder.Copy>
    let claimGroups: ClaimGroups
    public let findings: [Finding]
    public let techniqueProfiles: [String: [String: Int]]

    public var entityCount: Int { entityGrouping.count }
    public func forEachEntity(_ body: (CorpusEntity, [String]) throws -> Void) rethrows {
        for n in 0..<entityGrouping.count { try body(entityGrouping.entity(n), entityGrouping.members(n)) }
    }
    public var claimCount: Int { claimGroups.count }
    public func forEachClaim(_ body: (ClaimCluster) throws -> Void) rethrows {
        for k in 0..<claimGroups.count { try body(claimGroups.cluster(k)) }
    }
    public var duplicateCount: Int { copies.count }
    public func forEachDuplicate(_ body: (DuplicatePair) throws -> Void) rethrows {
        try copies.forEach { _, copy in try body(finder.describe(copy, fingerprints)) }
    }

    /// Every record written out at once, for writers that need them all (the HTML report).
    public var analysis: CorpusAnalysis {
        var entities: [CorpusEntity] = []
        var members: [String: [String]] = [:]
        forEachEntity { entity, ms in
            entities.append(entity)
            members[entity.id] = ms
        }
        var claims: [ClaimCluster] = []
        forEachClaim { claims.append($0) }
        var duplicates: [DuplicatePair] = []
        forEachDuplicate { duplicates.append($0) }
        return CorpusAnalysis(
            entities: entities, entityMembers: members, findings: findings, duplicates: duplicates, claims: claims,
            techniqueProfiles: techniqueProfiles)
    }
}

/// The corpus stages, in the order ``CorpusAccumulator/finish(starting:)`` runs them.
public enum CorpusStage: String, CaseIterable, Sendable {
    /// Grouping entities across documents.
    case entities
    /// Finding near-duplicates and republications.
    case copies
    /// Linking claims into clusters.
    case claims
    /// Comparing figures across documents.
    case figures

    /// What the stage does, for a progress line.
    public var activity: String {
        switch self {
        case .entities: "grouping entities"
        case .copies: "finding copies"
        case .claims: "linking claims"
        case .figures: "comparing figures"
        }
    }
}

/// Collects, batch by batch, the small per-document results the corpus stages need, so that
/// whole documents need not be kept: entity lists, quantity statements, document findings.
public struct CorpusAccumulator: Sendable {
    /// Each distinct entity name once; per mention, numbers in paged columns and its aliases
    /// and roles in spilled records.
    private var entities: EntityResolver.Table
    /// Figures in compact form; the text a finding quotes waits in a temporary file.
    private var statements: StatementTable
    private var documentFindings: [Finding] = []
    /// Fingerprints; their signatures wait in a temporary file.
    private var fingerprints: FingerprintTable
    /// Claims in compact form; their texts go to a temporary file (in memory for
    /// ``analyze(_:embed:)``).
    private var claims: ClaimTable
    /// Outlet → technique → passages, over the documents added so far.
    public private(set) var techniqueProfiles: [String: [String: Int]] = [:]
    private let clusterer = ClaimClusterer()
    private let checker = ConsistencyChecker()

    /// An accumulator whose claim texts and speakers wait in a temporary file until the end
    /// (in memory when `spill` is false, or when no temporary file can be written).
    public init(spill: Bool = true) { self.init(spill: spill, runLength: 1 << 18) }

    /// With `runLength`, what the corpus stages sort in memory at a time (small in tests, so
    /// that their sorts merge many runs).
    init(spill: Bool, runLength: Int) {
        let storage = CorpusStorage(inMemory: !spill, runLength: runLength)
        entities = EntityResolver.Table(storage)
        claims = ClaimTable(storage)
        statements = StatementTable(storage)
        fingerprints = FingerprintTable(storage)
    }

    /// Adds a batch. `embed`, when given, turns claim texts into unit sentence vectors (one per
    /// text, in order), which the claim clusterer uses as one more signal.
    /// Each document's figures and fingerprint entry are worked out on `jobs` threads, then
    /// added in document order with its claim candidates (a per-document stage).
    public mutating func add(_ documents: [AnalyzedDocument], jobs: Int = 1, embed: (([String]) -> [[Float]])? = nil) {
        var batchCandidates: [ClaimCandidate] = []
        var batchDocuments: [Int32] = []
        let checker = self.checker
        // Safe to force: the closure throws nothing.
        let parts = try! parallelMap(documents.count, jobs: jobs) { k in
            (checker.statements(documents[k]), NearDuplicateFinder.Entry(documents[k]))
        }
        for (doc, (figures, entry)) in zip(documents, parts) {
            // Every table numbers documents in the order they come: entities, fingerprints and
            // claims all know document `d` by the same number.
            let number = Int32(claims.documentCount)
            claims.addDocument(id: doc.id, outlet: doc.metadata.outlet, published: doc.metadata.published?.description)
            entities.add(document: doc.id, entities: doc.entities.entities)
            statements.append(figures)
            documentFindings += doc.findings
            fingerprints.append(entry)
            let outlet = doc.metadata.outlet ?? "(no outlet)"
            for technique in doc.techniques { techniqueProfiles[outlet, default: [:]][technique.technique.rawValue, default: 0] += 1 }
            for candidate in doc.claimCandidates {
                batchCandidates.append(candidate)
                batchDocuments.append(number)
            }
        }
        if let embed, !batchCandidates.isEmpty {
            let vectors = embed(batchCandidates.map(\.text))
            for index in batchCandidates.indices where index < vectors.count {
                batchCandidates[index].setVector(vectors[index])
            }
        }
        for (candidate, document) in zip(batchCandidates, batchDocuments) { claims.append(candidate, document: document) }
    }

    /// Runs the corpus stages. The results keep the records in compact form and write each
    /// one out when asked (see ``CorpusResults``).
    /// - Complexity: that of ``EntityResolver/group(_:)``, ``NearDuplicateFinder/copies(_:)``,
    ///   claim linking and ``ConsistencyChecker/corpusFindings(_:)``.
    /// `starting` is told each stage as it begins, in order, for a progress line or timings.
    public func finish(starting: (CorpusStage) -> Void = { _ in }) -> CorpusResults {
        starting(.entities)
        let grouping = EntityResolver().group(entities)
        starting(.copies)
        let finder = NearDuplicateFinder()
        let copies = finder.copies(fingerprints)
        starting(.claims)
        let claimGroups = clusterer.groups(
            claims,
            corpusEntity: { document, local in grouping.id(document: Int(document), local: local) },
            entityCountry: grouping.country(ofEntity:),
            // Copies and their originals, worked out only as far as claims need them.
            copies: { visit in
                copies.forEach { _, copy in
                    let (a, b) = (fingerprints.entry(Int(copy.i)), fingerprints.entry(Int(copy.j)))
                    let original = finder.original(a, b)
                    visit(copy.i, copy.j, original == nil ? nil : original == a.id ? copy.i : copy.j)
                }
            })
        starting(.figures)
        let findings = documentFindings + checker.corpusFindings(statements)
        return CorpusResults(
            entityGrouping: grouping, finder: finder, fingerprints: fingerprints, copies: copies,
            claimGroups: claimGroups, findings: findings, techniqueProfiles: techniqueProfiles)
    }

    /// The corpus stages over documents held in memory.
    public static func analyze(_ documents: [AnalyzedDocument], embed: (([String]) -> [[Float]])? = nil) -> CorpusAnalysis {
        var accumulator = CorpusAccumulator(spill: false)
        accumulator.add(documents, embed: embed)
        return accumulator.finish().analysis
    }
}
