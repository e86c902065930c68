public import ClaimTrace
public import ClaimTraceStore
import ClaimTraceReport
import Foundation
import HTTPTypes
public import Hummingbird
public import Logging

/// The web app over a store: the views of the report, search, filters, upload, and the JSON API.
/// Kept apart from the command line so that tests drive the same router in process.
public func buildRouter(store: ClaimTraceStore, configuration: ServerConfiguration, pipeline: Pipeline = Pipeline())
    -> Router<BasicRequestContext>
{
    let site = Site(store: store, configuration: configuration, pipeline: pipeline)
    // Merge the corpus's entities now rather than on the first request that needs them.
    Task { [cache = site.cache] in _ = try? await cache.snapshot() }
    // Every GET route answers HEAD too (link checkers and `curl -I` use it).
    let router = Router(options: .autoGenerateHeadEndpoints)
    // Outermost first: headers on every response, then errors as pages, then who may ask.
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorPageMiddleware(routes: routes))
    router.add(middleware: AccessMiddleware(token: configuration.token, loopbackOnly: ServerConfiguration.isLoopback(configuration.host)))

    // Pages.
    router.get("/") { _, _ in try await site.overviewPage() }
    router.get("/documents") { request, _ in try await site.documentsPage(request) }
    router.get("/documents/**") { _, context in try await site.documentPage(try Site.documentId(context)) }
    router.get("/claims") { request, _ in try await site.claimsPage(request) }
    router.get("/claims/:id") { _, context in try await site.claimPage(try context.parameters.require("id")) }
    router.get("/graph") { _, _ in try await site.graphPage() }
    router.get("/timeline") { _, _ in try await site.timelinePage() }
    router.get("/sources") { request, _ in try await site.sourcesPage(request) }
    router.get("/findings") { request, _ in try await site.findingsPage(request) }
    router.get("/copies") { request, _ in try await site.copiesPage(request) }
    router.get("/techniques") { _, _ in try await site.techniquesPage() }
    router.get("/search") { request, _ in try await site.searchPage(request) }
    router.get("/upload") { _, _ in site.uploadPage() }
    router.post("/upload") { request, _ in try await site.receiveUpload(request) }
    router.get("/assets/style.css") { _, _ in Assets.response(Layout.css, type: "text/css; charset=utf-8") }
    router.get("/assets/filter.js") { _, _ in Assets.response(HTMLReport.script, type: "text/javascript; charset=utf-8") }

    // The JSON API.
    let api = router.group("api/v1")
    api.get("stats") { _, _ in try await site.apiStats() }
    api.get("documents") { request, _ in try site.apiDocuments(request) }
    api.post("documents") { request, _ in try await site.apiUpload(request) }
    api.get("documents/**") { _, context in try await site.apiDocument(try Site.documentId(context)) }
    api.get("entities") { request, _ in try await site.apiEntities(request) }
    api.get("claims") { request, _ in try await site.apiClaims(request) }
    api.get("claims/:id") { _, context in try await site.apiClaim(try context.parameters.require("id")) }
    api.get("findings") { request, _ in try await site.apiFindings(request) }
    api.get("duplicates") { request, _ in try site.apiDuplicates(request) }
    api.get("search") { request, _ in try site.apiSearch(request) }
    api.get("openapi.yaml") { _, _ in try Assets.openAPI() }
    return router
}

/// Every route and its methods (HEAD is implied by GET), so that a known address asked with
/// another method answers 405 with `Allow`, not 404.
let routes: [(path: String, methods: [HTTPRequest.Method])] = [
    ("/", [.get]), ("/documents", [.get]), ("/documents/**", [.get]), ("/claims", [.get]), ("/claims/:id", [.get]),
    ("/graph", [.get]), ("/timeline", [.get]), ("/sources", [.get]), ("/findings", [.get]), ("/copies", [.get]), ("/techniques", [.get]),
    ("/search", [.get]), ("/upload", [.get, .post]), ("/assets/style.css", [.get]), ("/assets/filter.js", [.get]),
    ("/api/v1/stats", [.get]), ("/api/v1/documents", [.get, .post]), ("/api/v1/documents/**", [.get]),
    ("/api/v1/entities", [.get]), ("/api/v1/claims", [.get]), ("/api/v1/claims/:id", [.get]), ("/api/v1/findings", [.get]), ("/api/v1/duplicates", [.get]),
    ("/api/v1/search", [.get]), ("/api/v1/openapi.yaml", [.get]),
]

/// The application `claimtrace serve` runs.
public func buildApplication(
    store: ClaimTraceStore, configuration: ServerConfiguration, pipeline: Pipeline = Pipeline(), logger: Logger? = nil
) throws -> some ApplicationProtocol {
    try configuration.validate()
    let router = buildRouter(store: store, configuration: configuration, pipeline: pipeline)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "claimtrace"),
        logger: logger ?? Logger(label: "claimtrace.serve"))
}

enum Assets {
    static func response(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The OpenAPI description of `/api/v1`, as committed in the repository.
    static func openAPI() throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw HTTPError(.internalServerError, message: "The OpenAPI document is missing from this build.") }
        return response(text, type: "application/yaml; charset=utf-8")
    }
}
