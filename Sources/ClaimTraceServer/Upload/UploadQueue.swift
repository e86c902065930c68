import ClaimTraceStore
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Analyses queued uploads in the background, one at a time, on a thread of its own.
///
/// The queue itself is the store's `upload` table (see ``ClaimTraceStore/enqueueUpload(fileName:documentId:content:capacity:)``):
/// an accepted upload is on disk before the client hears 202, so a restart finds it. At start,
/// ``resume()`` puts back in the queue what was running when the server stopped (giving up on an
/// upload that stopped it twice). The analysis is CPU-bound: it runs on one dedicated thread,
/// at a lower scheduling priority, never on Swift's cooperative pool, so requests keep their
/// cores. The thread exists only while there is work.
final class UploadQueue: @unchecked Sendable {
    // @unchecked Sendable: `running` and `signalled` are only read and written under `lock`;
    // the other fields are immutable and Sendable.
    private let lock = NSLock()
    private var running = false
    private var signalled = false
    let uploader: Uploader
    let hook: UploadHook
    let logger = Logger(label: "claimtrace.uploads")

    /// Times an upload's analysis may be started before it is given up (the server stopping
    /// during it each time).
    static let maxAttempts = 2

    init(uploader: Uploader, hook: @escaping UploadHook) {
        self.uploader = uploader
        self.hook = hook
    }

    /// The status of upload `id` in the API, and as a page.
    static func url(_ id: Int64) -> String { "/api/v1/uploads/\(id)" }
    static func page(_ id: Int64) -> String { "/uploads/\(id)" }

    /// Puts back what was running when the server last stopped, and starts on the queue.
    func resume() {
        guard !uploader.store.isReadOnly else { return }
        do {
            if try uploader.store.requeueInterruptedUploads(maxAttempts: Self.maxAttempts) > 0 { wake() }
        } catch {
            logger.error("the upload queue could not be resumed: \(error)")
        }
    }

    /// Makes sure the worker runs (it stops when the queue is empty).
    func wake() {
        let start = lock.withLock {
            signalled = true
            if running { return false }
            running = true
            return true
        }
        guard start else { return }
        let thread = Thread { [self] in work() }
        thread.name = "claimtrace uploads"
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func work() {
        lowerPriority()
        while true {
            lock.withLock { signalled = false }
            while let (upload, content) = claim() {
                process(upload, content: content)
            }
            // Stop unless an upload came in after the last claim found none.
            let stop = lock.withLock {
                if signalled { return false }
                running = false
                return true
            }
            if stop { return }
        }
    }

    private func claim() -> (StoredUpload, [UInt8])? {
        do {
            return try uploader.store.claimNextUpload()
        } catch {
            logger.error("the upload queue could not be read: \(error)")
            return nil
        }
    }

    private func process(_ upload: StoredUpload, content: [UInt8]) {
        let store = uploader.store
        var (outcome, analyzed) = uploader.analyze(upload, content: content) { done, total in
            try? store.recordUploadProgress(upload.id, done: done, total: total)
        }
        if !analyzed.documents.isEmpty {
            do {
                try hook(analyzed)
            } catch {
                outcome.warnings.append("the documents were saved, but updating the corpus results failed: \(error)")
            }
        }
        let failure: String? =
            outcome.added.isEmpty
            ? (outcome.skipped.isEmpty ? "the file holds no document" : "nothing in the file could be added (see skipped)") : nil
        let json = (try? JSONEncoder().encode(outcome)).map { String(decoding: $0, as: UTF8.self) }
        do {
            try store.finishUpload(upload.id, outcome: json, error: failure)
        } catch {
            logger.error("upload \(upload.id) (\(upload.fileName)) was analysed, but its status could not be saved: \(error)")
        }
    }

    /// Runs this thread at a nice level of 10, so that the scheduler prefers the request threads.
    private func lowerPriority() {
        #if os(Linux)
        // On Linux the nice level is per thread: PRIO_PROCESS with a thread id names the thread,
        // whose id /proc/thread-self (".../task/TID") gives.
        var link = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &link, link.count - 1)
        guard length > 0, let last = String(decoding: link[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: "/").last,
            let thread = id_t(last)
        else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, 10)
        #endif
    }
}
