import Foundation
import GRDB

/// An upload waiting for, undergoing or done with analysis: a row of `upload` (without its bytes).
public struct StoredUpload: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case queued, running, done, failed
    }

    public var id: Int64
    public var fileName: String
    /// The id its document gets (nil for a JSONL file, whose records carry their own).
    public var documentId: String?
    public var status: Status
    /// Bytes received.
    public var size: Int
    /// Times its analysis was started (more than one when the server stopped during one).
    public var attempts: Int
    /// Documents read from it and analysed so far, and how many it holds (once read).
    public var documentsDone: Int
    public var documentsTotal: Int?
    public var receivedAt: String
    public var startedAt: String?
    public var finishedAt: String?
    /// What the analysis added and skipped, as the server wrote it (JSON), once finished.
    public var outcome: String?
    /// Why it failed.
    public var error: String?

    /// Still to be analysed, or being analysed.
    public var isPending: Bool { status == .queued || status == .running }

    init(_ row: Row) {
        id = row["id"]
        fileName = row["fileName"]
        documentId = row["documentId"]
        status = Status(rawValue: row["status"]) ?? .failed
        size = row["size"]
        attempts = row["attempts"]
        documentsDone = row["documentsDone"]
        documentsTotal = row["documentsTotal"]
        receivedAt = row["receivedAt"]
        startedAt = row["startedAt"]
        finishedAt = row["finishedAt"]
        outcome = row["outcome"]
        error = row["error"]
    }

    static let columns =
        "id, fileName, documentId, status, size, attempts, documentsDone, documentsTotal, receivedAt, startedAt, finishedAt, outcome, error"
}

/// The upload queue of `claimtrace serve`, kept in the database so that an accepted upload is
/// never lost silently: a restart finds what was queued (and what was running when the server
/// stopped) and analyses it then.
extension ClaimTraceStore {
    /// Queues an upload unless `capacity` uploads are already queued or running; nil when full.
    /// The check and the insert are one transaction.
    public func enqueueUpload(fileName: String, documentId: String?, content: [UInt8], capacity: Int) throws -> StoredUpload? {
        try write { db in
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM upload WHERE status IN ('queued', 'running')") ?? 0
            guard pending < capacity else { return nil }
            try db.execute(
                sql: "INSERT INTO upload (fileName, documentId, status, size, content, receivedAt) VALUES (?, ?, 'queued', ?, ?, ?)",
                arguments: [fileName, documentId, content.count, Data(content), Self.timestamp()])
            return try Self.upload(db, id: db.lastInsertedRowID)
        }
    }

    /// The oldest queued upload with its bytes, now marked running (one more attempt).
    public func claimNextUpload() throws -> (upload: StoredUpload, content: [UInt8])? {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, content FROM upload WHERE status = 'queued' ORDER BY id LIMIT 1") else {
                return nil
            }
            let id: Int64 = row["id"]
            let content: Data = row["content"] ?? Data()
            try db.execute(
                sql: "UPDATE upload SET status = 'running', attempts = attempts + 1, startedAt = ?, documentsDone = 0 WHERE id = ?",
                arguments: [Self.timestamp(), id])
            return try Self.upload(db, id: id).map { ($0, Array(content)) }
        }
    }

    /// Records how far the analysis of an upload has got.
    public func recordUploadProgress(_ id: Int64, done: Int, total: Int) throws {
        try write { db in
            try db.execute(sql: "UPDATE upload SET documentsDone = ?, documentsTotal = ? WHERE id = ?", arguments: [done, total, id])
        }
    }

    /// Ends an upload: done with what it added (JSON), or failed with why. Its bytes are dropped.
    public func finishUpload(_ id: Int64, outcome: String?, error: String?) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE upload SET status = ?, outcome = ?, error = ?, finishedAt = ?, content = NULL WHERE id = ?",
                arguments: [error == nil ? "done" : "failed", outcome, error, Self.timestamp(), id])
        }
    }

    /// After a restart: uploads that were running go back in the queue, unless they have been
    /// started `maxAttempts` times already (then they fail, saying so). Returns how many wait.
    @discardableResult
    public func requeueInterruptedUploads(maxAttempts: Int) throws -> Int {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE upload SET status = 'failed', finishedAt = ?, content = NULL,
                        error = 'the server stopped during its analysis ' || attempts || ' times; upload it again, or run claimtrace analyze on the file to see what goes wrong'
                    WHERE status = 'running' AND attempts >= ?
                    """, arguments: [Self.timestamp(), maxAttempts])
            try db.execute(sql: "UPDATE upload SET status = 'queued' WHERE status = 'running'")
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM upload WHERE status = 'queued'") ?? 0
        }
    }

    /// One upload, without its bytes.
    public func upload(id: Int64) throws -> StoredUpload? {
        try read { try Self.upload($0, id: id) }
    }

    /// The uploads still queued or running, oldest first.
    public func pendingUploads() throws -> [StoredUpload] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(StoredUpload.columns) FROM upload WHERE status IN ('queued', 'running') ORDER BY id"
            ).map(StoredUpload.init)
        }
    }

    static func upload(_ db: Database, id: Int64) throws -> StoredUpload? {
        try Row.fetchOne(db, sql: "SELECT \(StoredUpload.columns) FROM upload WHERE id = ?", arguments: [id]).map(StoredUpload.init)
    }
}
