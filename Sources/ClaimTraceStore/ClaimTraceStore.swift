public import ClaimTrace
import Foundation
import GRDB

/// Persists analysed documents and their annotations in SQLite (GRDB on the system SQLite).
///
/// Opening first checks the file read-only: a database that is not claimtrace's, or was written
/// by a newer claimtrace, is refused before anything is written to it. Then the named migrations
/// run. Each `save` is one transaction, so an interrupted run leaves every earlier batch intact.
/// Reads go to a pool of read-only connections (WAL lets them run beside a write).
public struct ClaimTraceStore: Sendable, AnalysisCache {
    private let writer: any DatabaseWriter
    /// The database file, or `:memory:`.
    public let path: String
    /// How the file was opened.
    public let access: Access

    /// How a database file is opened.
    public enum Access: String, Sendable, Equatable, CaseIterable {
        /// Read and write: migrations run, and documents and uploads can be saved.
        case readWrite = "read-write"
        /// Read only (SQLite `mode=ro`): for a file that cannot be written in a folder that can.
        case readOnly = "read-only"
        /// Read only, the file taken as unchanging (SQLite `immutable=1`: no locks, no journal,
        /// WAL or shared-memory file): for a folder that cannot be written, such as a read-only
        /// filesystem. Changes another process makes meanwhile are not seen.
        case immutable
    }

    /// Whether saving is refused (the database was opened read-only).
    public var isReadOnly: Bool { access != .readWrite }

    /// The access a database at `path` allows: read-write when its folder can be written (SQLite
    /// writes its journal or WAL there) and the file, if it exists, too; read-only when only the
    /// folder can; immutable when the folder cannot. A missing file gets read-write (it is
    /// created; in a folder that cannot be written that fails and says so).
    /// - Parameter canWrite: whether a path can be written (`access(2)`, which is also true for
    ///   root on a writable filesystem whatever the permissions; tests pass their own).
    public static func access(forPath path: String, canWrite: (String) -> Bool = ClaimTraceStore.isWritable) -> Access {
        guard FileManager.default.fileExists(atPath: path) else { return .readWrite }
        let folder = (path as NSString).deletingLastPathComponent
        guard canWrite(folder.isEmpty ? "." : folder) else { return .immutable }
        return canWrite(path) ? .readWrite : .readOnly
    }

    /// Whether `path` can be written, by `access(2)`.
    public static func isWritable(_ path: String) -> Bool {
        FileManager.default.isWritableFile(atPath: path)
    }

    /// Opens (or, read-write, creates) the database at `path`.
    public init(path: String, access: Access = .readWrite) throws {
        self.path = path
        self.access = access
        let exists = FileManager.default.fileExists(atPath: path)
        guard exists || access == .readWrite else {
            throw StoreError.cannotOpen(path: path, reason: "no such file")
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        // Room for the web app's reads beside the slow ones (searches are bounded apart).
        configuration.maximumReaderCount = 8
        do {
            // 1. Is it ours, and not newer? Asked read-only, before anything is written.
            var pending = StoreSchema.version
            if exists {
                var readOnly = configuration
                readOnly.readonly = true
                let check = try DatabaseQueue(path: Self.uri(path, access: access == .immutable ? .immutable : .readOnly), configuration: readOnly)
                pending = try check.read { try Self.check($0, path: path) }
                try check.close()
            }
            // 2. Open the pool: read-write (WAL) and migrate, or read-only as it is.
            if access == .readWrite {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try StoreSchema.migrator().migrate(pool)
                writer = pool
            } else {
                guard pending == 0 else { throw StoreError.readOnlyNeedsUpgrade(path: path, supported: StoreSchema.version) }
                configuration.readonly = true
                writer = try DatabasePool(path: Self.uri(path, access: access), configuration: configuration)
            }
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_NOTADB {
                throw StoreError.cannotOpen(path: path, reason: "the file is not a SQLite database")
            }
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// A fresh in-memory database, for tests.
    public static func inMemory() throws -> ClaimTraceStore {
        try ClaimTraceStore(writer: DatabaseQueue(), path: ":memory:")
    }

    /// Wraps an existing connection (tests build older schemas this way).
    init(writer: any DatabaseWriter, path: String) throws {
        self.path = path
        self.writer = writer
        self.access = .readWrite
        _ = try writer.read { try Self.check($0, path: path) }
        do {
            try StoreSchema.migrator().migrate(writer)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// The SQLite URI opening `path` read-only, and immutable if asked; plain `path` read-write.
    static func uri(_ path: String, access: Access) -> String {
        guard access != .readWrite else { return path }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:" + encoded + "?mode=ro" + (access == .immutable ? "&immutable=1" : "")
    }

    /// Refuses a database that is not claimtrace's, or that a newer claimtrace wrote; returns
    /// how many of this build's migrations it lacks. Reads only.
    static func check(_ db: Database, path: String) throws -> Int {
        let found = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        guard tables.isEmpty || tables.contains("grdb_migrations") else { throw StoreError.notClaimTrace(path: path) }
        let applied = tables.isEmpty ? [] : try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        let known = StoreSchema.migrator().migrations
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty { throw StoreError.unknownMigrations(path: path, names: unknown.sorted()) }
        if found > StoreSchema.version { throw StoreError.newerSchema(path: path, found: found, supported: StoreSchema.version) }
        return known.filter { !applied.contains($0) }.count
    }

    /// Now, as stored: ISO 8601 in UTC with milliseconds, so that a document saved just after a
    /// run finished sorts after it.
    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    /// Runs a write transaction, refused on a read-only store, turning database errors into store
    /// errors that name the file.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        do {
            return try writer.write(body)
        } catch let error as DatabaseError {
            throw StoreError.write(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs a read, turning database errors into store errors that name the file.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw StoreError.cannotRead(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// What a `save` did.
    public struct SaveSummary: Sendable, Equatable {
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0

        public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
            self.inserted = inserted
            self.updated = updated
            self.unchanged = unchanged
        }

        public static func + (a: SaveSummary, b: SaveSummary) -> SaveSummary {
            SaveSummary(inserted: a.inserted + b.inserted, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged)
        }
    }

    /// Saves a batch of analysed documents in one transaction: new ids are inserted, changed
    /// ones (other content, metadata or build: another ``StoredAnalysis/key(of:)``) replaced with
    /// their annotations and stored analysis, identical ones left as they are.
    /// - Complexity: O(total annotations) plus the FTS index update of changed documents.
    @discardableResult
    public func save(_ documents: [AnalyzedDocument], pipelineVersion: String = ClaimTraceVersion.pipeline) throws
        -> SaveSummary
    {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        let now = Self.timestamp()
        let keys = documents.map { StoredAnalysis.key(of: $0.document) }
        let existing = try read { db in
            try documents.map { analyzed in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT d.pipelineVersion AS pipelineVersion, a.key AS key FROM document d
                        LEFT JOIN document_analysis a ON a.documentId = d.id WHERE d.id = ?
                        """,
                    arguments: [analyzed.id])
            }
        }
        // Only what changed is turned into records, outside the write transaction.
        var changes: [(records: (StoredDocument, [StoredSpan], [StoredDocumentEntity]), key: String, reader: String, data: [UInt8])] = []
        var summary = SaveSummary()
        for (k, analyzed) in documents.enumerated() {
            if let row = existing[k], (row["key"] as String?) == keys[k], row["pipelineVersion"] == pipelineVersion {
                summary.unchanged += 1
                continue
            }
            changes.append(
                (Self.records(for: analyzed, pipelineVersion: pipelineVersion, analyzedAt: now), keys[k],
                 StoredAnalysis.readerJSON(analyzed.document), try StoredAnalysis.encode(analyzed)))
        }
        guard !changes.isEmpty else { return summary }
        return try write { db in
            var summary = summary
            for change in changes {
                var (document, spans, entities) = change.records
                if let rowKey = try Int64.fetchOne(db, sql: "SELECT rowKey FROM document WHERE id = ?", arguments: [document.id]) {
                    try db.execute(sql: "DELETE FROM span WHERE documentId = ?", arguments: [document.id])
                    try db.execute(sql: "DELETE FROM document_entity WHERE documentId = ?", arguments: [document.id])
                    try db.execute(sql: "DELETE FROM sentence_vector WHERE documentId = ?", arguments: [document.id])
                    document.rowKey = rowKey
                    try document.update(db)
                    summary.updated += 1
                } else {
                    try document.insert(db)
                    summary.inserted += 1
                }
                for span in spans { try span.insert(db) }
                for entity in entities { try entity.insert(db) }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO document_analysis (documentId, key, reader, data) VALUES (?, ?, ?, ?)",
                    arguments: [document.id, change.key, change.reader, Data(change.data)])
            }
            return summary
        }
    }

    static func records(for analyzed: AnalyzedDocument, pipelineVersion: String, analyzedAt: String)
        -> (StoredDocument, [StoredSpan], [StoredDocumentEntity])
    {
        let doc = analyzed.document
        let meta = analyzed.metadata
        func json(_ strings: [String]) -> String {
            String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
        }
        let record = StoredDocument(
            rowKey: nil, id: doc.id, source: doc.source, format: doc.format.rawValue, contentHash: doc.contentHash,
            pipelineVersion: pipelineVersion, title: meta.title, authors: json(meta.authors),
            published: meta.published?.description, outlet: meta.outlet, url: meta.url,
            originalSource: meta.originalSource, signOffAuthor: meta.signOffAuthor, text: doc.text,
            warnings: json(doc.warnings), analyzedAt: analyzedAt)
        let offsets = ScalarOffsets(doc.text)
        var spans: [StoredSpan] = []
        func add(_ layer: String, _ range: TextRange, kind: String? = nil, data: String? = nil) {
            let (s, e) = offsets.scalars(range)
            spans.append(StoredSpan(documentId: doc.id, layer: layer, start: s, end: e, kind: kind, data: data))
        }
        for p in analyzed.paragraphs { add("paragraph", p) }
        for region in analyzed.excluded { add("excluded", region.range, kind: region.kind.rawValue) }
        for sentence in analyzed.sentences { add("sentence", sentence) }
        for (index, mention) in analyzed.mentions.enumerated() {
            let entity = analyzed.entities.mentionEntity[safe: index].flatMap { $0 }
            add("mention", mention.range, kind: mention.type.rawValue, data: entity.map { "{\"entity\":\($0)}" })
            if let role = mention.role { add("role", role, kind: mention.type.rawValue) }
        }
        // An attribution is three spans of one number: its source, cue and content.
        for (index, attribution) in analyzed.attributions.enumerated() {
            let entity = analyzed.entities.attributionEntity[safe: index].flatMap { $0 }.map(String.init) ?? "null"
            let data = "{\"attribution\":\(index + 1),\"direct\":\(attribution.direct),\"entity\":\(entity)}"
            let kind = attribution.sourceKind.rawValue
            if let source = attribution.source { add("attribution-source", source, kind: kind, data: data) }
            add("attribution-cue", attribution.cue, kind: kind, data: data)
            add("attribution-content", attribution.content, kind: kind, data: data)
        }
        for assertion in analyzed.assertions {
            add("assertion", assertion.range, kind: "unattributed", data: assertion.reasons.joined(separator: ","))
        }
        for technique in analyzed.techniques {
            let data = try? JSONSerialization.data(
                withJSONObject: ["score": Double(technique.score), "cue": technique.cue], options: [.sortedKeys])
            add("technique", technique.range, kind: technique.technique.rawValue, data: data.map { String(decoding: $0, as: UTF8.self) })
        }
        for date in analyzed.dates {
            add("date", date.range, kind: date.day?.description, data: date.statedWeekday.map { String($0) })
        }
        let entities = analyzed.entities.entities.enumerated().map { index, e in
            StoredDocumentEntity(
                documentId: doc.id, localIndex: index, name: e.name, type: e.type.rawValue, aliases: json(e.aliases),
                roles: json(e.roles), canonical: e.canonical, country: e.country)
        }
        return (record, spans, entities)
    }

    // MARK: Stored analyses

    /// For each document, its stored analysis when one is kept under the document's current
    /// ``StoredAnalysis/key(of:)`` (same text, metadata and build), else nil. Decode them with
    /// ``StoredAnalysis/decode(_:document:)``.
    public func storedAnalyses(_ documents: [Document]) throws -> [[UInt8]?] {
        let keys = documents.map(StoredAnalysis.key(of:))
        return try read { db in
            let statement = try db.cachedStatement(sql: "SELECT key, data FROM document_analysis WHERE documentId = ?")
            return try documents.enumerated().map { k, document in
                guard let row = try Row.fetchOne(statement, arguments: [document.id]), row["key"] == keys[k] else { return nil }
                let data: Data = row["data"]
                return Array(data)
            }
        }
    }

    /// Forgets the stored analyses of these documents, so that the next save stores them anew.
    public func discardStoredAnalyses(_ ids: [String]) throws {
        try write { db in
            for id in ids { try db.execute(sql: "DELETE FROM document_analysis WHERE documentId = ?", arguments: [id]) }
        }
    }

    /// Every stored document of `ids` with its analysis, in batches of at most `batchSize`, in
    /// the order given: the stored analysis where it still holds, else the document analysed
    /// again by `analyze` (and saved). Returns the ids that are not stored.
    /// For the corpus stages over stored documents.
    /// - Complexity: O(size of the stored analyses), `batchSize` documents in memory at a time.
    public func forEachStoredAnalysis(
        _ ids: [String], batchSize: Int = 128, analyze: ([Document]) throws -> [AnalyzedDocument],
        _ body: ([AnalyzedDocument]) throws -> Void
    ) throws -> [String] {
        var missing: [String] = []
        for start in stride(from: 0, to: ids.count, by: max(1, batchSize)) {
            let chunk = ids[start..<min(ids.count, start + max(1, batchSize))]
            let rows = try read { db in
                try chunk.map { id in
                    try Row.fetchOne(
                        db,
                        sql: """
                            SELECT d.id AS id, d.source AS source, d.format AS format, d.text AS text, d.warnings AS warnings,
                                   a.key AS key, a.reader AS reader, a.data AS data
                            FROM document d LEFT JOIN document_analysis a ON a.documentId = d.id WHERE d.id = ?
                            """, arguments: [id])
                }
            }
            var batch: [AnalyzedDocument?] = []
            var stale: [(index: Int, document: Document)] = []
            for (id, row) in zip(chunk, rows) {
                guard let row, let format = SourceFormat(rawValue: row["format"]) else {
                    missing.append(id)
                    continue
                }
                let document = StoredAnalysis.document(
                    id: row["id"], source: row["source"], format: format, text: row["text"], warnings: stringList(row["warnings"]),
                    readerJSON: row["reader"] ?? "{}")
                if let key: String = row["key"], key == StoredAnalysis.key(of: document), let data: Data = row["data"],
                    let analyzed = try? StoredAnalysis.decode(Array(data), document: document)
                {
                    batch.append(analyzed)
                } else {
                    stale.append((batch.count, document))
                    batch.append(nil)
                }
            }
            if !stale.isEmpty {
                let analyzed = try analyze(stale.map(\.document))
                try save(analyzed)
                for (entry, result) in zip(stale, analyzed) { batch[entry.index] = result }
            }
            let complete = batch.compactMap { $0 }
            if !complete.isEmpty { try body(complete) }
        }
        return missing
    }

    // MARK: Reading

    public func documentCount() throws -> Int {
        try writer.read { try StoredDocument.fetchCount($0) }
    }

    public func document(id: String) throws -> StoredDocument? {
        try writer.read { try StoredDocument.filter(Column("id") == id).fetchOne($0) }
    }

    public func documentIds() throws -> [String] {
        try writer.read { try String.fetchAll($0, sql: "SELECT id FROM document ORDER BY id") }
    }

    /// The spans of one layer of a document, in order.
    public func spans(documentId: String, layer: String) throws -> [StoredSpan] {
        try writer.read { db in
            try StoredSpan.filter(Column("documentId") == documentId && Column("layer") == layer)
                .order(Column("start"), Column("end")).fetchAll(db)
        }
    }

    /// Full-text search over titles and texts (FTS5 query syntax; plain words are ANDed).
    public func search(_ query: String, limit: Int = 20) throws -> [SearchHit] {
        let pattern = Self.ftsQuery(query)
        guard !pattern.isEmpty else { return [] }
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT document.id AS id, document.title AS title,
                           snippet(document_fts, 1, '[', ']', '…', 16) AS snippet, bm25(document_fts) AS rank
                    FROM document_fts JOIN document ON document.rowKey = document_fts.rowid
                    WHERE document_fts MATCH ? ORDER BY rank LIMIT ?
                    """, arguments: [pattern, limit]
            ).map { SearchHit(documentId: $0["id"], title: $0["title"], snippet: $0["snippet"], rank: $0["rank"]) }
        }
    }

    // MARK: Sentence vectors

    /// One stored sentence with its vector.
    public struct SentenceVector: Sendable {
        public var documentId: String
        /// Unicode scalar offsets in the document text.
        public var start: Int
        public var end: Int
        public var text: String
        public var vector: [Float]

        public init(documentId: String, start: Int, end: Int, text: String, vector: [Float]) {
            self.documentId = documentId
            self.start = start
            self.end = end
            self.text = text
            self.vector = vector
        }
    }

    /// A semantic search result.
    public struct SemanticHit: Sendable {
        public var documentId: String
        public var title: String?
        public var start: Int
        public var end: Int
        public var text: String
        public var score: Float
    }

    /// Of `ids`, the documents that have no vectors of `model` yet.
    public func documentsLackingVectors(_ ids: [String], model: String) throws -> [String] {
        guard !ids.isEmpty else { return [] }
        let having = try writer.read { db in
            var found = Set<String>()
            // In chunks: SQLite caps the number of bound parameters.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                var arguments: [any DatabaseValueConvertible] = [model]
                arguments.append(contentsOf: chunk)
                let rows = try String.fetchAll(
                    db, sql: "SELECT DISTINCT documentId FROM sentence_vector WHERE model = ? AND documentId IN (\(marks))",
                    arguments: StatementArguments(arguments))
                found.formUnion(rows)
            }
            return found
        }
        return ids.filter { !having.contains($0) }
    }

    /// Stores sentence vectors of `model`, replacing any of the same sentence.
    public func saveSentenceVectors(_ rows: [SentenceVector], model: String) throws {
        try write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO sentence_vector (documentId, start, "end", model, text, vector)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for row in rows {
                let blob = row.vector.withUnsafeBufferPointer { Data(buffer: $0) }
                try statement.execute(arguments: [row.documentId, row.start, row.end, model, row.text, blob])
            }
        }
    }

    public func sentenceVectorCount(model: String) throws -> Int {
        try writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sentence_vector WHERE model = ?", arguments: [model]) ?? 0 }
    }

    /// The stored sentences closest to `query` (a unit vector) by cosine, best first: a scan
    /// of every vector of `model`, keeping the best `limit` (about 0.1 µs per dimension per
    /// sentence: 1M sentences of 384 dimensions in well under a minute on one core).
    public func semanticSearch(_ query: [Float], model: String, limit: Int = 10) throws -> [SemanticHit] {
        let dimension = query.count
        var best: [(score: Float, rowid: Int64)] = []
        try writer.read { db in
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT rowid, vector FROM sentence_vector WHERE model = ?", arguments: [model])
            while let row = try cursor.next() {
                let blob: Data = row["vector"]
                guard blob.count == dimension * 4 else { continue }
                let score = blob.withUnsafeBytes { raw in Self.dot(query, raw) }
                if best.count < limit || score > best[best.count - 1].score {
                    let position = best.firstIndex { $0.score < score } ?? best.count
                    best.insert((score, row["rowid"]), at: position)
                    if best.count > limit { best.removeLast() }
                }
            }
        }
        return try writer.read { db in
            try best.compactMap { entry in
                guard let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT v.documentId AS documentId, v.start AS start, v."end" AS "end", v.text AS text,
                               d.title AS title
                        FROM sentence_vector v JOIN document d ON d.id = v.documentId WHERE v.rowid = ?
                        """, arguments: [entry.rowid])
                else { return nil }
                return SemanticHit(
                    documentId: row["documentId"], title: row["title"], start: row["start"], end: row["end"],
                    text: row["text"], score: entry.score)
            }
        }
    }

    /// Dot product of a query with a stored little-endian float32 vector, eight lanes at a time.
    static func dot(_ query: [Float], _ raw: UnsafeRawBufferPointer) -> Float {
        query.withUnsafeBufferPointer { q in
            var lanes = SIMD8<Float>()
            var index = 0
            let count = q.count
            let qr = UnsafeRawPointer(q.baseAddress!)
            while index + 8 <= count {
                let a = qr.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
                let b = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
                lanes += a * b
                index += 8
            }
            var sum = lanes.sum()
            while index < count {
                sum += q[index] * raw.loadUnaligned(fromByteOffset: index * 4, as: Float.self)
                index += 1
            }
            return sum
        }
    }

    /// Turns user words into a safe FTS5 query: each word quoted, so punctuation in the
    /// query cannot be read as FTS5 syntax.
    static func ftsQuery(_ query: String) -> String {
        // Control characters go first: SQLite reads the pattern as a C string, so a NUL would
        // end it inside a quoted word ("unterminated string").
        let visible = String(String.UnicodeScalarView(query.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        return visible.split(whereSeparator: { $0.isWhitespace }).prefix(32)
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: " ")
    }

    /// The entities of every stored document, merged across the corpus (see ``EntityResolver``).
    /// - Complexity: O(n log n) in the number of stored document entities.
    public func corpusEntities() throws -> EntityResolver.Output {
        let rows = try writer.read { try StoredDocumentEntity.order(Column("documentId"), Column("localIndex")).fetchAll($0) }
        var inputs: [EntityResolver.Input] = []
        for row in rows {
            let entity = DocumentEntity(
                name: row.name, type: EntityType(rawValue: row.type) ?? .organization, aliases: row.aliasList,
                roles: row.roleList, canonical: row.canonical, country: row.country)
            if inputs.last?.document == row.documentId {
                inputs[inputs.count - 1].entities.append(entity)
            } else {
                inputs.append(EntityResolver.Input(document: row.documentId, entities: [entity]))
            }
        }
        return EntityResolver().resolve(inputs)
    }

    /// The documents a fresh run of the corpus stages covers: those of the latest finished run
    /// and every document stored or changed after it finished (uploads); every stored document
    /// when no run finished, or when the run is older than the list of its documents.
    public func corpusDocuments() throws -> [String] {
        try read { db in
            guard
                let run = try Row.fetchOne(
                    db, sql: "SELECT id, finishedAt FROM run WHERE status = 'finished' ORDER BY id DESC LIMIT 1"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run_document WHERE runId = ?", arguments: [run["id"] as Int64]) ?? 0 > 0
            else {
                return try String.fetchAll(db, sql: "SELECT id FROM document ORDER BY id")
            }
            return try String.fetchAll(
                db,
                sql: """
                    SELECT documentId FROM run_document WHERE runId = ? AND documentId IN (SELECT id FROM document)
                    UNION SELECT id FROM document WHERE analyzedAt > ? ORDER BY 1
                    """, arguments: [run["id"] as Int64, run["finishedAt"] as String])
        }
    }

    /// Runs the corpus stages again over stored documents, as a new run, without their files:
    /// each document's stored analysis is taken (or, when a different build stored it, it is
    /// analysed again by `analyze`), the corpus stages run, and their results are saved as a
    /// run that finishes only when all is saved (a failure marks it failed; the app keeps
    /// showing the last run that finished). For an upload to join claims, copies and findings.
    /// - Complexity: O(size of the stored analyses) plus the corpus stages'.
    @discardableResult
    public func recomputeCorpus(
        _ ids: [String], inputs: String, analyze: ([Document]) throws -> [AnalyzedDocument],
        claimJSON: (ClaimCluster) -> String, findingJSON: (Finding) -> String
    ) throws -> Int64 {
        let run = try beginRun(inputs: [inputs])
        var documents = 0
        do {
            var accumulator = CorpusAccumulator()
            _ = try forEachStoredAnalysis(ids, analyze: analyze) { batch in
                accumulator.add(batch)
                documents += batch.count
                try addToRun(run, documents: batch.map(\.id))
            }
            try saveCorpus(run: run, corpus: accumulator.finish(), claimJSON: claimJSON, findingJSON: findingJSON)
            try finishRun(run, documents: documents, rejected: 0)
            return run
        } catch {
            try? failRun(run, documents: documents, rejected: 0, reason: "\(error)")
            throw error
        }
    }

    /// SQLite's own check of the whole file: `["ok"]`, or what is wrong, one line each.
    public func integrityCheck() throws -> [String] {
        try read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
    }

    // MARK: Runs

    public func beginRun(inputs: [String]) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO run (startedAt, inputs) VALUES (?, ?)",
                arguments: [Self.timestamp(), inputs.joined(separator: "\n")])
            return db.lastInsertedRowID
        }
    }

    /// Saves what the corpus stages of a run found (claims, copies, findings), in one
    /// transaction, one record at a time; `claimJSON` and `findingJSON` give each record as
    /// the report writes it.
    public func saveCorpus(
        run: Int64, corpus: some CorpusOutput, claimJSON: (ClaimCluster) -> String, findingJSON: (Finding) -> String
    ) throws {
        try write { db in
            try corpus.forEachClaim { c in
                let json = claimJSON(c)
                try db.execute(
                    sql: "INSERT INTO claim (runId, id, label, documents, independentSources, firstSeen, json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [run, c.id, c.label, c.documents.count, c.independentSources, c.firstSeen, json])
                for document in Set(c.documents) {
                    try db.execute(
                        sql: "INSERT INTO claim_document (runId, claimId, documentId) VALUES (?, ?, ?)",
                        arguments: [run, c.id, document])
                }
                for entity in Set(c.sources.compactMap(\.entity)) {
                    try db.execute(
                        sql: "INSERT INTO claim_entity (runId, claimId, entity) VALUES (?, ?, ?)", arguments: [run, c.id, entity])
                }
            }
            try corpus.forEachDuplicate { d in
                try db.execute(
                    sql: "INSERT INTO duplicate_pair (runId, a, b, similarity, containment, kind, original, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [run, d.a, d.b, d.similarity, d.containment, d.kind.rawValue, d.original, d.evidence])
            }
            for (position, f) in corpus.findings.enumerated() {
                try db.execute(
                    sql: "INSERT INTO finding (runId, position, kind, message, documentId, start, \"end\", json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [run, position, f.kind.rawValue, f.message, f.at.document, f.at.start, f.at.end, findingJSON(f)])
                for document in Set([f.at.document] + f.related.map(\.document)) {
                    try db.execute(
                        sql: "INSERT INTO finding_reference (runId, position, documentId) VALUES (?, ?, ?)",
                        arguments: [run, position, document])
                }
            }
        }
    }

    /// The labels of the claims a run found, by spread.
    public func claimLabels(run: Int64) throws -> [String] {
        try writer.read { try String.fetchAll($0, sql: "SELECT label FROM claim WHERE runId = ? ORDER BY rowid", arguments: [run]) }
    }

    /// The kinds of the findings a run found, in order.
    public func findingKinds(run: Int64) throws -> [String] {
        try writer.read { try String.fetchAll($0, sql: "SELECT kind FROM finding WHERE runId = ? ORDER BY position", arguments: [run]) }
    }

    /// Marks a run finished: from now on its corpus results are the ones the app shows.
    /// - Parameters:
    ///   - signature: what analysed it (the build and the options that change results), for a
    ///     later run over the same documents to share its results; nil when it cannot.
    ///   - resultsOf: the earlier run whose results this one shares (it found exactly them).
    public func finishRun(_ id: Int64, documents: Int, rejected: Int, signature: String? = nil, resultsOf: Int64? = nil) throws {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE run SET finishedAt = ?, status = 'finished', documents = ?, rejected = ?, signature = ?, resultsOf = ?
                    WHERE id = ?
                    """,
                arguments: [Self.timestamp(), documents, rejected, signature, resultsOf, id])
            // Only the latest run's results can be shared by the next: the entities other runs
            // stored for that (tens of megabytes for thousands of articles) go.
            if resultsOf == nil { try db.execute(sql: "DELETE FROM run_entity WHERE runId != ?", arguments: [id]) }
        }
    }

    /// The run whose corpus results a new run over `documents` (in this order), analysed as
    /// `signature` says and with every document unchanged, would find again: the latest
    /// finished run, when it has that signature and exactly those documents in that order.
    /// Returns the run that holds the results (itself, or the run it shares them with).
    /// - Complexity: one indexed read of that run's document list.
    public func runWithSameResults(signature: String, documents: [String]) throws -> Int64? {
        try read { db in
            guard
                let run = try Row.fetchOne(
                    db, sql: "SELECT id, signature, resultsOf, documents FROM run WHERE status = 'finished' ORDER BY id DESC LIMIT 1"),
                (run["signature"] as String?) == signature, (run["documents"] as Int) == documents.count
            else { return nil }
            let earlier = try String.fetchAll(
                db, sql: "SELECT documentId FROM run_document WHERE runId = ? ORDER BY position", arguments: [run["id"] as Int64])
            guard earlier == documents else { return nil }
            return (run["resultsOf"] as Int64?) ?? (run["id"] as Int64)
        }
    }

    /// Marks a run that has not finished as failed, with why: its partial results are never
    /// shown, and the app keeps showing the last run that finished. A finished run is left as it is.
    public func failRun(_ id: Int64, documents: Int, rejected: Int, reason: String) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE run SET failedAt = ?, status = 'failed', error = ?, documents = ?, rejected = ? WHERE id = ? AND status = 'running'",
                arguments: [Self.timestamp(), reason, documents, rejected, id])
        }
    }

    /// How a run ended: `running` (or killed), `finished` or `failed`, and why it failed.
    public func runOutcome(_ id: Int64) throws -> (status: String, error: String?)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT status, error FROM run WHERE id = ?", arguments: [id]).map { ($0["status"], $0["error"]) }
        }
    }

    /// Records that these documents belong to a run's corpus, after those added before.
    public func addToRun(_ id: Int64, documents: [String]) throws {
        try write { db in
            var position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position) + 1, 0) FROM run_document WHERE runId = ?", arguments: [id]) ?? 0
            let statement = try db.cachedStatement(sql: "INSERT INTO run_document (runId, position, documentId) VALUES (?, ?, ?)")
            for document in documents {
                try statement.execute(arguments: [id, position, document])
                position += 1
            }
        }
    }

    /// The documents of a run's corpus, in the order the run took them.
    public func runDocuments(_ id: Int64) throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT documentId FROM run_document WHERE runId = ? ORDER BY position", arguments: [id]) }
    }

    /// Saves the corpus entities of a run as the report writes them (`json` gives each, with the
    /// document entities it merges), so that a later run that finds the same results can write
    /// its report from the store.
    public func saveCorpusEntities(run: Int64, corpus: some CorpusOutput, json: (CorpusEntity, [String]) -> String) throws {
        try write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO run_entity (runId, position, json) VALUES (?, ?, ?)")
            var position = 0
            try corpus.forEachEntity { entity, members in
                try statement.execute(arguments: [run, position, json(entity, members)])
                position += 1
            }
        }
    }

    /// A run's stored records as the report writes them, in the report's order: corpus
    /// entities, claims and findings, each handed to `body` one at a time.
    public func forEachStoredRecord(run: Int64, _ table: StoredRecords, _ body: (String) throws -> Void) throws {
        let sql: String
        switch table {
        case .entities: sql = "SELECT json FROM run_entity WHERE runId = ? ORDER BY position"
        case .claims: sql = "SELECT json FROM claim WHERE runId = ? ORDER BY rowid"
        case .findings: sql = "SELECT json FROM finding WHERE runId = ? ORDER BY position"
        }
        try read { db in
            let cursor = try String.fetchCursor(db, sql: sql, arguments: [run])
            while let json = try cursor.next() { try body(json) }
        }
    }

    /// A run's copies, in the order they were found, one at a time.
    public func forEachStoredDuplicate(run: Int64, _ body: (DuplicatePair) throws -> Void) throws {
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM duplicate_pair WHERE runId = ? ORDER BY rowid", arguments: [run])
            while let row = try cursor.next() { try body(Self.pair(row)) }
        }
    }

    /// The kinds of record ``forEachStoredRecord(run:_:_:)`` reads.
    public enum StoredRecords: Sendable { case entities, claims, findings }

    /// How many claims and findings a run stored.
    public func corpusCounts(run: Int64) throws -> (claims: Int, findings: Int) {
        try read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM claim WHERE runId = ?", arguments: [run]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finding WHERE runId = ?", arguments: [run]) ?? 0)
        }
    }

}
