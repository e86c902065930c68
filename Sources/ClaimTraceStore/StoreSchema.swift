import GRDB

/// The database schema: named migrations, applied in order, never edited once released.
enum StoreSchema {
    /// The schema version this build writes (`PRAGMA user_version`): the number of migrations,
    /// since each one's number is its position in the list.
    static var version: Int { migrator().migrations.count }

    /// Migrations up to and including `last` (all of them by default); tests use a prefix to
    /// build an older database.
    static func migrator(upTo last: String? = nil) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        let steps: [(String, @Sendable (Database) throws -> Void)] = [
            ("v1-documents", createDocuments),
            ("v2-fulltext", createFullText),
            ("v3-entities", createEntities),
            ("v4-corpus", createCorpus),
            ("v5-vectors", createVectors),
            ("v6-corpus-documents", createCorpusDocuments),
            ("v7-run-outcomes", recordRunOutcomes),
            ("v8-stored-analyses", createStoredAnalyses),
            ("v9-uploads", createUploads),
        ]
        for (index, (name, body)) in steps.enumerated() {
            migrator.registerMigration(name) { db in
                try body(db)
                try db.execute(sql: "PRAGMA user_version = \(index + 1)")
            }
            if name == last { break }
        }
        return migrator
    }

    private static func createDocuments(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE document (
                    rowKey INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    format TEXT NOT NULL,
                    contentHash TEXT NOT NULL,
                    pipelineVersion TEXT NOT NULL,
                    title TEXT,
                    authors TEXT NOT NULL DEFAULT '[]',
                    published TEXT CHECK (published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                    outlet TEXT,
                    url TEXT,
                    originalSource TEXT,
                    signOffAuthor TEXT,
                    text TEXT NOT NULL,
                    warnings TEXT NOT NULL DEFAULT '[]',
                    analyzedAt TEXT NOT NULL
                );
                CREATE INDEX document_contentHash ON document(contentHash);
                CREATE INDEX document_outlet ON document(outlet);
                CREATE INDEX document_published ON document(published);

                -- Standoff annotations of every layer; offsets count Unicode scalars.
                CREATE TABLE span (
                    id INTEGER PRIMARY KEY,
                    documentId TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE ON UPDATE CASCADE,
                    layer TEXT NOT NULL,
                    start INTEGER NOT NULL CHECK (start >= 0),
                    "end" INTEGER NOT NULL CHECK ("end" >= start),
                    kind TEXT,
                    data TEXT
                );
                CREATE INDEX span_document_layer ON span(documentId, layer);

                -- One row per `analyze` run, for the record.
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    startedAt TEXT NOT NULL,
                    finishedAt TEXT,
                    inputs TEXT NOT NULL,
                    documents INTEGER NOT NULL DEFAULT 0,
                    rejected INTEGER NOT NULL DEFAULT 0
                );
                """)
    }

    private static func createEntities(_ db: Database) throws {
        try db.execute(
            sql: """
                -- The entities of each document (names, aliases and roles as JSON arrays); corpus
                -- entities are resolved from these across all stored documents.
                CREATE TABLE document_entity (
                    documentId TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE ON UPDATE CASCADE,
                    localIndex INTEGER NOT NULL CHECK (localIndex >= 0),
                    name TEXT NOT NULL,
                    type TEXT NOT NULL CHECK (type IN ('person', 'organization', 'place', 'group', 'media')),
                    aliases TEXT NOT NULL DEFAULT '[]',
                    roles TEXT NOT NULL DEFAULT '[]',
                    canonical TEXT,
                    country TEXT,
                    PRIMARY KEY (documentId, localIndex)
                );
                """)
    }

    private static func createCorpus(_ db: Database) throws {
        try db.execute(
            sql: """
                -- What the corpus stages of one `analyze` run found over that run's inputs; each
                -- row's JSON holds the full record as in the claimtrace/1 report.
                CREATE TABLE claim (
                    runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    label TEXT NOT NULL,
                    documents INTEGER NOT NULL,
                    independentSources INTEGER NOT NULL,
                    firstSeen TEXT,
                    json TEXT NOT NULL,
                    PRIMARY KEY (runId, id)
                );
                CREATE TABLE duplicate_pair (
                    runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    a TEXT NOT NULL,
                    b TEXT NOT NULL,
                    similarity REAL NOT NULL,
                    containment REAL NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('near-duplicate', 'republication')),
                    original TEXT,
                    evidence TEXT NOT NULL,
                    PRIMARY KEY (runId, a, b)
                );
                CREATE TABLE finding (
                    runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    message TEXT NOT NULL,
                    documentId TEXT NOT NULL,
                    start INTEGER NOT NULL CHECK (start >= 0),
                    "end" INTEGER NOT NULL CHECK ("end" >= start),
                    json TEXT NOT NULL,
                    PRIMARY KEY (runId, position)
                );
                CREATE INDEX finding_document ON finding(documentId);
                """)
    }

    private static func createVectors(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Sentence vectors for semantic search: one row per article sentence and model,
                -- offsets in Unicode scalars as in span; the vector is little-endian float32.
                CREATE TABLE sentence_vector (
                    documentId TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE ON UPDATE CASCADE,
                    start INTEGER NOT NULL CHECK (start >= 0),
                    "end" INTEGER NOT NULL CHECK ("end" >= start),
                    model TEXT NOT NULL,
                    text TEXT NOT NULL,
                    vector BLOB NOT NULL,
                    PRIMARY KEY (model, documentId, start)
                );
                CREATE INDEX sentence_vector_document ON sentence_vector(documentId);
                """)
    }

    /// Which documents each stored claim and finding touches, and which entities each claim
    /// cites as sources, so that a page finds its claims and findings without reading them all;
    /// filled from the stored JSON for runs saved before this migration.
    private static func createCorpusDocuments(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE claim_document (
                    runId INTEGER NOT NULL,
                    claimId TEXT NOT NULL,
                    documentId TEXT NOT NULL,
                    PRIMARY KEY (runId, claimId, documentId),
                    FOREIGN KEY (runId, claimId) REFERENCES claim(runId, id) ON DELETE CASCADE
                );
                CREATE INDEX claim_document_document ON claim_document(runId, documentId);
                CREATE TABLE finding_reference (
                    runId INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    documentId TEXT NOT NULL,
                    PRIMARY KEY (runId, position, documentId),
                    FOREIGN KEY (runId, position) REFERENCES finding(runId, position) ON DELETE CASCADE
                );
                CREATE INDEX finding_reference_document ON finding_reference(runId, documentId);
                CREATE TABLE claim_entity (
                    runId INTEGER NOT NULL,
                    claimId TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    PRIMARY KEY (runId, claimId, entity),
                    FOREIGN KEY (runId, claimId) REFERENCES claim(runId, id) ON DELETE CASCADE
                );
                CREATE INDEX claim_entity_entity ON claim_entity(runId, entity);
                INSERT OR IGNORE INTO claim_entity (runId, claimId, entity)
                    SELECT claim.runId, claim.id, json_extract(value, '$.entity') FROM claim, json_each(claim.json, '$.sources')
                    WHERE json_extract(value, '$.entity') IS NOT NULL;
                INSERT OR IGNORE INTO claim_document (runId, claimId, documentId)
                    SELECT claim.runId, claim.id, value FROM claim, json_each(claim.json, '$.documents');
                INSERT OR IGNORE INTO finding_reference (runId, position, documentId)
                    SELECT runId, position, documentId FROM finding;
                INSERT OR IGNORE INTO finding_reference (runId, position, documentId)
                    SELECT finding.runId, finding.position, json_extract(value, '$.document')
                    FROM finding, json_each(finding.json, '$.related');
                """)
    }

    /// How each run ended, so that a run that failed is never shown as the corpus's results;
    /// which documents each run covered, in order; what analysed them (`signature`: the build and
    /// the options that change results); the corpus entities as the report writes them; and,
    /// for a run over exactly the documents of an earlier one, whose results it shares
    /// (`resultsOf`). Runs saved before this migration that have a finish time were finished;
    /// the others were interrupted.
    private static func recordRunOutcomes(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE run ADD COLUMN status TEXT NOT NULL DEFAULT 'running'
                    CHECK (status IN ('running', 'finished', 'failed'));
                ALTER TABLE run ADD COLUMN failedAt TEXT;
                ALTER TABLE run ADD COLUMN error TEXT;
                ALTER TABLE run ADD COLUMN signature TEXT;
                ALTER TABLE run ADD COLUMN resultsOf INTEGER REFERENCES run(id);
                UPDATE run SET status = CASE WHEN finishedAt IS NULL THEN 'failed' ELSE 'finished' END;
                UPDATE run SET error = 'interrupted (recorded before claimtrace kept run outcomes)' WHERE status = 'failed';
                CREATE TABLE run_document (
                    runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    documentId TEXT NOT NULL,
                    PRIMARY KEY (runId, position)
                ) WITHOUT ROWID;
                CREATE TABLE run_entity (
                    runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    json TEXT NOT NULL,
                    PRIMARY KEY (runId, position)
                );
                """)
    }

    /// Each document's whole analysis in compact form (see ``StoredAnalysis``), under the key
    /// that says when it still holds, so that a later run reuses it instead of analysing again
    /// and the corpus stages can run over stored documents.
    private static func createStoredAnalyses(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE document_analysis (
                    documentId TEXT PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE ON UPDATE CASCADE,
                    key TEXT NOT NULL,
                    reader TEXT NOT NULL,
                    data BLOB NOT NULL
                );
                """)
    }

    private static func createFullText(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE document_fts USING fts5(
                    title, text, content='document', content_rowid='rowKey',
                    tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN
                    INSERT INTO document_fts(rowid, title, text) VALUES (new.rowKey, new.title, new.text);
                END;
                CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
                    INSERT INTO document_fts(document_fts, rowid, title, text)
                        VALUES ('delete', old.rowKey, old.title, old.text);
                END;
                CREATE TRIGGER document_fts_update AFTER UPDATE OF title, text ON document BEGIN
                    INSERT INTO document_fts(document_fts, rowid, title, text)
                        VALUES ('delete', old.rowKey, old.title, old.text);
                    INSERT INTO document_fts(rowid, title, text) VALUES (new.rowKey, new.title, new.text);
                END;
                INSERT INTO document_fts(document_fts) VALUES ('rebuild');
                """)
    }

    /// Uploads received by `claimtrace serve`, kept until analysed so that a restart resumes
    /// them: the file's bytes while queued or running (dropped once done or failed), what the
    /// analysis added or why it failed.
    private static func createUploads(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE upload (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    fileName TEXT NOT NULL,
                    documentId TEXT,
                    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
                    size INTEGER NOT NULL CHECK (size >= 0),
                    content BLOB,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    documentsDone INTEGER NOT NULL DEFAULT 0,
                    documentsTotal INTEGER,
                    receivedAt TEXT NOT NULL,
                    startedAt TEXT,
                    finishedAt TEXT,
                    outcome TEXT,
                    error TEXT,
                    CHECK (content IS NOT NULL OR status IN ('done', 'failed'))
                );
                CREATE INDEX upload_pending ON upload(status) WHERE status IN ('queued', 'running');
                """)
    }
}
