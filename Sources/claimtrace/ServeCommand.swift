import ArgumentParser
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
            (--token or the CLAIMTRACE_TOKEN environment variable, 16 characters or more): every
            request must then send 'Authorization: Bearer TOKEN', or a browser opens any page once
            with ?token=TOKEN and keeps a cookie.

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

    var effectiveToken: String? {
        let value = token ?? ProcessInfo.processInfo.environment["CLAIMTRACE_TOKEN"]
        return value?.isEmpty == true ? nil : value
    }

    var serverConfiguration: ServerConfiguration {
        ServerConfiguration(host: host, port: port, token: effectiveToken, maxUploadBytes: maxUploadMB * 1_048_576)
    }

    func validate() throws {
        guard (1...1024).contains(maxUploadMB) else { throw ValidationError("--max-upload-mb must be from 1 to 1024") }
        do {
            try serverConfiguration.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let existed = FileManager.default.fileExists(atPath: db)
        let store: ClaimTraceStore
        do {
            store = try ClaimTraceStore(path: db)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        let app = try buildApplication(store: store, configuration: serverConfiguration)
        let count = (try? store.documentCount()) ?? 0
        let shownHost = host.contains(":") ? "[\(host)]" : host
        Console.error(
            "serving \(db) (\(existed ? "\(count) document\(count == 1 ? "" : "s")" : "new, empty")) at http://\(shownHost):\(port)/"
                + (effectiveToken == nil ? "" : " (token required: open the page once with ?token=YOUR_TOKEN)") + "; Ctrl-C stops")
        try await app.runService()
    }
}
