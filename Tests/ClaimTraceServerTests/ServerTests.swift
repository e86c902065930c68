import ClaimTrace
import ClaimTraceReport
import ClaimTraceStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClaimTraceServer

/// The web app driven in process: pages, API, search, escaping, access and limits, over a store
/// filled from articles written for these tests.
@Suite struct ServerTests {
    static let articleA = """
        US moves ISIS fighters

        By Ana Reyes

        The United States is moving ISIS fighters to Afghanistan, General Tomas Vidal said on Monday.
        Officials in Kabul said "nearly 7,000 fighters" had arrived.
        """
    static let articleB = """
        ISIS fighters moved, general says

        General Tomas Vidal said the United States is moving ISIS fighters to Afghanistan.
        """
    static let hostile = """
        <script>alert(1)</script> Minister "quits" </style><b>now</b>

        The minister said on Monday that "<img src=x onerror=alert(2)>" was \" onmouseover="alert(3)" a lie about the dam.
        Click <a href="javascript:alert(5)">here</a> & see <!-- comment --> ]]> {{x}}.
        """

    /// A store holding three analysed articles and one finished run with their corpus results.
    static func makeStore() throws -> ClaimTraceStore {
        let store = try ClaimTraceStore.inMemory()
        let pipeline = Pipeline()
        let documents = try [("news/a.txt", articleA), ("news/b b.txt", articleB), ("evil.txt", hostile)].map { id, text in
            try pipeline.analyze(Document(id: id, source: "/corpus/" + id, format: .text, text: text))
        }
        let run = try store.beginRun(inputs: ["test"])
        try store.save(documents)
        let corpus = CorpusAccumulator.analyze(documents)
        try store.saveCorpus(run: run, corpus: corpus, claimJSON: JSONReport.json, findingJSON: JSONReport.json)
        try store.finishRun(run, documents: documents.count, rejected: 0)
        return store
    }

    static func app(_ store: ClaimTraceStore, _ configuration: ServerConfiguration = .init()) -> some ApplicationProtocol {
        Application(router: buildRouter(store: store, configuration: configuration))
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
        return try #require(object as? [String: Any])
    }

    // MARK: pages

    @Test func everyPageAnswersWithItsView() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            for (path, marker) in [
                ("/", "<section id=\"overview\">"), ("/documents", "news/a.txt"), ("/claims", "<section id=\"claims\">"),
                ("/graph", "<svg viewBox"), ("/timeline", "<section id=\"timeline\">"), ("/sources", "Tomas Vidal"),
                ("/findings", "<section id=\"findings\">"), ("/copies", "<section id=\"copies\">"),
                ("/techniques", "<section id=\"techniques\">"),
                ("/search?q=fighters", "<mark>fighters</mark>"), ("/upload", "enctype=\"multipart/form-data\""),
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                    #expect(Self.text(response).contains(marker), "\(path) lacks \(marker)")
                }
            }
        }
    }

    @Test func aDocumentPageMarksItsStatementsAndLinksItsClaim() async throws {
        let store = try Self.makeStore()
        let run = try #require(try store.latestRun())
        let claim = try #require(try store.claims(run: run.id).items.first)
        try await Self.app(store).test(.router) { client in
            // An id with a slash and a space, percent-encoded as the app's own links write it.
            try await client.execute(uri: "/documents/news/b%20b.txt", method: .get) { response in
                #expect(response.status == .ok)
                let html = Self.text(response)
                #expect(html.contains("<h2>ISIS fighters moved, general says</h2>"))
                #expect(html.contains("class=\"a-cue\""))
                #expect(html.contains("title=\"statement 2 · named source: General Tomas Vidal"))
                #expect(html.contains("<a id=\"d0-c-\(claim.id)-"))
                #expect(html.contains("href=\"/claims/\(claim.id)\""))
            }
            // The claim's page links back to an anchor inside the article.
            try await client.execute(uri: "/claims/\(claim.id)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Self.text(response).contains("href=\"/documents/news/b%20b.txt#d0-c-\(claim.id)-"))
            }
        }
    }

    @Test func unknownAddressesAndIdsGiveA404PageNotACrash() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            for path in ["/nowhere", "/documents/missing.txt", "/claims/C999", "/documents/%ZZ"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(Self.text(response).contains("<h2>404 Not Found</h2>"), "\(path)")
                    #expect(response.headers[.contentSecurityPolicy] != nil)
                }
            }
            try await client.execute(uri: "/api/v1/documents/missing.txt", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try #require(try Self.json(response)["error"] as? [String: Any])
                #expect(error["status"] as? Int == 404)
                #expect((error["message"] as? String)?.contains("missing.txt") == true)
            }
        }
    }

    @Test func aKnownAddressAskedWithAnotherMethodIsA405() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/api/v1/stats", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/documents/news/a.txt", method: .put) { response in
                #expect(response.status == .methodNotAllowed)
            }
            try await client.execute(uri: "/api/v1/documents", method: .patch) { response in
                #expect(response.headers[.allow] == "GET, POST, HEAD")
            }
        }
    }

    @Test func badParametersAreA400ThatNamesTheParameter() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            for (path, name) in [
                ("/documents?from=yesterday", "from"), ("/documents?page=0", "page"), ("/api/v1/findings?page=", "page"), ("/api/v1/documents?perPage=5000", "perPage"),
                ("/api/v1/documents?technique=Lies", "technique"), ("/api/v1/findings?kind=typo", "kind"),
                ("/api/v1/search?q=" + String(repeating: "a", count: 600), "q"),
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .badRequest, "\(path)")
                    #expect(Self.text(response).contains(name), "\(path)")
                }
            }
        }
    }

    // MARK: escaping

    @Test func hostileArticleTextStaysInertInEveryPage() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            for path in ["/documents/evil.txt", "/documents", "/search?q=minister", "/sources?q=click", "/claims"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    let body = Self.text(response)
                    #expect(!body.contains("<script>alert"), "\(path)")
                    #expect(!body.contains("<img"), "\(path)")
                    #expect(!body.contains("<b>now"), "\(path)")
                    #expect(!body.contains("href=\"javascript"), "\(path)")
                    #expect(!body.contains("\" onmouseover=\"alert(3)"), "\(path)")
                }
            }
            try await client.execute(uri: "/documents/evil.txt", method: .get) { response in
                let html = Self.text(response)
                // Only our own script file, no inline script, and the text arrives escaped.
                #expect(html.components(separatedBy: "<script").count - 1 == 1)
                #expect(html.contains("<script src=\"/assets/filter.js\"></script>"))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(html.contains("&quot; onmouseover=&quot;alert(3)&quot;"))
            }
            // In the API the text is data: served as JSON, never sniffed as HTML.
            try await client.execute(uri: "/api/v1/documents/evil.txt", method: .get) { response in
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                let body = try Self.json(response)
                #expect((body["text"] as? String)?.hasPrefix("<script>alert(1)</script>") == true)
            }
            // A search term is escaped where the page repeats it.
            try await client.execute(uri: "/search?q=%22%3E%3Cscript%3Ealert(9)%3C/script%3E", method: .get) { response in
                let html = Self.text(response)
                #expect(!html.contains("<script>alert(9)"))
                #expect(html.contains("&quot;&gt;&lt;script&gt;alert(9)"))
            }
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            for path in ["/", "/api/v1/stats", "/assets/style.css", "/nowhere"] {
                try await client.execute(uri: path, method: .get) { response in
                    let csp = try #require(response.headers[.contentSecurityPolicy], "\(path)")
                    #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"))
                    #expect(csp.contains("frame-ancestors 'none'"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                }
            }
            try await client.execute(uri: "/", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    // MARK: API

    @Test func theAPIListsDocumentsWithFiltersAndPages() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/api/v1/documents?perPage=2", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let page = try Self.json(response)
                #expect(page["total"] as? Int == 3)
                #expect(page["perPage"] as? Int == 2)
                #expect((page["items"] as? [[String: Any]])?.count == 2)
            }
            try await client.execute(uri: "/api/v1/documents?perPage=2&page=2", method: .get) { response in
                let body = try Self.json(response)
                #expect((body["items"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/documents?sourceKind=named", method: .get) { response in
                let ids = (try Self.json(response)["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                #expect(ids?.contains("news/a.txt") == true)
            }
            // As an HTML form sends it: spaces as "+", other characters percent-escaped.
            try await client.execute(uri: "/api/v1/search?q=moved%2C+general", method: .get) { response in
                let body = try Self.json(response)
                #expect(body["total"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/documents?from=2031-01-01", method: .get) { response in
                let body = try Self.json(response)
                #expect(body["total"] as? Int == 0)
            }
        }
    }

    @Test func theAPIGivesADocumentWithItsSpansInScalarOffsets() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/api/v1/documents/news/a.txt", method: .get) { response in
                #expect(response.status == .ok)
                let document = try Self.json(response)
                let text = try #require(document["text"] as? String)
                let scalars = Array(text.unicodeScalars)
                let spans = try #require(document["spans"] as? [[String: Any]])
                let cues = spans.filter { $0["layer"] as? String == "attribution-cue" }
                #expect(!cues.isEmpty)
                for span in spans {
                    let start = try #require(span["start"] as? Int), end = try #require(span["end"] as? Int)
                    var piece = String.UnicodeScalarView()
                    piece.append(contentsOf: scalars[start..<end])
                    #expect(String(piece) == span["text"] as? String)
                }
                #expect((document["entities"] as? [[String: Any]])?.contains { $0["name"] as? String == "Tomas Vidal" } == true)
            }
        }
    }

    @Test func theAPIServesClaimsFindingsEntitiesAndSearch() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            var firstClaim = ""
            try await client.execute(uri: "/api/v1/claims", method: .get) { response in
                let page = try Self.json(response)
                let items = try #require(page["items"] as? [[String: Any]])
                #expect(page["total"] as? Int == items.count)
                let claim = try #require(items.first)
                #expect(Set(claim["documents"] as? [String] ?? []) == ["news/a.txt", "news/b b.txt"])
                firstClaim = try #require(claim["id"] as? String)
            }
            try await client.execute(uri: "/api/v1/claims/\(firstClaim)", method: .get) { response in
                let body = try Self.json(response)
                #expect(body["id"] as? String == firstClaim)
            }
            try await client.execute(uri: "/api/v1/entities?q=Vidal", method: .get) { response in
                let items = try #require(try Self.json(response)["items"] as? [[String: Any]])
                #expect(items.first?["name"] as? String == "Tomas Vidal")
                #expect(Set(items.first?["documents"] as? [String] ?? []) == ["news/a.txt", "news/b b.txt"])
            }
            try await client.execute(uri: "/api/v1/findings", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(body["items"] is [Any])
            }
            try await client.execute(uri: "/api/v1/search?q=afghanistan", method: .get) { response in
                let page = try Self.json(response)
                #expect(page["total"] as? Int == 2)
                let hit = try #require((page["items"] as? [[String: Any]])?.first)
                let snippet = try #require(hit["snippet"] as? String)
                let highlight = try #require((hit["highlights"] as? [[String: Int]])?.first)
                let scalars = Array(snippet.unicodeScalars)[highlight["start"]!..<highlight["end"]!]
                #expect(String(String.UnicodeScalarView(scalars)).lowercased() == "afghanistan")
            }
            try await client.execute(uri: "/api/v1/search?q=afghanistan&outlet=Nowhere", method: .get) { response in
                let body = try Self.json(response)
                #expect(body["total"] as? Int == 0)
            }
            try await client.execute(uri: "/api/v1/stats", method: .get) { response in
                let stats = try Self.json(response)
                #expect(stats["documents"] as? Int == 3)
                #expect(stats["documentsAfterRun"] as? Int == 0)
            }
        }
    }

    /// Every path the router serves under /api/v1 is described in the OpenAPI document, and the
    /// document describes no path the router lacks.
    @Test func theOpenAPIDocumentDescribesExactlyTheAPIRoutes() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                let yaml = Self.text(response)
                let described = Set(
                    yaml.split(separator: "\n").filter { $0.hasPrefix("  /api/v1/") && $0.hasSuffix(":") }
                        .map { String($0.dropFirst(2).dropLast()) })
                #expect(
                    described == [
                        "/api/v1/stats", "/api/v1/documents", "/api/v1/documents/{id}", "/api/v1/uploads/{id}", "/api/v1/entities", "/api/v1/claims",
                        "/api/v1/claims/{id}", "/api/v1/findings", "/api/v1/duplicates", "/api/v1/search", "/api/v1/openapi.yaml",
                    ])
                // And each described path answers (a 404 here would mean the router lacks it).
                for path in described {
                    let uri = path.replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "search", with: "search?q=x")
                    try await client.execute(uri: uri, method: .get) { response in
                        let routeMissing = response.status == .notFound && Self.text(response).contains("There is no page at this address")
                        #expect(!routeMissing, "\(path)")
                    }
                }
            }
        }
    }

    @Test func copiesAreListedWithTheirEvidence() async throws {
        let store = try ClaimTraceStore.inMemory()
        let run = try store.beginRun(inputs: ["test"])
        let pairs = [
            DuplicatePair(a: "a.txt", b: "b.txt", similarity: 0.97, containment: 1, kind: .republication, original: "a.txt", evidence: "“Originally published at Daily” <b>"),
            DuplicatePair(a: "c.txt", b: "d.txt", similarity: 0.8, containment: 0.9, kind: .nearDuplicate, original: nil, evidence: "same outlet"),
        ]
        try store.saveCorpus(
            run: run, corpus: CorpusAnalysis(entities: [], entityMembers: [:], findings: [], duplicates: pairs, claims: []),
            claimJSON: { _ in "{}" }, findingJSON: { _ in "{}" })
        try store.finishRun(run, documents: 4, rejected: 0)
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/copies", method: .get) { response in
                let html = Self.text(response)
                #expect(html.contains("republication") && html.contains("near-duplicate"))
                #expect(html.contains("&lt;b&gt;"))
                #expect(html.contains("(direction unknown)"))
            }
            try await client.execute(uri: "/api/v1/duplicates?kind=republication", method: .get) { response in
                let body = try Self.json(response)
                let items = try #require(body["items"] as? [[String: Any]])
                #expect(items.count == 1 && items[0]["original"] as? String == "a.txt")
            }
            try await client.execute(uri: "/api/v1/duplicates?document=d.txt", method: .get) { response in
                let body = try Self.json(response)
                #expect(body["total"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/duplicates?kind=copy", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    // MARK: upload

    @Test func anUploadedArticleIsQueuedAnalysedStoredAndShown() async throws {
        let store = try Self.makeStore()
        try await Self.app(store).test(.router) { client in
            let article = "Dam report\n\nThe engineer Lara Moss said the dam at Kerrin would fail within a year.\n"
            let (status, queued) = try await UploadTests.post(client, name: "dam report.txt", article)
            #expect(status == .accepted)
            #expect(queued["documentId"] as? String == "upload/dam_report.txt")
            let url = try #require(queued["url"] as? String)
            let state = try await UploadTests.finished(client, url)
            #expect(state["status"] as? String == "done")
            let added = try #require((state["added"] as? [[String: Any]])?.first)
            #expect(added["id"] as? String == "upload/dam_report.txt")
            #expect(added["status"] as? String == "inserted")
            #expect((added["statements"] as? Int ?? 0) >= 1)
            // Stored, searchable, and the overview says the corpus links are not computed yet.
            try await client.execute(uri: "/api/v1/search?q=Kerrin", method: .get) { response in
                let body = try Self.json(response)
                #expect(body["total"] as? Int == 1)
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(Self.text(response).contains("1 document was added or changed since then"))
            }
            // The browser form: multipart, then a redirect to the upload's status page, which
            // links to the new document once it is analysed.
            let boundary = "----claimtrace-test"
            let form = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"river.md\"\r\nContent-Type: text/markdown\r\n\r\n# River\n\nThe mayor said the river was clean.\r\n--\(boundary)--\r\n"
            let page = try await client.execute(
                uri: "/upload", method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
                body: ByteBuffer(string: form)
            ) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            #expect(page.hasPrefix("/uploads/"))
            _ = try await UploadTests.finished(client, "/api/v1" + page)
            try await client.execute(uri: page, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Refresh")!] == nil)
                #expect(Self.text(response).contains("href=\"/documents/upload/river.md\""))
            }
            #expect(try store.document(id: "upload/river.md")?.title == "River")
        }
    }

    @Test func uploadsAreLimitedAndCheckedBeforeAnythingIsStored() async throws {
        let store = try Self.makeStore()
        let configuration = ServerConfiguration(maxUploadBytes: 1000)
        try await Self.app(store, configuration).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/documents?name=big.txt", method: .post, body: ByteBuffer(string: String(repeating: "word ", count: 1000))
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/v1/documents?name=virus.exe", method: .post, body: ByteBuffer(string: "MZ")) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(Self.text(response).contains(".txt, .md, .html, .jsonl, .warc, .warc.gz or .wacz"))
            }
            try await client.execute(uri: "/api/v1/documents", method: .post, body: ByteBuffer(string: "text")) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/upload", method: .post, headers: [.contentType: "multipart/form-data; boundary=x"],
                body: ByteBuffer(string: "--x\r\nno end")
            ) { response in
                #expect(response.status == .badRequest)
            }
            // A page from another site may not post into the corpus.
            try await client.execute(
                uri: "/api/v1/documents?name=a.txt", method: .post, headers: [.origin: "https://evil.example", .contentType: "text/plain"],
                body: ByteBuffer(string: "Planted text.")
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
        #expect(try store.documentCount() == 3)
    }

    // MARK: access

    @Test func aTokenIsRequiredOnEveryRequestWhenSet() async throws {
        let store = try Self.makeStore()
        let token = "s3cret-token-for-tests-0123"
        let configuration = ServerConfiguration(host: "0.0.0.0", token: token)
        try await Self.app(store, configuration).test(.router) { client in
            for path in ["/", "/api/v1/stats", "/assets/style.css", "/nowhere"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(path)")
                }
            }
            try await client.execute(uri: "/api/v1/stats", method: .get, headers: [.authorization: "Bearer wrong-token-of-same-size"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/stats", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
            }
            // A browser: the token in the address sets a cookie and is dropped from the address.
            try await client.execute(uri: "/documents?outlet=The+Daily%2BX&token=\(token)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/documents?outlet=The%20Daily%2BX")
                let cookie = try #require(response.headers[.setCookie])
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "claimtrace_token=\(token)"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "//evil.example/?token=\(token)", method: .get) { response in
                #expect(response.headers[.location]?.hasPrefix("//") == false)
            }
        }
    }

    @Test func onLoopbackOtherHostNamesAreRefused() {
        typealias Access = AccessMiddleware<BasicRequestContext>
        for authority in ["localhost", "localhost:8080", "127.0.0.1:8080", "[::1]:8080", "LOCALHOST"] {
            #expect(Access.isLoopbackAuthority(authority), "\(authority)")
        }
        // A DNS name rebound to 127.0.0.1 still names another host.
        for authority in ["rebound.example:8080", "127.0.0.1.evil.example", "localhost.evil.example", "[2001:db8::1]:80", ""] {
            #expect(!Access.isLoopbackAuthority(authority), "\(authority)")
        }
        #expect(Access.sameHost(origin: "http://localhost:8080", authority: "localhost:8080"))
        #expect(!Access.sameHost(origin: "http://localhost:8081", authority: "localhost:8080"))
        #expect(!Access.sameHost(origin: "null", authority: "localhost:8080"))
    }

    @Test func configurationsThatWouldExposeTheCorpusAreRefused() throws {
        #expect(throws: ServerConfigurationError.tokenRequired(host: "0.0.0.0")) {
            try ServerConfiguration(host: "0.0.0.0").validate()
        }
        #expect(throws: ServerConfigurationError.weakToken(length: 5)) {
            try ServerConfiguration(token: "short").validate()
        }
        try ServerConfiguration(host: "::1").validate()
        try ServerConfiguration(host: "192.168.1.5", token: String(repeating: "k", count: 20)).validate()
        #expect(AccessMiddleware<BasicRequestContext>.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!AccessMiddleware<BasicRequestContext>.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!AccessMiddleware<BasicRequestContext>.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!AccessMiddleware<BasicRequestContext>.constantTimeEqual([], Array("a".utf8)))
    }
}
