import Foundation
import Testing

@testable import ClaimTrace

/// Web archives written here, byte by byte, with ``WARCWriter``; read as `analyze` reads them.
@Suite struct WebArchiveReaderTests {
    static let page = Array("<html><head><title>River report</title></head><body><p>The river rose by two metres overnight.</p></body></html>".utf8)

    /// A response record's block: an HTTP 200 with `headers` and `body`.
    static func response(_ body: [UInt8], type: String = "text/html; charset=utf-8", extra: [(String, String)] = []) -> [UInt8] {
        WARCWriter.httpResponse(headers: [("Content-Type", type)] + extra, body: body)
    }

    /// Writes an archive of three pages and the records that are not pages.
    static func sampleArchive(gzip: Bool) -> WARCWriter {
        var w = WARCWriter(gzipPerRecord: gzip)
        w.record(type: "warcinfo", uri: nil, date: "2026-03-01T10:00:00Z", contentType: "application/warc-fields", block: Array("software: test\r\n".utf8))
        for k in 1...3 {
            let uri = "https://example.org/a\(k)"
            w.record(
                type: "request", uri: uri, date: "2026-03-01T10:22:0\(k)Z", contentType: WARCWriter.requestType,
                block: Array("GET /a\(k) HTTP/1.1\r\nHost: example.org\r\n\r\n".utf8))
            let body = Array("<html><head><title>Page \(k)</title></head><body><p>Sentence number \(k) about the river.</p></body></html>".utf8)
            w.record(type: "response", uri: uri, date: "2026-03-01T10:22:0\(k)Z", contentType: WARCWriter.responseType, block: response(body))
        }
        w.record(
            type: "response", uri: "https://example.org/logo.png", date: "2026-03-01T10:23:00Z", contentType: WARCWriter.responseType,
            block: response([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], type: "image/png"))
        // Text, but neither HTML nor plain text.
        w.record(
            type: "response", uri: "https://example.org/site.css", date: "2026-03-01T10:23:01Z", contentType: WARCWriter.responseType,
            block: response(Array("body { color: #333 }".utf8), type: "text/css"))
        w.record(
            type: "revisit", uri: "https://example.org/a1", date: "2026-03-02T10:00:00Z", contentType: WARCWriter.responseType,
            block: WARCWriter.httpResponse(status: 304, headers: [], body: []))
        w.record(
            type: "response", uri: "https://example.org/gone", date: "2026-03-01T10:24:00Z", contentType: WARCWriter.responseType,
            block: WARCWriter.httpResponse(status: 404, headers: [("Content-Type", "text/html")], body: Array("<p>Not found</p>".utf8)))
        return w
    }

    func read(_ bytes: [UInt8], name: String, maxFileSize: Int = DocumentReader.defaultMaxFileSize) throws -> DocumentReader.Result {
        try withTemporaryFolder { folder in
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            let files = InputCollector().collect([folder.path]).files
            #expect(files.count == 1)
            let file = try #require(files.first)
            #expect(file.archive != nil)
            // Named directly too.
            #expect(InputCollector().collect([url.path]).files.map(\.archive) == [file.archive])
            return DocumentReader(maxFileSize: maxFileSize).read(file)
        }
    }

    @Test func severalRecordsBecomeDocumentsWithURIAndCaptureTimeAsId() throws {
        let result = try read(Self.sampleArchive(gzip: false).bytes, name: "crawl.warc")
        #expect(result.issues.isEmpty)
        #expect(result.warnings.isEmpty)
        #expect(result.documents.map(\.id) == (1...3).map { "example.org/a\($0)@2026-03-01T10:22:0\($0)Z" })
        #expect(result.documents.map(\.metadata.url) == (1...3).map { "https://example.org/a\($0)" })
        #expect(result.documents.map(\.metadata.title) == ["Page 1", "Page 2", "Page 3"])
        #expect(result.documents[1].text.contains("Sentence number 2 about the river."))
        // The capture date is not the published date.
        #expect(result.documents.allSatisfy { $0.metadata.published == nil })
        #expect(result.documents.allSatisfy { $0.format == .html && $0.source.hasPrefix(result.documents[0].source.split(separator: ":")[0]) })
    }

    @Test func requestRevisitWarcinfoImageAndErrorPagesAreSkippedAndCounted() throws {
        let result = try read(Self.sampleArchive(gzip: false).bytes, name: "crawl.warc")
        #expect(result.skippedRecords.counts == ["request": 3, "revisit": 1, "warcinfo": 1, "not HTML or text": 2, "HTTP status not 2xx": 1])
        #expect(result.skippedRecords.description == "3 request, 2 not HTML or text, 1 HTTP status not 2xx, 1 revisit, 1 warcinfo")
    }

    @Test func oneGzipMemberPerRecordIsReadMemberByMember() throws {
        let archive = Self.sampleArchive(gzip: true)
        // Ten records, each its own gzip member (a header each); a reader that stops after
        // the first member finds no page.
        let headers = (0..<archive.bytes.count - 2).count { archive.bytes[$0] == 0x1F && archive.bytes[$0 + 1] == 0x8B && archive.bytes[$0 + 2] == 0x08 }
        #expect(headers >= 10)
        let result = try read(archive.bytes, name: "crawl.warc.gz")
        #expect(result.issues.isEmpty && result.warnings.isEmpty)
        #expect(result.documents.count == 3)
        #expect(result.skippedRecords.total == 8)
    }

    /// Three response records of ``page``.
    static func threePages(gzip: Bool) -> [UInt8] {
        var w = WARCWriter(gzipPerRecord: gzip)
        for k in 1...3 {
            w.record(type: "response", uri: "https://example.org/\(k)", date: "2026-03-01T10:00:0\(k)Z", contentType: WARCWriter.responseType, block: response(page))
        }
        return w.bytes
    }

    @Test func aTruncatedLastRecordGivesOneWarningAndKeepsTheOthers() throws {
        let cut = Array(Self.threePages(gzip: false).dropLast(60))
        let result = try read(cut, name: "cut.warc")
        #expect(result.documents.count == 2)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.reason.contains("it is the last one read, the 2 records before it kept") == true)
        #expect(result.warnings.first?.reason.contains("cut short") == true)
        #expect(result.issues.isEmpty)
    }

    @Test func aTruncatedGzipMemberGivesOneWarningAndKeepsTheRecordsBefore() throws {
        let cut = Array(Self.threePages(gzip: true).dropLast(40))
        let result = try read(cut, name: "cut.warc.gz")
        #expect(result.documents.count == 2)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.reason.contains("compressed data ends early") == true)
    }

    @Test func chunkedTransferAndGzipContentEncodingAreUndone() throws {
        var w = WARCWriter(gzipPerRecord: false)
        let body = WARCWriter.chunked(WARCWriter.gzip(Self.page), size: 7)
        w.record(
            type: "response", uri: "https://example.org/z", date: "2026-03-01T10:00:00Z", contentType: WARCWriter.responseType,
            block: Self.response(body, extra: [("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]))
        // Deflate, as a zlib stream.
        w.record(
            type: "response", uri: "https://example.org/d", date: "2026-03-01T10:00:01Z", contentType: WARCWriter.responseType,
            block: Self.response(Zlib.deflate(Self.page, gzip: false), extra: [("Content-Encoding", "deflate")]))
        w.record(
            type: "response", uri: "https://example.org/br", date: "2026-03-01T10:00:02Z", contentType: WARCWriter.responseType,
            block: Self.response([0x1B, 0x2C, 0x00], extra: [("Content-Encoding", "br")]))
        let result = try read(w.bytes, name: "enc.warc")
        #expect(result.documents.count == 2)
        #expect(result.documents.allSatisfy { $0.text.contains("The river rose by two metres overnight.") })
        #expect(result.skippedRecords.counts == ["brotli-encoded (not supported)": 1])
    }

    @Test func theCharsetComesFromTheHTTPHeader() throws {
        var w = WARCWriter(gzipPerRecord: false)
        // Windows-1252: é, curly quotes.
        let latin: [UInt8] = Array("<p>Caf".utf8) + [0xE9, 0x20, 0x93] + Array("open".utf8) + [0x94] + Array("</p>".utf8)
        w.record(
            type: "response", uri: "https://example.org/1252", date: "2026-03-01T10:00:00Z", contentType: WARCWriter.responseType,
            block: Self.response(latin, type: "text/html; charset=windows-1252"))
        // Windows-1251: "Привет" would be "Ïðèâåò" if read as Windows-1252.
        let cyrillic: [UInt8] = Array("<p>".utf8) + [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2] + Array("</p>".utf8)
        w.record(
            type: "response", uri: "https://example.org/1251", date: "2026-03-01T10:00:01Z", contentType: WARCWriter.responseType,
            block: Self.response(cyrillic, type: "text/html; charset=\"windows-1251\""))
        let result = try read(w.bytes, name: "charset.warc")
        #expect(result.documents.count == 2)
        #expect(result.documents.first?.text == "Café \u{201C}open\u{201D}")
        // Declared, so not a guess: no fallback warning.
        #expect(result.documents.first?.warnings == [])
        #expect(result.documents.last?.text == "Привет")
    }

    @Test func aWACZHoldingAWarcGzIsRead() throws {
        let warc = Self.sampleArchive(gzip: true).bytes
        let wacz = WARCWriter.zip([
            (name: "datapackage.json", data: Array("{}".utf8), deflate: true),
            (name: "archive/data.warc.gz", data: warc, deflate: false),
            (name: "archive/more.warc", data: Self.sampleArchive(gzip: false).bytes, deflate: true),
        ])
        let result = try read(wacz, name: "crawl.wacz")
        #expect(result.issues.isEmpty)
        #expect(result.warnings.isEmpty)
        #expect(result.documents.count == 6)
        #expect(result.documents.first?.id == "example.org/a1@2026-03-01T10:22:01Z")
        #expect(result.documents.first?.source.hasSuffix("crawl.wacz!archive/data.warc.gz:\(result.documents.first!.source.split(separator: ":").last!)") == true)
        #expect(result.skippedRecords.total == 16)
    }

    @Test func aZipWithoutWARCsOrNotAZipIsOneIssue() throws {
        let empty = try read(WARCWriter.zip([(name: "pages/pages.jsonl", data: Array("{}".utf8), deflate: false)]), name: "x.wacz")
        #expect(empty.issues.count == 1 && empty.issues[0].reason.contains("no WARC file under archive/"))
        let notZip = try read(Array("hello".utf8), name: "y.wacz")
        #expect(notZip.issues.count == 1 && notZip.issues[0].reason.contains("not a zip file"))
    }

    @Test func garbageBetweenRecordsIsSkippedWithItsOffset() throws {
        var w = WARCWriter(gzipPerRecord: false)
        w.record(type: "response", uri: "https://example.org/1", date: "2026-03-01T10:00:01Z", contentType: WARCWriter.responseType, block: Self.response(Self.page))
        let garbageAt = w.bytes.count
        w.raw(Array("this is not a record\r\nnor this\r\n".utf8))
        w.record(type: "response", uri: "https://example.org/2", date: "2026-03-01T10:00:02Z", contentType: WARCWriter.responseType, block: Self.response(Self.page))
        w.raw(Array("trailing junk without a line end".utf8))
        let result = try read(w.bytes, name: "junk.warc")
        #expect(result.documents.count == 2)
        #expect(result.warnings.count == 2)
        #expect(result.warnings.first?.reason.contains("at byte \(garbageAt) are not a WARC record; skipped to the next record") == true)
        #expect(result.warnings.last?.reason.contains("no record follows them") == true)

        var g = WARCWriter(gzipPerRecord: true)
        g.record(type: "response", uri: "https://example.org/1", date: "2026-03-01T10:00:01Z", contentType: WARCWriter.responseType, block: Self.response(Self.page))
        let gzipGarbageAt = g.bytes.count
        g.raw(Array("garbage".utf8))
        g.record(type: "response", uri: "https://example.org/2", date: "2026-03-01T10:00:02Z", contentType: WARCWriter.responseType, block: Self.response(Self.page))
        let gz = try read(g.bytes, name: "junk.warc.gz")
        #expect(gz.documents.count == 2)
        #expect(gz.warnings.map(\.reason) == ["7 bytes at byte \(gzipGarbageAt) are not gzip data; skipped to the next gzip member at byte \(gzipGarbageAt + 7)"])
    }

    @Test func aFileOfGarbageIsOneIssue() throws {
        let result = try read(Array(repeating: UInt8(ascii: "x"), count: 10_000), name: "bad.warc")
        #expect(result.documents.isEmpty)
        #expect(result.issues.map(\.reason) == ["no WARC record found; is it a web archive?"])
    }

    @Test func aRecordOverTheSizeLimitIsSkippedAndTheFileStillRead() throws {
        var w = WARCWriter(gzipPerRecord: false)
        let big = Array("<p>".utf8) + Array(repeating: UInt8(ascii: "a"), count: 5000) + Array("</p>".utf8)
        w.record(type: "response", uri: "https://example.org/big", date: "2026-03-01T10:00:00Z", contentType: WARCWriter.responseType, block: Self.response(big))
        w.record(type: "response", uri: "https://example.org/small", date: "2026-03-01T10:00:01Z", contentType: WARCWriter.responseType, block: Self.response(Self.page))
        // The file is over the limit; only the big record is.
        #expect(w.bytes.count > 4000)
        let result = try read(w.bytes, name: "big.warc", maxFileSize: 4000)
        #expect(result.documents.map(\.id) == ["example.org/small@2026-03-01T10:00:01Z"])
        #expect(result.skippedRecords.counts == ["over the size limit": 1])
        #expect(result.warnings.count == 1 && result.warnings[0].reason.contains("over the"))
    }

    @Test func idsAreMadeSafe() {
        #expect(WebArchiveId.make(uri: "https://example.org/a b\u{7}", date: "2026-03-01T10:22:03Z") == "example.org/a%20b%07@2026-03-01T10:22:03Z")
        // A relative path of non-empty segments, as other ids are (the web app's routes need it).
        #expect(WebArchiveId.make(uri: "HTTP://example.org//x/./y/../z/", date: "2026-03-01T10:22:03.5Z") == "example.org/x/%2E/y/%2E%2E/z@2026-03-01T10:22:03.5Z")
        #expect(WebArchiveId.make(uri: "urn:x:y", date: "2026-03-01") == "urn:x:y@2026-03-01")
        #expect(WebArchiveId.make(uri: "https://example.org/", date: "yesterday") == nil)
        #expect(WebArchiveId.make(uri: "https://", date: "2026-03-01") == nil)
    }
}

/// The `<meta>` charset of ordinary HTML files.
@Suite struct MetaCharsetDecodingTests {
    @Test func aMetaCharsetDecidesTheEncodingOfAnHTMLFile() throws {
        // "Łódź" in ISO-8859-2; read as Windows-1252 it would be "£ódŒ".
        let page: [UInt8] = Array("<html><head><meta charset=\"iso-8859-2\"><title>x</title></head><body><p>".utf8) + [0xA3, 0xF3, 0x64, 0xBC] + Array("</p></body></html>".utf8)
        try withTemporaryFolder { folder in
            let url = folder.appendingPathComponent("lodz.html")
            try Data(page).write(to: url)
            let result = DocumentReader().read(InputFile(path: url.path, id: "lodz.html", format: .html))
            #expect(result.documents.first?.text.contains("Łódź") == true)
            #expect(result.documents.first?.warnings == [])
        }
    }

    @Test func theHTTPEquivFormCommentsAndTheWindow() throws {
        let equiv = Array("<!-- <meta charset=utf-8> --><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\">".utf8)
        #expect(Charset.declaredInMeta(equiv[...]) == .other("iso-8859-2"))
        #expect(Charset.declaredInMeta(Array("<META CHARSET=latin1>".utf8)[...]) == .windows1252)
        // Past byte 1,024 but in the head: found; in the body: not a declaration.
        let late = Array((String(repeating: " ", count: 1100) + "<meta charset=koi8-r>").utf8)
        #expect(Charset.declaredInMeta(late[...]) == .other("koi8-r"))
        #expect(Charset.declaredInMeta(Array("<head></head><body><meta charset=koi8-r>".utf8)[...]) == nil)
        #expect(Charset.declaredInMeta(Array("<meta name=x content=\"charset=koi8-r\">".utf8)[...]) == nil)
    }

    @Test func validUTF8WinsOverADeclaredLegacyCharset() throws {
        let page = Array("<meta charset=windows-1252><p>Café “open”</p>".utf8)
        let decoded = try TextDecoder().decode(page, declared: nil, html: true)
        #expect(decoded.text == "<meta charset=windows-1252><p>Café “open”</p>")
        // Not for a .txt file: no <meta> is looked for.
        let cyrillic: [UInt8] = Array("<meta charset=windows-1251>".utf8) + [0xCF, 0xF0]
        #expect(try TextDecoder().decode(cyrillic, declared: nil, html: true).text.hasSuffix("Пр"))
        #expect(try TextDecoder().decode(cyrillic, declared: nil, html: false).text.hasSuffix("Ïð"))
    }
}
