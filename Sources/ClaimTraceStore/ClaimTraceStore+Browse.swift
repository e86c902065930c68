public import ClaimTrace
import Foundation
import GRDB

/// Which stored documents to list or search: every set field must hold.
public struct DocumentFilter: Sendable, Equatable {
    public var outlet: String?
    /// Published on or after this day (`YYYY-MM-DD`).
    public var from: String?
    /// Published on or before this day (`YYYY-MM-DD`).
    public var to: String?
    /// Has at least one statement with this kind of source (`named`, `anonymous`, ...).
    public var sourceKind: String?
    /// Has at least one passage marked with this technique (`Loaded_Language`, ...).
    public var technique: String?

    public init(outlet: String? = nil, from: String? = nil, to: String? = nil, sourceKind: String? = nil, technique: String? = nil) {
        self.outlet = outlet
        self.from = from
        self.to = to
        self.sourceKind = sourceKind
        self.technique = technique
    }

    /// The SQL condition on `document` and its arguments.
    var condition: (sql: String, arguments: StatementArguments) {
        var parts: [String] = []
        var arguments = StatementArguments()
        if let outlet {
            parts.append("document.outlet = ?")
            _ = arguments.append(contentsOf: [outlet])
        }
        if let from {
            parts.append("document.published >= ?")
            _ = arguments.append(contentsOf: [from])
        }
        if let to {
            parts.append("document.published <= ?")
            _ = arguments.append(contentsOf: [to])
        }
        if let sourceKind {
            parts.append("EXISTS (SELECT 1 FROM span WHERE span.documentId = document.id AND span.layer = 'attribution-cue' AND span.kind = ?)")
            _ = arguments.append(contentsOf: [sourceKind])
        }
        if let technique {
            parts.append("EXISTS (SELECT 1 FROM span WHERE span.documentId = document.id AND span.layer = 'technique' AND span.kind = ?)")
            _ = arguments.append(contentsOf: [technique])
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), arguments)
    }
}

/// A line of a document list.
public struct DocumentSummary: Sendable, Equatable, Codable {
    public var id: String
    public var title: String?
    public var outlet: String?
    public var published: String?
    public var authors: [String]
    public var source: String
}

/// One page of a longer list, with the length of the whole list.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int

    public init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}

/// How far a full-text search may go.
public struct SearchLimits: Sendable, Equatable {
    /// Stop the search after this long (nil: no limit).
    public var timeBudget: Duration?
    /// Count matching documents up to this many, and page through no more.
    public var maxCounted: Int

    public init(timeBudget: Duration? = nil, maxCounted: Int = 1_000_000) {
        self.timeBudget = timeBudget
        self.maxCounted = maxCounted
    }
}

/// One page of full-text search hits.
public struct SearchPage: Sendable {
    public var items: [SearchHit] = []
    /// Matching documents, counted up to the cap (or as far as the search got when cut short).
    public var total = 0
    /// More documents match than were counted: `total` is the cap.
    public var totalIsCapped = false
    /// The time budget ran out: `items` (possibly none) and `total` are what was found by then.
    public var cutShort = false

    public init() {}
}

/// Counts over the whole store, for the overview.
public struct CorpusStats: Sendable {
    public var documents = 0
    /// Outlet → documents.
    public var outlets: [String: Int] = [:]
    public var firstPublished: String?
    public var lastPublished: String?
    /// Kind of source → statements.
    public var sourceKinds: [String: Int] = [:]
    /// The author's own check-worthy claims.
    public var assertions = 0
    /// Technique → passages.
    public var techniques: [String: Int] = [:]
    /// The latest finished run, whose claims, copies and findings the views show.
    public var run: RunInfo?
    public var claims = 0
    public var duplicates = 0
    public var republications = 0
    /// Finding kind → findings of that run.
    public var findings: [String: Int] = [:]
    /// Documents stored or changed after that run finished (their corpus links are not known yet).
    public var documentsAfterRun = 0
}

/// One `analyze` run.
public struct RunInfo: Sendable, Equatable {
    public var id: Int64
    public var startedAt: String
    public var finishedAt: String?
    public var documents: Int
}

extension ClaimTraceStore {
    /// How many rows `FROM source WHERE condition` holds, and one page of them: the one place
    /// every paged list (documents, search hits, claims, findings, copies) is read.
    /// `selectArguments` bind the placeholders of `columns` (they come before the condition's).
    static func page(
        _ db: Database, columns: String, from source: String, where condition: String, arguments: StatementArguments,
        orderBy order: String, offset: Int, limit: Int, selectArguments: StatementArguments = []
    ) throws -> (total: Int, rows: [Row]) {
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(source) WHERE \(condition)", arguments: arguments) ?? 0
        var pageArguments = selectArguments
        _ = pageArguments.append(contentsOf: arguments)
        _ = pageArguments.append(contentsOf: [limit, offset])
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM \(source) WHERE \(condition) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: pageArguments)
        return (total, rows)
    }

    /// The condition of a run's findings or copies: `runId = ?`, then `kind = ?` when a kind is
    /// given, then the table's own condition for one document when one is given; with their
    /// arguments in order.
    static func runCondition(_ run: Int64, kind: String?, document: (sql: String, arguments: StatementArguments)?)
        -> (condition: String, arguments: StatementArguments)
    {
        var condition = "runId = ?"
        var arguments: StatementArguments = [run]
        if let kind {
            condition += " AND kind = ?"
            _ = arguments.append(contentsOf: [kind])
        }
        if let document {
            condition += " AND " + document.sql
            _ = arguments.append(contentsOf: document.arguments)
        }
        return (condition, arguments)
    }

    // MARK: Documents

    /// A page of the documents the filter lets through, newest first.
    /// - Complexity: one indexed query; the technique and source-kind filters probe the span
    ///   index once per candidate document.
    public func documents(_ filter: DocumentFilter = .init(), offset: Int = 0, limit: Int = 50) throws -> Page<DocumentSummary> {
        let (condition, arguments) = filter.condition
        return try read { db in
            let (total, rows) = try Self.page(
                db, columns: "id, title, outlet, published, authors, source", from: "document", where: condition, arguments: arguments,
                orderBy: "published IS NULL, published DESC, id", offset: offset, limit: limit)
            return Page(items: rows.map(Self.summary), total: total)
        }
    }

    /// The summaries of some documents, by id (unknown ids are left out).
    public func summaries(_ ids: [String]) throws -> [String: DocumentSummary] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            var out: [String: DocumentSummary] = [:]
            // SQLite binds at most 32766 variables; stay far below.
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                for row in try Row.fetchAll(
                    db, sql: "SELECT id, title, outlet, published, authors, source FROM document WHERE id IN (\(marks))",
                    arguments: StatementArguments(part))
                {
                    let summary = Self.summary(row)
                    out[summary.id] = summary
                }
            }
            return out
        }
    }

    static func summary(_ row: Row) -> DocumentSummary {
        let authors: String = row["authors"]
        return DocumentSummary(
            id: row["id"], title: row["title"], outlet: row["outlet"], published: row["published"],
            authors: stringList(authors), source: row["source"])
    }

    /// Every span of a document, all layers, in order of start.
    public func allSpans(documentId: String) throws -> [StoredSpan] {
        try read { db in
            try StoredSpan.filter(Column("documentId") == documentId).order(Column("start"), Column("end")).fetchAll(db)
        }
    }

    /// The entities found in one document.
    public func documentEntities(documentId: String) throws -> [StoredDocumentEntity] {
        try read { db in
            try StoredDocumentEntity.filter(Column("documentId") == documentId).order(Column("localIndex")).fetchAll(db)
        }
    }

    /// The distinct outlets, most documents first.
    public func outlets() throws -> [(name: String, documents: Int)] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT outlet, COUNT(*) AS n FROM document WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY n DESC, outlet"
            ).map { ($0["outlet"], $0["n"]) }
        }
    }

    // MARK: Search

    /// Full-text search over titles and texts, filtered: one page of hits, best first, with the
    /// number of matching documents (counted up to `limits.maxCounted`), within a time budget.
    /// The snippet marks each match between `open` and `close` (pick characters that cannot
    /// occur in text, so that a caller can escape the snippet and then turn the marks into markup).
    /// - Complexity: ranks every match of the words (FTS5 bm25), so common words over a large
    ///   corpus are slow: `limits.timeBudget` stops the search, which then reports `cutShort`.
    public func search(
        _ query: String, filter: DocumentFilter, offset: Int = 0, limit: Int = 20, open: String = "[", close: String = "]",
        limits: SearchLimits = .init()
    ) throws -> SearchPage {
        let pattern = Self.ftsQuery(query)
        guard !pattern.isEmpty else { return SearchPage() }
        let (condition, filterArguments) = filter.condition
        let deadline = limits.timeBudget.map { budget in
            let (seconds, attoseconds) = budget.components
            return DispatchTime.now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        }
        let source = "document_fts JOIN document ON document.rowKey = document_fts.rowid WHERE document_fts MATCH ? AND \(condition)"
        var arguments: StatementArguments = [pattern]
        _ = arguments.append(contentsOf: filterArguments)
        return try read { db in
            var page = SearchPage()
            do {
                try db.withDeadline(deadline) {
                    if offset < limits.maxCounted {
                        var pageArguments: StatementArguments = [open, close]
                        _ = pageArguments.append(contentsOf: arguments)
                        _ = pageArguments.append(contentsOf: [min(limit, limits.maxCounted - offset), offset])
                        page.items = try Row.fetchAll(
                            db,
                            sql: """
                                SELECT document.id AS id, document.title AS title,
                                       snippet(document_fts, 1, ?, ?, '…', 24) AS snippet, bm25(document_fts) AS rank
                                FROM \(source) ORDER BY rank LIMIT ? OFFSET ?
                                """, arguments: pageArguments
                        ).map { SearchHit(documentId: $0["id"], title: $0["title"], snippet: $0["snippet"], rank: $0["rank"]) }
                    }
                    var countArguments = arguments
                    _ = countArguments.append(contentsOf: [limits.maxCounted + 1])
                    let counted = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM \(source) LIMIT ?)", arguments: countArguments) ?? 0
                    page.total = min(counted, limits.maxCounted)
                    page.totalIsCapped = counted > limits.maxCounted
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
                page.cutShort = true
                page.total = offset + page.items.count
            }
            return page
        }
    }

    // MARK: Corpus results

    /// The latest run that finished (a failed or interrupted run is never the latest); its `id`
    /// is that of the run whose corpus results it shows (itself, or the earlier run whose
    /// results it found again).
    public func latestRun() throws -> RunInfo? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(resultsOf, id) AS id, startedAt, finishedAt, documents FROM run
                    WHERE status = 'finished' ORDER BY run.id DESC LIMIT 1
                    """
            ).map { RunInfo(id: $0["id"], startedAt: $0["startedAt"], finishedAt: $0["finishedAt"], documents: $0["documents"]) }
        }
    }

    /// A page of a run's claims as their stored JSON, most widespread first; with `documentId`,
    /// only the claims told in that document; with `label`, only those whose label contains it
    /// (ASCII letters in any case).
    public func claimRecords(run: Int64, documentId: String? = nil, label: String? = nil, offset: Int = 0, limit: Int = 50) throws
        -> Page<String>
    {
        try read { db in
            var condition = ""
            var arguments: StatementArguments = [run]
            if let documentId {
                condition += " AND id IN (SELECT claimId FROM claim_document WHERE runId = ? AND documentId = ?)"
                _ = arguments.append(contentsOf: [run, documentId])
            }
            if let label {
                let escaped = label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_")
                condition += " AND label LIKE ? ESCAPE '\\'"
                _ = arguments.append(contentsOf: ["%" + escaped + "%"])
            }
            let (total, rows) = try Self.page(
                db, columns: "json", from: "claim", where: "runId = ?" + condition, arguments: arguments,
                orderBy: "documents DESC, independentSources DESC, rowid", offset: offset, limit: limit)
            return Page(items: rows.map { $0["json"] }, total: total)
        }
    }

    /// A page of a run's claims, decoded (see ``claimRecords(run:documentId:label:offset:limit:)``).
    public func claims(run: Int64, documentId: String? = nil, label: String? = nil, offset: Int = 0, limit: Int = 50) throws
        -> Page<ClaimCluster>
    {
        let page = try claimRecords(run: run, documentId: documentId, label: label, offset: offset, limit: limit)
        return Page(items: try page.items.map { try Self.decode(ClaimCluster.self, $0) }, total: page.total)
    }

    /// One claim of a run as its stored JSON.
    public func claimRecord(run: Int64, id: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT json FROM claim WHERE runId = ? AND id = ?", arguments: [run, id]) }
    }

    /// One claim of a run.
    public func claim(run: Int64, id: String) throws -> ClaimCluster? {
        try claimRecord(run: run, id: id).map { try Self.decode(ClaimCluster.self, $0) }
    }

    /// The claims of a run that cite each of these corpus entities as a source (id and label,
    /// most widespread first, at most `limit` per entity).
    public func claimsCiting(run: Int64, entities: [String], limit: Int = 12) throws -> [String: [(id: String, label: String)]] {
        guard !entities.isEmpty else { return [:] }
        return try read { db in
            var out: [String: [(id: String, label: String)]] = [:]
            for chunk in stride(from: 0, to: entities.count, by: 500) {
                let part = Array(entities[chunk..<min(chunk + 500, entities.count)])
                var arguments: StatementArguments = [run]
                _ = arguments.append(contentsOf: StatementArguments(part))
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT claim_entity.entity AS entity, claim.id AS id, claim.label AS label
                        FROM claim_entity JOIN claim ON claim.runId = claim_entity.runId AND claim.id = claim_entity.claimId
                        WHERE claim_entity.runId = ? AND claim_entity.entity IN (\(marks))
                        ORDER BY claim.documents DESC, claim.independentSources DESC, claim.rowid
                        """, arguments: arguments)
                {
                    let entity: String = row["entity"]
                    if out[entity, default: []].count < limit { out[entity, default: []].append((row["id"], row["label"])) }
                }
            }
            return out
        }
    }

    /// A page of a run's findings with their positions; optionally of one kind, or touching one
    /// document.
    public func findings(run: Int64, kind: String? = nil, documentId: String? = nil, offset: Int = 0, limit: Int = 50) throws
        -> Page<(position: Int, finding: Finding)>
    {
        let (condition, arguments) = Self.runCondition(
            run, kind: kind,
            document: documentId.map { ("position IN (SELECT position FROM finding_reference WHERE runId = ? AND documentId = ?)", [run, $0]) })
        return try read { db in
            let (total, rows) = try Self.page(
                db, columns: "position, json", from: "finding", where: condition, arguments: arguments,
                orderBy: "position", offset: offset, limit: limit)
            return Page(items: try rows.map { ($0["position"], try Self.decode(Finding.self, $0["json"])) }, total: total)
        }
    }

    /// The copies a run found; with `among`, only pairs of those documents.
    public func duplicates(run: Int64, among documents: [String]? = nil) throws -> [DuplicatePair] {
        if let documents {
            guard documents.count <= 500 else {
                let wanted = Set(documents)
                return try duplicates(run: run).filter { wanted.contains($0.a) && wanted.contains($0.b) }
            }
            let marks = Array(repeating: "?", count: documents.count).joined(separator: ",")
            var arguments: StatementArguments = [run]
            _ = arguments.append(contentsOf: StatementArguments(documents))
            _ = arguments.append(contentsOf: StatementArguments(documents))
            return try read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM duplicate_pair WHERE runId = ? AND a IN (\(marks)) AND b IN (\(marks)) ORDER BY a, b",
                    arguments: arguments
                ).map(Self.pair)
            }
        }
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM duplicate_pair WHERE runId = ? ORDER BY a, b", arguments: [run]).map(Self.pair)
        }
    }

    /// A page of a run's copies, republications first, then by similarity; optionally of one
    /// kind or involving one document.
    public func duplicatePage(run: Int64, kind: String? = nil, documentId: String? = nil, offset: Int = 0, limit: Int = 50) throws
        -> Page<DuplicatePair>
    {
        let (condition, arguments) = Self.runCondition(run, kind: kind, document: documentId.map { ("(a = ? OR b = ?)", [$0, $0]) })
        return try read { db in
            let (total, rows) = try Self.page(
                db, columns: "*", from: "duplicate_pair", where: condition, arguments: arguments,
                orderBy: "kind = 'republication' DESC, similarity DESC, a, b", offset: offset, limit: limit)
            return Page(items: rows.map(Self.pair), total: total)
        }
    }

    static func pair(_ row: Row) -> DuplicatePair {
        DuplicatePair(
            a: row["a"], b: row["b"], similarity: row["similarity"], containment: row["containment"],
            kind: DuplicatePair.Kind(rawValue: row["kind"]) ?? .nearDuplicate, original: row["original"], evidence: row["evidence"])
    }

    /// Outlet ("(no outlet)" when none) → technique → passages, over every stored document.
    public func techniqueProfiles() throws -> [String: [String: Int]] {
        try read { db in
            var out: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(document.outlet, '(no outlet)') AS outlet, span.kind AS technique, COUNT(*) AS n
                    FROM span JOIN document ON document.id = span.documentId
                    WHERE span.layer = 'technique' GROUP BY 1, 2
                    """)
            {
                out[row["outlet"], default: [:]][row["technique"]] = row["n"]
            }
            return out
        }
    }

    /// Counts for the overview.
    public func stats() throws -> CorpusStats {
        let run = try latestRun()
        return try read { db in
            var stats = CorpusStats()
            stats.documents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document") ?? 0
            for row in try Row.fetchAll(db, sql: "SELECT outlet, COUNT(*) AS n FROM document WHERE outlet IS NOT NULL GROUP BY outlet") {
                stats.outlets[row["outlet"]] = row["n"]
            }
            if let row = try Row.fetchOne(db, sql: "SELECT MIN(published) AS first, MAX(published) AS last FROM document") {
                stats.firstPublished = row["first"]
                stats.lastPublished = row["last"]
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT layer, kind, COUNT(*) AS n FROM span WHERE layer IN ('attribution-cue', 'assertion', 'technique') GROUP BY layer, kind")
            {
                let layer: String = row["layer"]
                let kind: String = row["kind"] ?? "?"
                switch layer {
                case "attribution-cue": stats.sourceKinds[kind] = row["n"]
                case "assertion": stats.assertions += row["n"]
                default: stats.techniques[kind] = row["n"]
                }
            }
            stats.run = run
            if let run {
                stats.claims = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM claim WHERE runId = ?", arguments: [run.id]) ?? 0
                stats.duplicates = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicate_pair WHERE runId = ?", arguments: [run.id]) ?? 0
                stats.republications =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM duplicate_pair WHERE runId = ? AND kind = 'republication'", arguments: [run.id]) ?? 0
                for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM finding WHERE runId = ? GROUP BY kind", arguments: [run.id]) {
                    stats.findings[row["kind"]] = row["n"]
                }
                if let finished = run.finishedAt {
                    stats.documentsAfterRun =
                        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document WHERE analyzedAt > ?", arguments: [finished]) ?? 0
                }
            } else {
                stats.documentsAfterRun = stats.documents
            }
            return stats
        }
    }

    /// A value that changes whenever documents or runs change (to key caches on).
    public func version() throws -> String {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: "SELECT (SELECT COUNT(*) FROM document) AS n, (SELECT MAX(analyzedAt) FROM document) AS a, (SELECT MAX(id) FROM run) AS r")
            let n: Int = row?["n"] ?? 0
            let a: String = row?["a"] ?? ""
            let r: Int64 = row?["r"] ?? 0
            return "\(n)|\(a)|\(r)"
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(json.utf8))
        } catch {
            throw StoreError.corrupt(reason: "a stored \(type) record is not valid claimtrace/1 JSON (\(error))")
        }
    }
}
