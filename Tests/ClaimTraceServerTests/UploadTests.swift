import ClaimTrace
import ClaimTraceStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClaimTraceServer

/// Uploads: accepted at once into a bounded queue, analysed in the background, their ids
/// namespaced and checked.
@Suite struct UploadTests {
    static func post(_ client: some TestClientProtocol, name: String, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(
            uri: "/api/v1/documents?name=" + Query.encode(name), method: .post, headers: [.contentType: "text/plain"],
            body: ByteBuffer(string: body)
        ) { response in (response.status, (try? ServerTests.json(response)) ?? [:]) }
    }

    /// The upload's status once its analysis has ended (polls its status URL for up to 5 minutes).
    static func finished(_ client: some TestClientProtocol, _ url: String) async throws -> [String: Any] {
        for _ in 0..<3000 {
            let state = try await client.execute(uri: url, method: .get) { try ServerTests.json($0) }
            if let status = state["status"] as? String, status == "done" || status == "failed" { return state }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the upload at \(url) did not finish")
        return [:]
    }

    @Test func aJSONLRecordCannotReplaceADocumentThatWasNotUploaded() async throws {
        let store = try ServerTests.makeStore()
        let original = try #require(try store.document(id: "news/a.txt"))
        let spans = try store.allSpans(documentId: "news/a.txt")
        try await ServerTests.app(store).test(.router) { client in
            let line = #"{"id": "news/a.txt", "title": "Planted", "text": "The planted text replaces the article, an impostor said."}"#
            let (status, body) = try await Self.post(client, name: "feed.jsonl", line + "\n")
            #expect(status == .accepted)
            let url = try #require(body["url"] as? String)
            let state = try await Self.finished(client, url)
            let added = try #require(state["added"] as? [[String: Any]])
            #expect(added.map { $0["id"] as? String } == ["upload/news/a.txt"])
        }
        let after = try #require(try store.document(id: "news/a.txt"))
        #expect(after.text == original.text && after.title == original.title && after.analyzedAt == original.analyzedAt)
        #expect(try store.allSpans(documentId: "news/a.txt") == spans)
        #expect(try store.document(id: "upload/news/a.txt")?.title == "Planted")
    }

    @Test(arguments: [
        (#""""#, "an empty id"), (#""../../etc""#, "../../etc"), (#""/abs/path""#, "/abs/path"), (#""a/./b""#, "a/./b"),
        (#""a//b""#, "a//b"), (#""dir/""#, "dir/"), (#""back\\slash""#, #"back\slash"#), (#""tab\there""#, "tab"),
        (#""nul\u0000here""#, "nul"), (#""bidi\u202Eevil""#, "bidi"),
    ])
    func aRecordIdWithPathTricksOrControlCharactersIsRefusedByName(_ id: String, _ named: String) async throws {
        let store = try ServerTests.makeStore()
        try await ServerTests.app(store).test(.router) { client in
            let feed = #"{"id": "fine-1", "text": "A good record."}"# + "\n" + #"{"id": \#(id), "text": "A record with a bad id."}"# + "\n"
            let (status, body) = try await Self.post(client, name: "feed.jsonl", feed)
            #expect(status == .unprocessableContent, "\(id)")
            let message = try #require((body["error"] as? [String: Any])?["message"] as? String)
            #expect(message.contains(named), "\(message)")
            #expect(message.contains("feed.jsonl:2"), "\(message)")
        }
        // Nothing of the file was kept, the good record included.
        #expect(try store.documentCount() == 3)
        #expect(try store.pendingUploads().isEmpty)
    }

    @Test func aFullQueueRefusesWith503AndRetryAfterAndKeepsNothing() async throws {
        let store = try ServerTests.makeStore()
        try await ServerTests.app(store, ServerConfiguration(uploadQueueCapacity: 1)).test(.router) { client in
            // One upload waits already (queued behind the worker's back, so it stays queued).
            _ = try store.enqueueUpload(fileName: "first.txt", documentId: "upload/first.txt", content: Array("First.".utf8), capacity: 1)
            try await client.execute(
                uri: "/api/v1/documents?name=second.txt", method: .post, body: ByteBuffer(string: "The second article.")
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
                #expect(ServerTests.text(response).contains("waiting for analysis"))
            }
        }
        #expect(try store.pendingUploads().map(\.fileName) == ["first.txt"])
    }

    @Test func anUploadWaitingForAnalysisIsShownAsPending() async throws {
        let store = try ServerTests.makeStore()
        try await ServerTests.app(store).test(.router) { client in
            let queued = try #require(
                try store.enqueueUpload(fileName: "dam.txt", documentId: "upload/dam.txt", content: Array("Dam.".utf8), capacity: 8))
            try await client.execute(uri: "/documents", method: .get) { response in
                let html = ServerTests.text(response)
                #expect(html.contains("<tr class=\"pending\">") && html.contains(">dam.txt</a> <span class=\"tag\">pending</span>"))
                #expect(html.contains("href=\"/uploads/\(queued.id)\""))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(ServerTests.text(response).contains("1 upload is waiting for analysis"))
            }
            try await client.execute(uri: "/api/v1/documents", method: .get) { response in
                let pending = try #require(try ServerTests.json(response)["pending"] as? [[String: Any]])
                #expect(pending.map { $0["documentId"] as? String } == ["upload/dam.txt"])
                #expect(pending.first?["status"] as? String == "queued")
            }
            try await client.execute(uri: "/api/v1/stats", method: .get) { response in
                let stats = try ServerTests.json(response)
                #expect(stats["pendingUploads"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/documents/upload/dam.txt", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(ServerTests.text(response).contains("still being analysed"))
            }
            try await client.execute(uri: "/uploads/\(queued.id)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Refresh")!] == "2")
                #expect(ServerTests.text(response).contains("queued since"))
            }
            try await client.execute(uri: "/api/v1/uploads/x", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/uploads/999", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func anUploadLeftInTheQueueIsAnalysedWhenTheServerStarts() async throws {
        let store = try ServerTests.makeStore()
        // Accepted by a server that stopped before analysing it.
        let queued = try #require(
            try store.enqueueUpload(
                fileName: "river.txt", documentId: "upload/river.txt", content: Array("River\n\nThe mayor said the river was clean.\n".utf8),
                capacity: 8))
        try await ServerTests.app(store).test(.router) { client in
            let state = try await Self.finished(client, UploadQueue.url(queued.id))
            #expect(state["status"] as? String == "done")
        }
        #expect(try store.document(id: "upload/river.txt")?.title == "River")
    }

    /// The analysis runs after the answer, on the worker: while the hook holds the worker, the
    /// upload is "running" and other requests are answered; the hook gets the saved documents.
    @Test func theAnalysisRunsAfterTheAnswerAndCallsTheHookWithWhatWasSaved() async throws {
        let store = try ServerTests.makeStore()
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let seen = Box<[String]>([])
        let router = buildRouter(store: store, configuration: .init()) { upload in
            seen.value = upload.documents.map(\.id) + upload.statuses
            entered.signal()
            release.wait()
            throw CocoaError(.featureUnsupported)
        }
        try await Application(router: router).test(.router) { client in
            let (status, queued) = try await Self.post(client, name: "hook.txt", "Hook\n\nThe minister said the bridge would open.\n")
            #expect(status == .accepted)
            let url = try #require(queued["url"] as? String)
            // Waited for on a thread of its own: blocking one of Swift's cooperative threads would stall
            // every other test running at the same time.
            try await Blocking.run { entered.wait() }
            let running = try await client.execute(uri: url, method: .get) { try ServerTests.json($0) }
            #expect(running["status"] as? String == "running")
            try await client.execute(uri: "/api/v1/stats", method: .get) { response in
                #expect(response.status == .ok)
            }
            release.signal()
            let state = try await Self.finished(client, url)
            #expect(state["status"] as? String == "done")
            let warnings = try #require(state["warnings"] as? [String])
            #expect(warnings.first?.contains("the documents were saved, but updating the corpus results failed") == true)
        }
        #expect(seen.value == ["upload/hook.txt", "inserted"])
        #expect(try store.document(id: "upload/hook.txt") != nil)
    }

    /// Issue 24 item 5: a web archive uploaded gives one document per page, named by its URI and
    /// capture time under `upload/`; the records passed over are counted in a warning.
    @Test func aWebArchiveUploadGivesOneDocumentPerPage() async throws {
        let store = try ServerTests.makeStore()
        var warc = WARCWriter(gzipPerRecord: false)
        for k in 1...2 {
            let uri = "https://example.org/news/\(k)"
            warc.record(
                type: "request", uri: uri, date: "2026-03-01T10:00:0\(k)Z", contentType: WARCWriter.requestType,
                block: Array("GET /news/\(k) HTTP/1.1\r\n\r\n".utf8))
            let page = "<html><head><title>Bridge \(k)</title></head><body><p>The mayor of Arden said the bridge would close in May.</p></body></html>"
            warc.record(
                type: "response", uri: uri, date: "2026-03-01T10:00:0\(k)Z", contentType: WARCWriter.responseType,
                block: WARCWriter.httpResponse(headers: [("Content-Type", "text/html")], body: Array(page.utf8)))
        }
        let body = String(decoding: warc.bytes, as: UTF8.self)
        try await ServerTests.app(store).test(.router) { client in
            let (status, queued) = try await Self.post(client, name: "crawl.warc", body)
            #expect(status == .accepted)
            let state = try await Self.finished(client, try #require(queued["url"] as? String))
            #expect(state["status"] as? String == "done")
            let added = try #require(state["added"] as? [[String: Any]])
            #expect(added.compactMap { $0["id"] as? String } == ["upload/example.org/news/1@2026-03-01T10:00:01Z", "upload/example.org/news/2@2026-03-01T10:00:02Z"])
            #expect(state["warnings"] as? [String] == ["2 web archive records skipped (2 request)"])
            let page = try await client.execute(uri: "/documents/upload/example.org/news/2%402026-03-01T10%3A00%3A02Z", method: .get) { $0.status }
            #expect(page == .ok)
        }
        #expect(try store.document(id: "upload/example.org/news/1@2026-03-01T10:00:01Z")?.title == "Bridge 1")
    }

    /// Issue 23 item 12: an upload joins the corpus's claims as soon as it is analysed, from the
    /// stored analyses of the other documents, without a run of `analyze`.
    @Test func anUploadJoinsTheClaimsOfTheCorpus() async throws {
        let store = try ServerTests.makeStore()
        let pipeline = Pipeline()
        let before = try #require(try store.latestRun())
        let router = buildRouter(
            store: store, configuration: .init(), pipeline: pipeline, onUploadAnalyzed: CorpusRefresh.hook(store: store, pipeline: pipeline))
        try await Application(router: router).test(.router) { client in
            let (status, queued) = try await Self.post(
                client, name: "vidal.txt",
                "Fighters moved\n\nGeneral Tomas Vidal said on Tuesday that the United States is moving ISIS fighters to Afghanistan.\n")
            #expect(status == .accepted)
            let state = try await Self.finished(client, try #require(queued["url"] as? String))
            #expect(state["status"] as? String == "done")
            #expect((state["warnings"] as? [String] ?? []).isEmpty)
            let claims = try await client.execute(uri: "/api/v1/claims", method: .get) { try ServerTests.json($0) }
            let documents = (claims["items"] as? [[String: Any]] ?? []).flatMap { $0["documents"] as? [String] ?? [] }
            #expect(documents.contains("upload/vidal.txt"))
            #expect(documents.contains("news/a.txt"))
            let stats = try await client.execute(uri: "/api/v1/stats", method: .get) { try ServerTests.json($0) }
            #expect(stats["documentsAfterRun"] as? Int == 0)
            #expect((stats["run"] as? Int).map(Int64.init) ?? 0 > before.id)
        }
    }

    @Test func aReadOnlyServerRefusesUploadsAndSaysWhy() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claimtrace-ro-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do { _ = try ClaimTraceStore(path: path) }
        let store = try ClaimTraceStore(path: path, access: .readOnly)
        try await ServerTests.app(store).test(.router) { client in
            try await client.execute(uri: "/upload", method: .get) { response in
                #expect(ServerTests.text(response).contains("Uploads are off"))
                #expect(!ServerTests.text(response).contains("<form class=\"filters\" action=\"/upload\""))
            }
            let (status, body) = try await Self.post(client, name: "a.txt", "An article.")
            #expect(status == .forbidden)
            #expect(((body["error"] as? [String: Any])?["message"] as? String)?.contains("read-only") == true)
            try await client.execute(uri: "/api/v1/stats", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// A value shared with a closure that runs on another thread.
final class Box<Value: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `stored` is only read and written under `lock`.
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
