import Foundation
import GRDB
import Testing

@testable import ClaimTraceStore

/// The server's upload queue lives in the database: bounded, claimed oldest first, and resumed
/// after a restart.
@Suite struct UploadQueueTests {
    @Test func uploadsAreQueuedUpToTheCapacityAndClaimedInOrder() throws {
        let store = try ClaimTraceStore.inMemory()
        let first = try #require(try store.enqueueUpload(fileName: "a.txt", documentId: "upload/a.txt", content: Array("A".utf8), capacity: 2))
        #expect(first.status == .queued && first.documentId == "upload/a.txt" && first.size == 1)
        #expect(try store.enqueueUpload(fileName: "b.jsonl", documentId: nil, content: Array("B".utf8), capacity: 2) != nil)
        #expect(try store.enqueueUpload(fileName: "c.txt", documentId: nil, content: [], capacity: 2) == nil)
        #expect(try store.pendingUploads().map(\.fileName) == ["a.txt", "b.jsonl"])

        let claimed = try #require(try store.claimNextUpload())
        #expect(claimed.upload.fileName == "a.txt" && claimed.upload.status == .running && claimed.upload.attempts == 1)
        #expect(claimed.content == Array("A".utf8))
        try store.recordUploadProgress(claimed.upload.id, done: 1, total: 1)
        try store.finishUpload(claimed.upload.id, outcome: "{\"added\":[]}", error: nil)
        let done = try #require(try store.upload(id: claimed.upload.id))
        #expect(done.status == .done && done.outcome == "{\"added\":[]}" && done.documentsDone == 1 && done.finishedAt != nil)
        // Still two pending counted against the capacity? No: one is done, so there is room.
        #expect(try store.enqueueUpload(fileName: "c.txt", documentId: nil, content: [1], capacity: 2) != nil)
        let second = try #require(try store.claimNextUpload())
        try store.finishUpload(second.upload.id, outcome: nil, error: "nothing could be read")
        #expect(try store.upload(id: second.upload.id)?.status == .failed)
        #expect(try store.upload(id: 999) == nil)
    }

    @Test func aRestartResumesWhatWasRunningAndGivesUpAfterRepeatedStops() throws {
        let path = temporaryDatabase()
        defer { OpeningTests.remove(path) }
        do {
            let store = try ClaimTraceStore(path: path)
            _ = try store.enqueueUpload(fileName: "a.txt", documentId: "upload/a.txt", content: [65], capacity: 8)
            _ = try store.enqueueUpload(fileName: "b.txt", documentId: "upload/b.txt", content: [66], capacity: 8)
            _ = try store.claimNextUpload()  // the server stops while analysing a.txt
        }
        let reopened = try ClaimTraceStore(path: path)
        #expect(try reopened.requeueInterruptedUploads(maxAttempts: 2) == 2)
        let again = try #require(try reopened.claimNextUpload())
        #expect(again.upload.fileName == "a.txt" && again.upload.attempts == 2 && again.content == [65])
        // It stops the server a second time: the next start gives up on it and says why.
        #expect(try reopened.requeueInterruptedUploads(maxAttempts: 2) == 1)
        let failed = try #require(try reopened.upload(id: again.upload.id))
        #expect(failed.status == .failed)
        #expect(failed.error?.contains("stopped during its analysis 2 times") == true)
        #expect(try reopened.pendingUploads().map(\.fileName) == ["b.txt"])
    }
}
