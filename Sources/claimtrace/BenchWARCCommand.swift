import ArgumentParser
import ClaimTrace
import ClaimTraceReport
import Foundation

struct BenchWARCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warc",
        abstract: "Write a sample web archive of our own pages (for trying the WARC reader).",
        discussion: """
            Writes a WARC (or, for a name ending .warc.gz, a WARC with one gzip member per
            record) holding --pages pages: the HTML and text articles of --samples first, then
            generated articles as HTML. Each page is a `response` record after its `request`
            record; every third page is sent chunked and gzip-encoded; one page is Windows-1252
            declared in the HTTP header. A warcinfo record, a revisit, a PNG image and a 404
            page are added too, which `analyze` skips and counts. Nothing of the web is fetched:
            every byte is ours.

            Example:
              claimtrace bench warc --write sample.warc.gz
              claimtrace analyze sample.warc.gz --db sample.sqlite --json sample.json
            """
    )

    @Option(name: .long, help: "The archive to write (.warc or .warc.gz).")
    var write: String

    @Option(name: .long, help: "Pages (response records that become documents).")
    var pages: Int = 50

    @Option(name: .long, help: "The folder of sample articles read first.")
    var samples: String = "Samples"

    func validate() throws {
        if pages < 1 { throw ValidationError("--pages must be at least 1") }
        if WebArchiveKind(path: write) == nil || write.lowercased().hasSuffix(".wacz") {
            throw ValidationError("--write must name a .warc or .warc.gz file")
        }
    }

    func run() throws {
        var writer = WARCWriter(gzipPerRecord: write.lowercased().hasSuffix(".gz"))
        var minute = 0
        func date() -> String {
            minute += 1
            return String(format: "2026-03-01T%02d:%02d:00Z", 8 + minute / 60, minute % 60)
        }
        writer.record(
            type: "warcinfo", uri: nil, date: date(), contentType: "application/warc-fields",
            block: Array("software: claimtrace bench warc\r\nformat: WARC File Format 1.1\r\n".utf8))

        // (path in the site, media type, body)
        var bodies: [(String, String, [UInt8])] = []
        let collected = InputCollector().collect([samples]).files.filter { $0.format != .jsonl && $0.archive == nil }
        for file in collected where bodies.count < pages {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            let name = (file.path as NSString).lastPathComponent
            let media =
                file.format == .html
                ? "text/html; charset=utf-8" : name.contains("cp1252") ? "text/plain; charset=windows-1252" : "text/plain; charset=utf-8"
            bodies.append(("samples/" + name, media, Array(data)))
        }
        let corpus = SyntheticCorpus()
        var index = 0
        while bodies.count < pages {
            let text = corpus.article(index, paragraphs: 6, varied: true)
            let paragraphs = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            let title = paragraphs.first.map { String($0.drop(while: { $0 == "#" || $0 == " " })) } ?? "Report \(index)"
            var html = "<!doctype html><html lang=\"en\"><head><title>\(HTMLReport.escape(title))</title></head><body><article><h1>\(HTMLReport.escape(title))</h1>"
            for paragraph in paragraphs.dropFirst() where paragraph != "---" { html += "<p>\(HTMLReport.escape(paragraph))</p>" }
            html += "</article></body></html>"
            if index == 0 {
                // One page in Windows-1252, as the header says: every character below is in it.
                let latin = html.replacingOccurrences(of: "<h1>", with: "<h1>Caf\u{E9} \u{201C}")
                bodies.append(("reports/\(index).html", "text/html; charset=windows-1252", Array(latin.data(using: .windowsCP1252) ?? Data(html.utf8))))
            } else {
                bodies.append(("reports/\(index).html", "text/html; charset=utf-8", Array(html.utf8)))
            }
            index += 1
        }

        for (k, (path, media, body)) in bodies.enumerated() {
            let uri = "https://claimtrace.example/\(path)"
            let when = date()
            writer.record(
                type: "request", uri: uri, date: when, contentType: WARCWriter.requestType,
                block: Array("GET /\(path) HTTP/1.1\r\nHost: claimtrace.example\r\n\r\n".utf8))
            var headers = [("Content-Type", media)]
            var sent = body
            if k % 3 == 2 {
                headers += [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
                sent = WARCWriter.chunked(WARCWriter.gzip(body), size: 4096)
            } else {
                headers.append(("Content-Length", "\(body.count)"))
            }
            writer.record(
                type: "response", uri: uri, date: when, contentType: WARCWriter.responseType,
                block: WARCWriter.httpResponse(headers: headers, body: sent))
        }
        let first = "https://claimtrace.example/\(bodies[0].0)"
        writer.record(
            type: "revisit", uri: first, date: date(), contentType: WARCWriter.responseType,
            block: WARCWriter.httpResponse(status: 304, headers: [], body: []))
        writer.record(
            type: "response", uri: "https://claimtrace.example/logo.png", date: date(), contentType: WARCWriter.responseType,
            block: WARCWriter.httpResponse(headers: [("Content-Type", "image/png")], body: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        writer.record(
            type: "response", uri: "https://claimtrace.example/missing", date: date(), contentType: WARCWriter.responseType,
            block: WARCWriter.httpResponse(status: 404, headers: [("Content-Type", "text/html")], body: Array("<p>Not found</p>".utf8)))
        try Data(writer.bytes).write(to: URL(fileURLWithPath: write))
        print("wrote \(write): \(bodies.count) pages (\(collected.count) from \(samples)), \(writer.bytes.count) bytes")
    }

}
