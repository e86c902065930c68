import ClaimTrace
import Foundation
import GRDB
import Testing

@testable import ClaimTraceStore

/// Opening a database: what is not ours, or is newer than we know, is refused before anything is
/// written to it; a database that cannot be written is opened read-only.
@Suite struct OpeningTests {
    /// The bytes of a file, and whether SQLite left a journal, WAL or shared-memory file beside it.
    static func state(_ path: String) throws -> (bytes: Data, sidecars: [String]) {
        let sidecars = ["-wal", "-shm", "-journal"].filter { FileManager.default.fileExists(atPath: path + $0) }
        return (try Data(contentsOf: URL(fileURLWithPath: path)), sidecars)
    }

    /// A database in rollback-journal mode (as other tools and older claimtrace versions leave
    /// them), built by `body`.
    static func database(_ body: (Database) throws -> Void) throws -> String {
        let path = temporaryDatabase()
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator().migrate(queue)
        try queue.write(body)
        try queue.close()
        return path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test(arguments: ["foreign", "newer", "unknown-migration"])
    func aRefusedDatabaseIsLeftByteForByteAsItWas(_ kind: String) throws {
        let path: String
        switch kind {
        case "foreign":
            path = temporaryDatabase()
            let queue = try DatabaseQueue(path: path)
            try queue.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)") }
            try queue.close()
        case "newer":
            path = try Self.database { try $0.execute(sql: "PRAGMA user_version = 99") }
        default:
            path = try Self.database { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        }
        defer { Self.remove(path) }
        let before = try Self.state(path)
        #expect(before.sidecars.isEmpty)
        #expect(throws: StoreError.self) { _ = try ClaimTraceStore(path: path) }
        let after = try Self.state(path)
        // Not even the journal mode in the header (WAL is bytes 18-19) may change.
        #expect(after.bytes == before.bytes, "\(kind): the file was changed")
        #expect(after.sidecars.isEmpty, "\(kind): \(after.sidecars) left beside it")
    }

    @Test func unknownMigrationsAreNamedNotCalledANewerVersionNumber() throws {
        let path = try Self.database { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        defer { Self.remove(path) }
        do {
            _ = try ClaimTraceStore(path: path)
            Issue.record("a database with an unknown migration was opened")
        } catch let error as StoreError {
            let message = error.description
            #expect(message.contains("v99-future"), "\(message)")
            // Not "schema version 6 ... knows up to 6".
            #expect(!message.contains("knows up to"), "\(message)")
            #expect(message.contains("Nothing was changed"))
        }
    }
}

/// A database that cannot be written is still read: `serve` and `search` open it read-only, and
/// immutable when its folder cannot be written (a read-only filesystem).
@Suite struct ReadOnlyOpeningTests {
    @Test func theAccessFollowsWhatCanBeWritten() throws {
        let path = temporaryDatabase()
        defer { OpeningTests.remove(path) }
        let folder = (path as NSString).deletingLastPathComponent
        // A missing file is created: read-write, whatever the folder (creating it then says why not).
        #expect(ClaimTraceStore.access(forPath: path, canWrite: { _ in false }) == .readWrite)
        try ClaimTraceStore(path: path).save([try analyzed("a.txt", "Kept here.")])
        #expect(ClaimTraceStore.access(forPath: path, canWrite: { _ in true }) == .readWrite)
        #expect(ClaimTraceStore.access(forPath: path, canWrite: { $0 == folder }) == .readOnly)
        #expect(ClaimTraceStore.access(forPath: path, canWrite: { $0 != folder }) == .immutable)
        #expect(ClaimTraceStore.access(forPath: path, canWrite: { _ in false }) == .immutable)
        // A bare file name is in the current folder.
        #expect(ClaimTraceStore.access(forPath: "Package.swift", canWrite: { $0 == "." }) == .readOnly)
    }

    @Test(arguments: [ClaimTraceStore.Access.readOnly, .immutable])
    func aReadOnlyStoreReadsAndSearchesButWritesNothing(_ access: ClaimTraceStore.Access) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("claimtrace-ro-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
            try? FileManager.default.removeItem(atPath: folder)
        }
        // A path SQLite URIs must escape.
        let path = folder + "/corpus #1?.sqlite"
        do {
            let store = try ClaimTraceStore(path: path)
            try store.save([try analyzed("a.txt", "The river was clean, the mayor said.")])
        }
        #expect(try OpeningTests.state(path).sidecars.isEmpty, "the read-write store did not close cleanly")
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
        let before = try OpeningTests.state(path)
        let store = try ClaimTraceStore(path: path, access: access)
        #expect(store.isReadOnly)
        #expect(try store.documentIds() == ["a.txt"])
        #expect(try store.search("river", filter: .init()).items.map(\.documentId) == ["a.txt"])
        #expect { try store.save([try analyzed("b.txt", "Not saved.")]) } throws: { "\($0)".contains("read-only") }
        #expect { try store.enqueueUpload(fileName: "b.txt", documentId: nil, content: [1], capacity: 5) } throws: { "\($0)".contains("read-only") }
        let after = try OpeningTests.state(path)
        #expect(after.bytes == before.bytes)
        if access == .immutable { #expect(after.sidecars.isEmpty, "\(after.sidecars)") }
    }

    @Test func readOnlyOpeningRefusesWhatItCannotUpgradeOrFind() throws {
        let path = temporaryDatabase()
        defer { OpeningTests.remove(path) }
        #expect { try ClaimTraceStore(path: path, access: .immutable) } throws: { "\($0)".contains("no such file") }
        #expect(!FileManager.default.fileExists(atPath: path))
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator(upTo: "v2-fulltext").migrate(queue)
        try queue.close()
        let before = try OpeningTests.state(path)
        #expect { try ClaimTraceStore(path: path, access: .readOnly) } throws: { error in
            let message = "\(error)"
            return message.contains("older claimtrace") && message.contains("Nothing was changed")
        }
        #expect(try OpeningTests.state(path).bytes == before.bytes)
    }
}
