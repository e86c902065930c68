public import ClaimTrace
public import ClaimTraceStore
import ClaimTraceReport
import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore
public import Logging

/// The web app over a store: the views of the report, search, filters, upload, and the JSON API.
/// Kept apart from the command line so that tests drive the same router in process.
///
/// - Parameter onUploadAnalyzed: called by the upload worker after it has analysed and saved an
///   upload (see ``UploadHook``); by default nothing.
public func buildRouter(
    store: ClaimTraceStore, configuration: ServerConfiguration, pipeline: Pipeline = Pipeline(),
    onUploadAnalyzed: @escaping UploadHook = { _ in }
) -> Router<BasicRequestContext> {
    let site = Site(store: store, configuration: configuration, pipeline: pipeline, onUploadAnalyzed: onUploadAnalyzed)
    // Uploads the last run left queued or running are analysed now.
    site.uploads.resume()
    // Merge the corpus's entities now rather than on the first request that needs them.
    Task { [cache = site.cache] in _ = try? await Blocking.run { try cache.snapshot() } }

    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response
    // Every handler that reads the store runs through `site.read` (or `site.search`): on a thread
    // of its own, never on Swift's cooperative pool.
    let table: [(method: HTTPRequest.Method, path: String, handler: Handler)] = [
        // Pages.
        (.get, "/", { _, _ in try await site.read { try site.overviewPage() } }),
        (.get, "/documents", { request, _ in try await site.read { try site.documentsPage(request) } }),
        (.get, "/documents/**", { _, context in let id = try Site.documentId(context); return try await site.read { try site.documentPage(id) } }),
        (.get, "/claims", { request, _ in try await site.read { try site.claimsPage(request) } }),
        (.get, "/claims/:id", { _, context in let id = try context.parameters.require("id"); return try await site.read { try site.claimPage(id) } }),
        (.get, "/graph", { _, _ in try await site.read { try site.graphPage() } }),
        (.get, "/timeline", { _, _ in try await site.read { try site.timelinePage() } }),
        (.get, "/sources", { request, _ in try await site.read { try site.sourcesPage(request) } }),
        (.get, "/findings", { request, _ in try await site.read { try site.findingsPage(request) } }),
        (.get, "/copies", { request, _ in try await site.read { try site.copiesPage(request) } }),
        (.get, "/techniques", { _, _ in try await site.read { try site.techniquesPage() } }),
        (.get, "/search", { request, _ in try await site.search { try site.searchPage(request) } }),
        (.get, "/upload", { _, _ in site.uploadPage() }),
        (.post, "/upload", { request, _ in try await site.receiveUpload(request) }),
        (.get, "/uploads/:id", { _, context in let id = try context.parameters.require("id"); return try await site.read { try site.uploadStatusPage(id) } }),
        (.get, "/assets/style.css", { _, _ in Assets.response(Layout.css, type: "text/css; charset=utf-8") }),
        (.get, "/assets/filter.js", { _, _ in Assets.response(HTMLReport.script, type: "text/javascript; charset=utf-8") }),
        // The JSON API.
        (.get, "/api/v1/stats", { _, _ in try await site.read { try site.apiStats() } }),
        (.get, "/api/v1/documents", { request, _ in try await site.read { try site.apiDocuments(request) } }),
        (.post, "/api/v1/documents", { request, _ in try await site.apiUpload(request) }),
        (.get, "/api/v1/documents/**", { _, context in let id = try Site.documentId(context); return try await site.read { try site.apiDocument(id) } }),
        (.get, "/api/v1/uploads/:id", { _, context in let id = try context.parameters.require("id"); return try await site.read { try site.apiUploadStatus(id) } }),
        (.get, "/api/v1/entities", { request, _ in try await site.read { try site.apiEntities(request) } }),
        (.get, "/api/v1/claims", { request, _ in try await site.read { try site.apiClaims(request) } }),
        (.get, "/api/v1/claims/:id", { _, context in let id = try context.parameters.require("id"); return try await site.read { try site.apiClaim(id) } }),
        (.get, "/api/v1/findings", { request, _ in try await site.read { try site.apiFindings(request) } }),
        (.get, "/api/v1/duplicates", { request, _ in try await site.read { try site.apiDuplicates(request) } }),
        (.get, "/api/v1/search", { request, _ in try await site.search { try site.apiSearch(request) } }),
        (.get, "/api/v1/openapi.yaml", { _, _ in try Assets.openAPI() }),
    ]
    // Each path with its methods, so that a known address asked with another method answers
    // 405 with `Allow`, not 404 (HEAD comes with GET).
    var routes: [(path: String, methods: [HTTPRequest.Method])] = []
    for route in table {
        if let k = routes.firstIndex(where: { $0.path == route.path }) {
            routes[k].methods.append(route.method)
        } else {
            routes.append((route.path, [route.method]))
        }
    }

    // Every GET route answers HEAD too (link checkers and `curl -I` use it).
    let router = Router(options: .autoGenerateHeadEndpoints)
    // Outermost first: headers on every response, then errors as pages, then who may ask.
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorPageMiddleware(routes: routes))
    router.add(middleware: AccessMiddleware(token: configuration.token, loopbackOnly: ServerConfiguration.isLoopback(configuration.host)))
    for route in table {
        router.on(RouterPath(route.path), method: route.method, use: route.handler)
    }
    return router
}

/// The application `claimtrace serve` runs: the router, on HTTP/1 connections that must send
/// each request head within `headerTimeout`, fall idle for at most `idleTimeout`, and number at
/// most `maxConnections` (see ``ConnectionCap``).
/// - Parameter onServerRunning: called once the server listens, with its port (the one the
///   system picked when the configuration asks for port 0).
public func buildApplication(
    store: ClaimTraceStore, configuration: ServerConfiguration, pipeline: Pipeline = Pipeline(),
    onUploadAnalyzed: @escaping UploadHook = { _ in }, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
    logger: Logger? = nil
) throws -> some ApplicationProtocol {
    try configuration.validate()
    let router = buildRouter(store: store, configuration: configuration, pipeline: pipeline, onUploadAnalyzed: onUploadAnalyzed)
    let waiting = WaitingConnections()
    let headerTimeout = configuration.headerTimeout
    return Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestHeadTimeoutHandler(timeout: headerTimeout, waiting: waiting)],
                idleTimeout: TimeAmount(configuration.idleTimeout))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "claimtrace",
            availableConnectionsDelegate: ConnectionCap(limit: configuration.maxConnections, waiting: waiting)),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
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
