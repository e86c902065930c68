import ArgumentParser
import ClaimTrace
import ClaimTraceServer
import ClaimTraceStore
import Foundation
import Hummingbird

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Explore a stored corpus in the browser, with search, filters, upload and a JSON API.",
        discussion: """
            Serves the views of the HTML report over the database written by 'claimtrace analyze'
            (overview, documents, claims, provenance graph, timeline, sources, findings,
            techniques), plus full-text search with highlighted snippets, filters by outlet, date,
            kind of source and technique, adding articles by upload, and a JSON API under /api/v1
            (described at /api/v1/openapi.yaml).

            It listens on 127.0.0.1 only, by default. To listen on another address, give a token
            (--token or the CLAIMTRACE_TOKEN environment variable, 16 characters or more, letters,
            digits and - . _ ~): every request must then send 'Authorization: Bearer TOKEN', or a
            browser opens any page once with ?token=TOKEN and keeps a cookie.

            Uploads are kept in the database and analysed in the background, one at a time: the
            upload answers 202 with a status address (/api/v1/uploads/N, or the page /uploads/N).
            Queued uploads survive a restart. A database that cannot be written (or its folder,
            as on a read-only filesystem) is served read-only, without uploads.

            Slow clients and slow searches are bounded: a connection must send each request head
            within --header-timeout, may stay silent --idle-timeout, and at --max-connections the
            one idle longest is closed for a new one; a search stops after --search-timeout and
            counts at most --search-limit matches, --concurrent-searches at a time.

            Examples:
              claimtrace analyze Samples --db claimtrace.sqlite
              claimtrace serve --db claimtrace.sqlite
              CLAIMTRACE_TOKEN=$(openssl rand -hex 24) claimtrace serve --host 0.0.0.0
            """
    )

    @Option(name: .long, help: ArgumentHelp("The database written by 'claimtrace analyze' (created empty if missing).", valueName: "file"))
    var db: String = "claimtrace.sqlite"

    @Option(name: .long, help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(name: .long, help: ArgumentHelp("Token required on every request (default: $CLAIMTRACE_TOKEN).", valueName: "token"))
    var token: String?

    @Option(name: .customLong("max-upload-mb"), help: "The largest upload accepted, in MB.")
    var maxUploadMB: Int = 5

    @Flag(name: .customLong("read-only"), help: "Open the database read-only even when it could be written (no uploads).")
    var readOnly = false

    @Option(name: .customLong("upload-queue"), help: ArgumentHelp("Uploads waiting for analysis at most; more are refused (503).", valueName: "n"))
    var uploadQueue: Int = 32

    @Option(name: .customLong("header-timeout"), help: ArgumentHelp("Seconds a connection has to send a request's head.", valueName: "seconds"))
    var headerTimeout: Double = 10

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Seconds a connection may stay silent (keep-alive, or within a body).", valueName: "seconds"))
    var idleTimeout: Double = 30

    @Option(name: .customLong("max-connections"), help: ArgumentHelp("Open connections at most.", valueName: "n"))
    var maxConnections: Int = 512

    @Option(name: .customLong("search-timeout"), help: ArgumentHelp("Seconds one search may run before it answers with what it found.", valueName: "seconds"))
    var searchTimeout: Double = 2

    @Option(name: .customLong("search-limit"), help: ArgumentHelp("Matches a search counts and pages through at most.", valueName: "n"))
    var searchLimit: Int = 1000

    @Option(name: .customLong("concurrent-searches"), help: ArgumentHelp("Searches that run at once (the others wait their turn).", valueName: "n"))
    var concurrentSearches: Int = 2

    var effectiveToken: String? {
        let value = token ?? ProcessInfo.processInfo.environment["CLAIMTRACE_TOKEN"]
        return value?.isEmpty == true ? nil : value
    }

    var serverConfiguration: ServerConfiguration {
        ServerConfiguration(
            host: host, port: port, token: effectiveToken, maxUploadBytes: maxUploadMB * 1_048_576,
            headerTimeout: .milliseconds(Int64(headerTimeout * 1000)), idleTimeout: .milliseconds(Int64(idleTimeout * 1000)),
            maxConnections: maxConnections, uploadQueueCapacity: uploadQueue, searchTimeout: .milliseconds(Int64(searchTimeout * 1000)),
            searchResultCap: searchLimit, concurrentSearches: concurrentSearches)
    }

    func validate() throws {
        guard (1...1024).contains(maxUploadMB) else { throw ValidationError("--max-upload-mb must be from 1 to 1024") }
        for (name, seconds) in [("--header-timeout", headerTimeout), ("--idle-timeout", idleTimeout), ("--search-timeout", searchTimeout)] {
            guard seconds.isFinite, seconds >= 0.001, seconds <= 86400 else { throw ValidationError("\(name) must be from 0.001 to 86400 seconds") }
        }
        do {
            try serverConfiguration.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// How to open the database: as the file and its folder allow, or read-only when asked.
    var access: ClaimTraceStore.Access {
        let allowed = ClaimTraceStore.access(forPath: db)
        return readOnly && allowed == .readWrite ? .readOnly : allowed
    }

    func run() async throws {
        let existed = FileManager.default.fileExists(atPath: db)
        let store: ClaimTraceStore
        do {
            store = try ClaimTraceStore(path: db, access: access)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        let count = (try? store.documentCount()) ?? 0
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let mode = store.isReadOnly ? ", \(store.access.rawValue): uploads are off" : ""
        let contents = existed ? "\(count) document\(count == 1 ? "" : "s")" : "new, empty"
        let tokenNote = effectiveToken == nil ? "" : " (token required: open the page once with ?token=YOUR_TOKEN)"
        // Said once listening, with the port the system picked for --port 0.
        let pipeline = Pipeline()
        let app = try buildApplication(
            store: store, configuration: serverConfiguration, pipeline: pipeline,
            onUploadAnalyzed: CorpusRefresh.hook(store: store, pipeline: pipeline),
            onServerRunning: { [db] port in
                Console.error("serving \(db) (\(contents)\(mode)) at http://\(shownHost):\(port)/\(tokenNote); Ctrl-C stops")
            })
        try await app.runService()
    }
}
