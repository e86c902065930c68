import ClaimTrace
import ClaimTraceReport
import ClaimTraceStore
import Foundation
import Hummingbird

/// The HTML views of the web app: the report's views over the stored corpus, with lists paged
/// and filtered on the server.
extension Site {
    private func escape(_ text: String) -> String { HTMLReport.escape(text) }
    private func short(_ text: String, _ n: Int) -> String { HTMLReport.short(text, n) }

    // MARK: overview

    func overviewPage() throws -> Response {
        let stats = try cache.corpusStats()
        func list(_ counts: [String: Int], title: (String) -> String = { $0 }, href: (String) -> String?) -> String {
            counts.isEmpty ? "none"
                : counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(30).map { key, n in
                    let label = escape(title(key))
                    return (href(key).map { "<a href=\"\(escape($0))\">\(label)</a>" } ?? label) + " <b>\(n)</b>"
                }.joined(separator: " · ")
        }
        var body = "<section id=\"overview\"><h2>Overview</h2>"
        if stats.documents == 0 {
            body += "<p class=\"notice\">The database holds no document yet. Add some with <a href=\"/upload\">Upload</a>, or run <code>claimtrace analyze FOLDER --db \(escape(store.path))</code>.</p>"
        }
        body += "<dl class=\"stats counts\">"
        body += "<dt>Documents</dt><dd><a href=\"/documents\">\(stats.documents)</a></dd>"
        body += "<dt>Outlets</dt><dd>\(stats.outlets.count): \(list(stats.outlets) { "/documents" + Query.queryString([("outlet", $0)]) })</dd>"
        body += "<dt>Published</dt><dd>\(stats.firstPublished.map { "\(escape($0)) – \(escape(stats.lastPublished ?? $0))" } ?? "no dates")</dd>"
        var kinds = stats.sourceKinds
        if stats.assertions > 0 { kinds["the author's own claims"] = stats.assertions }
        body += "<dt>Statements by kind of source</dt><dd>\(list(kinds) { SourceKind(rawValue: $0) == nil ? nil : "/documents" + Query.queryString([("sourceKind", $0)]) })</dd>"
        body += "<dt>Claims told more than once</dt><dd><a href=\"/claims\">\(stats.claims)</a></dd>"
        body += "<dt>Findings</dt><dd>\(list(stats.findings) { "/findings" + Query.queryString([("kind", $0)]) })</dd>"
        body += "<dt>Copies</dt><dd>\(stats.duplicates) pairs (\(stats.republications) republications)</dd>"
        body += "<dt>Techniques</dt><dd>\(list(stats.techniques, title: { Technique(rawValue: $0)?.title ?? $0 }) { "/documents" + Query.queryString([("technique", $0)]) })</dd>"
        body += "</dl>"
        if let run = stats.run {
            body += "<p class=\"hint\">Claims, copies and findings come from the latest <code>claimtrace analyze</code> run (#\(run.id), \(run.documents) documents, finished \(escape(run.finishedAt ?? "?"))).</p>"
        }
        let pending = try store.pendingUploads()
        if !pending.isEmpty {
            body += "<p class=\"notice\">\(pending.count) upload\(pending.count == 1 ? " is" : "s are") waiting for analysis: " + pending.prefix(10).map(Self.uploadLink).joined(separator: ", ") + (pending.count > 10 ? ", …" : "") + ". Their documents appear when it is done.</p>"
        }
        if stats.documentsAfterRun > 0, stats.documents > 0 {
            body += "<p class=\"notice\">\(stats.documentsAfterRun) document\(stats.documentsAfterRun == 1 ? " was" : "s were") added or changed since then: their own statements, entities and techniques are shown, but links across the corpus (claims, copies, conflicts) appear after the next <code>claimtrace analyze</code> over the whole corpus.</p>"
        }
        body += "</section>"
        return Layout.response(Layout.page("Overview", .overview, body))
    }

    // MARK: documents

    func filterForm(_ action: String, _ filter: DocumentFilter, query: String? = nil) throws -> String {
        var out = "<form class=\"filters\" action=\"\(action)\" method=\"get\">"
        if let query {
            out += "<label>Words<input type=\"search\" name=\"q\" value=\"\(escape(query))\" required></label>"
        }
        out += "<label>Outlet<select name=\"outlet\"><option value=\"\">any</option>"
        for (name, n) in try store.outlets().prefix(300) {
            out += "<option value=\"\(escape(name))\"\(name == filter.outlet ? " selected" : "")>\(escape(short(name, 40))) (\(n))</option>"
        }
        out += "</select></label>"
        out += "<label>From<input type=\"date\" name=\"from\" value=\"\(escape(filter.from ?? ""))\"></label>"
        out += "<label>To<input type=\"date\" name=\"to\" value=\"\(escape(filter.to ?? ""))\"></label>"
        out += "<label>Has a source that is<select name=\"sourceKind\"><option value=\"\">any</option>"
        for kind in SourceKind.allCases {
            out += "<option value=\"\(kind.rawValue)\"\(kind.rawValue == filter.sourceKind ? " selected" : "")>\(kind.rawValue)</option>"
        }
        out += "</select></label><label>Uses the technique<select name=\"technique\"><option value=\"\">any</option>"
        for t in Technique.allCases {
            out += "<option value=\"\(escape(t.rawValue))\"\(t.rawValue == filter.technique ? " selected" : "")>\(escape(t.title))</option>"
        }
        return out + "</select></label><button type=\"submit\">\(query == nil ? "Filter" : "Search")</button></form>"
    }

    func documentsPage(_ request: Request) throws -> Response {
        let paging = try Query.paging(request, configuration)
        let filter = try Query.filter(request)
        let page = try store.documents(filter, offset: paging.offset, limit: paging.perPage)
        var body = "<section><h2>Documents</h2>" + (try filterForm("/documents", filter))
        body += "<div class=\"scroll\"><table><thead><tr><th>Title</th><th>Outlet</th><th>Published</th><th>Authors</th></tr></thead><tbody>"
        // Uploads not analysed yet, above the first page: their documents are pending.
        for upload in paging.page == 1 ? try store.pendingUploads() : [] {
            body += "<tr class=\"pending\"><td>\(Self.uploadLink(upload)) <span class=\"tag\">pending</span><br><span class=\"muted\">\(escape(upload.documentId ?? "records of a JSONL file"))</span></td>"
            body += "<td colspan=\"3\" class=\"muted\">\(escape(Self.uploadState(upload)))</td></tr>"
        }
        for d in page.items {
            body += "<tr><td><a href=\"\(escape(Site.links.document(d.id, nil) ?? ""))\">\(escape(short(d.title ?? d.id, 120)))</a><br><span class=\"muted\">\(escape(d.id))</span></td>"
            body += "<td>\(escape(d.outlet ?? "—"))</td><td>\(escape(d.published ?? "—"))</td><td>\(escape(d.authors.joined(separator: ", ")))</td></tr>"
        }
        if page.items.isEmpty { body += "<tr><td colspan=\"4\">No document matches.</td></tr>" }
        body += "</tbody></table></div>"
        body += Layout.pager("/documents", paging, total: page.total, parameters: Query.parameters(filter)) + "</section>"
        return Layout.response(Layout.page("Documents", .documents, body))
    }

    /// One article with every stored annotation marked, and its claims and findings.
    func documentPage(_ id: String) throws -> Response {
        guard let document = try store.document(id: id) else { throw try missingDocument(id) }
        let snapshot = try cache.snapshot()
        let run = try store.latestRun()
        let text = document.text
        let offsets = ScalarOffsets(text)
        let bytes = Array(text.utf8)
        // Scalar offsets as bytes of the text, clamped to it (a stale record cannot reach past its end).
        func byteRange(_ start: Int, _ end: Int) -> TextRange {
            offsets.bytes(start: min(start, offsets.scalarCount), end: min(end, offsets.scalarCount))
        }
        func substring(_ s: StoredSpan) -> String {
            let r = byteRange(s.start, s.end)
            return String(decoding: bytes[r.start..<r.end], as: UTF8.self)
        }
        var marks: [HTMLReport.Mark] = []
        func mark(_ s: StoredSpan, _ classes: String, anchor: String? = nil, _ note: String) {
            guard s.start <= s.end, s.end <= offsets.scalarCount else { return }
            let r = byteRange(s.start, s.end)
            marks.append(HTMLReport.Mark(start: r.start, end: r.end, classes: classes, anchor: anchor, note: note))
        }
        struct Statement { var source: StoredSpan?; var cue: StoredSpan?; var content: StoredSpan?; var kind = "named" }
        var statements: [Int: Statement] = [:]
        var techniqueNotes = ""
        var techniqueCount = 0
        for span in try store.allSpans(documentId: id) {
            switch span.layer {
            case "excluded":
                mark(span, "excluded", "site furniture: " + (span.kind ?? ""))
            case "attribution-source", "attribution-cue", "attribution-content":
                let number = Self.attributionNumber(span.data) ?? 0
                var s = statements[number] ?? Statement()
                s.kind = SourceKind(rawValue: span.kind ?? "")?.rawValue ?? "named"
                if span.layer == "attribution-source" { s.source = span } else if span.layer == "attribution-cue" { s.cue = span } else { s.content = span }
                statements[number] = s
            case "assertion":
                mark(span, "assertion", "the author's own check-worthy claim (" + (span.data ?? "") + ")")
            case "technique":
                let info = Self.techniqueData(span.data)
                let title = Technique(rawValue: span.kind ?? "")?.title ?? (span.kind ?? "technique")
                let note = "\(title) (\(String(format: "%.2f", info.score))): \(info.cue)"
                mark(span, "technique", anchor: "t\(techniqueCount)", note)
                techniqueNotes += "<li><a href=\"#d0-t\(techniqueCount)\">\(escape(title))</a> \(String(format: "%.2f", info.score)) — \(escape(info.cue)) — “\(escape(short(substring(span), 120)))”</li>"
                techniqueCount += 1
            default:
                break
            }
        }
        var notes = ""
        for (number, s) in statements.sorted(by: { $0.key < $1.key }) {
            let kind = "k-" + s.kind
            let who = s.source.map(substring) ?? "(no source)"
            let summary = "statement \(number) · \(s.kind) source: \(short(who, 60))"
            if let source = s.source { mark(source, "a-source \(kind)", anchor: "a\(number)", summary) }
            if let cue = s.cue { mark(cue, "a-cue", anchor: s.source == nil ? "a\(number)" : nil, summary + " · cue") }
            if let content = s.content {
                mark(content, "a-content \(kind)", summary + " · content")
                notes += "<li><a href=\"#d0-a\(number)\">\(escape(short(who, 50)))</a> <span class=\"src \(kind)\">\(s.kind)</span> — “\(escape(short(substring(content), 160)))”</li>"
            }
        }
        // Claims told here and elsewhere, and findings quoting this article.
        var claimList = ""
        var findingList = ""
        if let run {
            for claim in try store.claims(run: run.id, documentId: id, offset: 0, limit: 500).items {
                for (mi, m) in claim.members.enumerated() where m.at.document == id {
                    let r = byteRange(m.at.start, m.at.end)
                    marks.append(HTMLReport.Mark(start: r.start, end: r.end, classes: "claim", anchor: "c-\(claim.id)-\(mi)", note: "claim: " + short(claim.label, 100)))
                }
                claimList += "<li><a href=\"\(escape(Site.links.claim(claim.id)))\">\(escape(short(claim.label, 140)))</a> <span class=\"muted\">\(claim.documents.count) documents, \(claim.independentSources) independent sources</span></li>"
            }
            for (position, finding) in try store.findings(run: run.id, documentId: id, offset: 0, limit: 500).items {
                for (ri, r) in ([finding.at] + finding.related).enumerated() where r.document == id {
                    let range = byteRange(r.start, r.end)
                    marks.append(HTMLReport.Mark(start: range.start, end: range.end, classes: "finding", anchor: "f\(position)-\(ri)", note: finding.kind.rawValue + ": " + short(finding.message, 120)))
                }
                findingList += "<li><span class=\"flag\">\(finding.kind.rawValue)</span> <a href=\"/findings#finding-\(position)\">\(escape(short(finding.message, 160)))</a></li>"
            }
        }
        var entityList = ""
        let corpusIds = snapshot.entityIds[id] ?? []
        for e in try store.documentEntities(documentId: id) {
            let roles = e.roleList
            let corpusId = corpusIds.indices.contains(e.localIndex) ? corpusIds[e.localIndex] : ""
            let name = corpusId.isEmpty ? escape(e.name) : "<a href=\"/sources?q=\(escape(Query.encode(e.name)))\">\(escape(e.name))</a>"
            entityList += "<li>\(name) <span class=\"tag\">\(escape(e.type))</span>\(roles.isEmpty ? "" : " — " + escape(roles.prefix(3).joined(separator: "; ")))</li>"
        }
        let authors = document.authorList
        var head = "<article id=\"d0\"><h2>\(escape(document.title ?? id))</h2><p class=\"muted\">\(escape(id))"
        if let outlet = document.outlet { head += " · <a href=\"\(escape("/documents" + Query.queryString([("outlet", outlet)])))\">\(escape(outlet))</a>" }
        if let published = document.published { head += " · \(escape(published))" }
        if !authors.isEmpty { head += " · by " + escape(authors.joined(separator: ", ")) }
        if let url = document.url { head += " · " + Self.safeLink(url) }
        if let original = document.originalSource { head += " · originally published at " + escape(original) }
        head += "</p><p class=\"hint\">Marked: <span class=\"a-source\">source</span> <span class=\"a-cue\">cue</span> <span class=\"a-content\">content</span> <span class=\"a-content k-anonymous\">anonymous</span> <span class=\"a-content k-vague\">vague</span> <span class=\"assertion\">the author's own claim</span> <span class=\"technique\">technique</span> <span class=\"claim\">claim told elsewhere</span> <span class=\"finding\">finding</span> <span class=\"excluded\">site furniture</span>. Hover for explanations.</p>"
        var body = head + "<div class=\"text\">" + HTMLReport.markup(text, marks, anchorPrefix: "d0-") + "</div>"
        if !notes.isEmpty { body += "<details open><summary>Who said what (\(statements.count))</summary><ol>\(notes)</ol></details>" }
        if !techniqueNotes.isEmpty { body += "<details><summary>Techniques (\(techniqueCount))</summary><ol>\(techniqueNotes)</ol></details>" }
        if !claimList.isEmpty { body += "<details open><summary>Claims also told elsewhere</summary><ul>\(claimList)</ul></details>" }
        if !findingList.isEmpty { body += "<details open><summary>Findings</summary><ul>\(findingList)</ul></details>" }
        if !entityList.isEmpty { body += "<details><summary>Who and what is named</summary><ul>\(entityList)</ul></details>" }
        body += "</article>"
        return Layout.response(Layout.page(document.title ?? id, .documents, body))
    }

    /// A link only for http(s) addresses; anything else (javascript:, data:) is shown as text.
    static func safeLink(_ url: String) -> String {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return HTMLReport.escape(url) }
        return "<a href=\"\(HTMLReport.escape(url))\" rel=\"noopener noreferrer nofollow\">\(HTMLReport.escape(HTMLReport.short(url, 60)))</a>"
    }

    static func attributionNumber(_ data: String?) -> Int? {
        guard let data, let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return nil }
        return (object["attribution"] as? NSNumber)?.intValue
    }

    static func techniqueData(_ data: String?) -> (score: Double, cue: String) {
        guard let data, let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return (0, "") }
        return ((object["score"] as? NSNumber)?.doubleValue ?? 0, object["cue"] as? String ?? "")
    }

    // MARK: claims

    func claimsPage(_ request: Request) throws -> Response {
        let paging = try Query.paging(request, configuration)
        let query = try Query.value(request, "q")
        let run = try store.latestRun()
        let page = try run.map { try store.claims(run: $0.id, label: query, offset: paging.offset, limit: paging.perPage) }
            ?? Page(items: [], total: 0)
        var views = try views(documents: page.items.flatMap { $0.documents + $0.members.compactMap(\.copyOf) }, run: run)
        views.toolbar = "<form class=\"filters\" action=\"/claims\" method=\"get\"><label>Claims whose label contains<input type=\"search\" name=\"q\" value=\"\(escape(query ?? ""))\"></label><button type=\"submit\">Filter</button></form>"
        var body = ""
        if run == nil {
            body += "<p class=\"notice\">No <code>claimtrace analyze</code> run has been stored yet: claims across the corpus are found by a run over the whole corpus.</p>"
        }
        body += views.claimsView(page.items)
        body += Layout.pager("/claims", paging, total: page.total, parameters: query.map { [("q", $0)] } ?? [])
        return Layout.response(Layout.page("Claims", .claims, body))
    }

    func claimPage(_ id: String) throws -> Response {
        guard let run = try store.latestRun(), let claim = try store.claim(run: run.id, id: id) else {
            throw HTTPError(.notFound, message: "No claim has the id “\(id)” in the latest run.")
        }
        var views = try views(documents: claim.documents + claim.members.compactMap(\.copyOf), run: run)
        views.openClaims = true
        var body = "<p><a href=\"/claims\">← all claims</a></p>" + views.claimsView([claim]) + views.graphView([claim]) + views.timelineView([claim])
        body = body.replacingOccurrences(of: "<h2>Claims</h2>", with: "<h2>Claim \(escape(claim.id))</h2>")
        return Layout.response(Layout.page(short(claim.label, 60), .claims, body))
    }

    /// The most widespread claims of the latest run, for the graph and the timeline.
    func topClaims(_ n: Int = 25) throws -> (run: RunInfo?, claims: [ClaimCluster]) {
        guard let run = try store.latestRun() else { return (nil, []) }
        return (run, try store.claims(run: run.id, offset: 0, limit: n).items)
    }

    // MARK: graph, timeline

    func graphPage() throws -> Response {
        let (run, shown) = try topClaims()
        let views = try views(documents: shown.flatMap(\.documents), run: run)
        return Layout.response(Layout.page("Provenance", .graph, views.graphView(shown)))
    }

    func timelinePage() throws -> Response {
        let (run, shown) = try topClaims()
        let views = try views(documents: [], run: run)
        return Layout.response(Layout.page("Timeline", .timeline, views.timelineView(shown)))
    }

    // MARK: sources

    func sourcesPage(_ request: Request) throws -> Response {
        let paging = try Query.paging(request, configuration)
        let query = try Query.value(request, "q")
        let snapshot = try cache.snapshot()
        var entities = snapshot.entities
        if let query {
            entities = entities.filter { e in
                ([e.name] + e.aliases + e.roles).contains { $0.range(of: query, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
            }
        }
        let shown = Array(entities.dropFirst(paging.offset).prefix(paging.perPage))
        var views = try views(documents: [], run: snapshot.run)
        views.toolbar = "<form class=\"filters\" action=\"/sources\" method=\"get\"><label>Name, alias or role<input type=\"search\" name=\"q\" value=\"\(escape(query ?? ""))\"></label><button type=\"submit\">Filter</button></form>"
        let citing = try snapshot.run.map { try store.claimsCiting(run: $0.id, entities: shown.map(\.id)) } ?? [:]
        var body = views.sourcesView(shown, citing: citing)
        body += Layout.pager("/sources", paging, total: entities.count, parameters: query.map { [("q", $0)] } ?? [])
        return Layout.response(Layout.page("Sources", .sources, body))
    }

    // MARK: findings, techniques

    func findingsPage(_ request: Request) throws -> Response {
        let paging = try Query.paging(request, configuration)
        let kind = try Query.value(request, "kind")
        if let kind, Finding.Kind(rawValue: kind) == nil {
            throw HTTPError(.badRequest, message: "The parameter kind must be one of: \(Finding.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let latest = try store.latestRun()
        var form = "<form class=\"filters\" action=\"/findings\" method=\"get\"><label>Kind<select name=\"kind\"><option value=\"\">any</option>"
        for k in Finding.Kind.allCases { form += "<option\(k.rawValue == kind ? " selected" : "")>\(k.rawValue)</option>" }
        form += "</select></label><button type=\"submit\">Filter</button></form>"
        guard let run = latest else {
            let body = "<section id=\"findings\"><h2>Findings</h2><p class=\"notice\">No <code>claimtrace analyze</code> run has been stored yet.</p></section>"
            return Layout.response(Layout.page("Findings", .findings, body))
        }
        let page = try store.findings(run: run.id, kind: kind, offset: paging.offset, limit: paging.perPage)
        var views = try views(documents: page.items.flatMap { [$0.finding.at.document] + $0.finding.related.map(\.document) }, run: run)
        views.toolbar = form
        var body = views.findingsView(page.items)
        body += Layout.pager("/findings", paging, total: page.total, parameters: kind.map { [("kind", $0)] } ?? [])
        return Layout.response(Layout.page("Findings", .findings, body))
    }

    // MARK: copies

    /// Republished and near-duplicate pairs, with the evidence for each kind and direction.
    func copiesPage(_ request: Request) throws -> Response {
        let paging = try Query.paging(request, configuration)
        let kind = try Query.value(request, "kind")
        if let kind, DuplicatePair.Kind(rawValue: kind) == nil {
            throw HTTPError(.badRequest, message: "The parameter kind must be near-duplicate or republication.")
        }
        var body = "<section id=\"copies\"><h2>Copies</h2><form class=\"filters\" action=\"/copies\" method=\"get\"><label>Kind<select name=\"kind\"><option value=\"\">any</option>"
        for k in ["republication", "near-duplicate"] { body += "<option\(k == kind ? " selected" : "")>\(k)</option>" }
        body += "</select></label><button type=\"submit\">Filter</button></form>"
        guard let run = try store.latestRun() else {
            body += "<p class=\"notice\">No <code>claimtrace analyze</code> run has been stored yet.</p></section>"
            return Layout.response(Layout.page("Copies", .copies, body))
        }
        let page = try store.duplicatePage(run: run.id, kind: kind, offset: paging.offset, limit: paging.perPage)
        let summaries = try store.summaries(page.items.flatMap { [$0.a, $0.b] })
        func link(_ id: String) -> String {
            let title = summaries[id]?.title ?? id
            let outlet = summaries[id]?.outlet.map { " <span class=\"tag\">\(escape($0))</span>" } ?? ""
            return "<a href=\"\(escape(Site.links.document(id, nil) ?? ""))\">\(escape(short(title, 90)))</a>\(outlet) <span class=\"muted\">\(escape(id))</span>"
        }
        body += "<p class=\"hint\">Pairs of articles sharing most of their text (MinHash over word 5-grams, site furniture left out): a republication is the same text under another outlet or a stated note; the original is given when a note or the dates tell.</p>"
        body += "<div class=\"scroll\"><table><thead><tr><th>Kind</th><th>Original (when known)</th><th>Copy</th><th>Similarity</th><th>Containment</th><th>Evidence</th></tr></thead><tbody>"
        for p in page.items {
            let (first, second) = p.original == p.b ? (p.b, p.a) : (p.a, p.b)
            body += "<tr><td><span class=\"flag\">\(p.kind.rawValue)</span></td><td>\(link(first))</td><td>\(link(second))</td>"
            body += "<td>\(String(format: "%.2f", p.similarity))</td><td>\(String(format: "%.2f", p.containment))</td><td>\(escape(p.evidence))\(p.original == nil ? " <span class=\"muted\">(direction unknown)</span>" : "")</td></tr>"
        }
        if page.items.isEmpty { body += "<tr><td colspan=\"6\">No copies found.</td></tr>" }
        body += "</tbody></table></div>" + Layout.pager("/copies", paging, total: page.total, parameters: kind.map { [("kind", $0)] } ?? []) + "</section>"
        return Layout.response(Layout.page("Copies", .copies, body))
    }

    func techniquesPage() throws -> Response {
        let views = try views(documents: [], run: nil)
        var body = views.techniquesView(try cache.techniqueProfiles())
        body += "<p class=\"hint\">Documents using a technique: " + Technique.allCases.map {
            "<a href=\"\(escape("/documents" + Query.queryString([("technique", $0.rawValue)])))\">\(escape($0.title))</a>"
        }.joined(separator: " · ") + "</p>"
        return Layout.response(Layout.page("Techniques", .techniques, body))
    }

    // MARK: search

    /// Match marks for snippets: private-use characters, which news text does not use; should a
    /// text hold them anyway, the worst outcome is a stray `<mark>` (the text is escaped first).
    static let markOpen = "\u{F8FE}", markClose = "\u{F8FF}"

    func searchPage(_ request: Request) throws -> Response {
        let query = try Query.value(request, "q")
        let filter = try Query.filter(request)
        let paging = try Query.paging(request, configuration)
        var body = "<section><h2>Search</h2>" + (try filterForm("/search", filter, query: query ?? ""))
        if let query {
            let page = try store.search(
                query, filter: filter, offset: paging.offset, limit: paging.perPage, open: Self.markOpen, close: Self.markClose,
                limits: searchLimits)
            if let notice = searchNotice(page, offset: paging.offset) { body += "<p class=\"notice\">\(escape(notice))</p>" }
            let count = page.cutShort ? "At least \(page.total)" : page.totalIsCapped ? "More than \(page.total)" : "\(page.total)"
            body += "<p class=\"hint\">\(count) document\(page.total == 1 && !page.totalIsCapped ? "" : "s") match.</p><ol class=\"hits\" start=\"\(paging.offset + 1)\">"
            for hit in page.items {
                body += "<li><a href=\"\(escape(Site.links.document(hit.documentId, nil) ?? ""))\">\(escape(hit.title ?? hit.documentId))</a> <span class=\"muted\">\(escape(hit.documentId))</span><br><span class=\"snippet\">\(Self.markedSnippet(hit.snippet))</span></li>"
            }
            body += "</ol>" + Layout.pager("/search", paging, total: page.total, parameters: [("q", query)] + Query.parameters(filter))
        }
        body += "</section>"
        return Layout.response(Layout.page(query.map { "Search: \($0)" } ?? "Search", .search, body, query: query ?? ""))
    }

    /// The snippet escaped, with the store's match marks turned into `<mark>` elements.
    static func markedSnippet(_ snippet: String) -> String {
        HTMLReport.escape(snippet).replacingOccurrences(of: markOpen, with: "<mark>").replacingOccurrences(of: markClose, with: "</mark>")
    }
}
