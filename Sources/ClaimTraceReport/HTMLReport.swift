public import ClaimTrace
import Foundation

/// The report as one self-contained HTML file: inline CSS and SVG, a few lines of plain
/// JavaScript to filter tables, no request to anywhere. Views: overview, claims, provenance
/// graph, timeline, sources, findings, techniques, and every article with its spans marked.
///
/// All text from the corpus is hostile: it is escaped everywhere it appears (element text and
/// attribute values), and no corpus text ever becomes an id, a class, a URL or markup.
public struct HTMLReport: Sendable {
    public let documents: [AnalyzedDocument]
    public let corpus: CorpusAnalysis
    public let rejected: [ReadIssue]
    /// Claims drawn in the provenance graph and timeline (the most widespread first).
    public var graphClaims = 25

    public init(documents: [AnalyzedDocument], corpus: CorpusAnalysis, rejected: [ReadIssue]) {
        self.documents = documents
        self.corpus = corpus
        self.rejected = rejected
    }

    // MARK: escaping

    /// Text for element content or a quoted attribute value.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func short(_ text: String, _ limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }

    // MARK: the page

    public func render() -> String {
        var index: [String: Int] = [:]
        for (i, d) in documents.enumerated() { index[d.id] = i }
        let claims = corpus.claims.sorted { ($0.documents.count, $0.independentSources) > ($1.documents.count, $1.independentSources) }
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>claimtrace report</title>
            <style>\(Self.css)</style>
            </head><body>
            <header><h1>claimtrace report</h1>
            <nav><a href="#overview">Overview</a> <a href="#claims">Claims</a> <a href="#graph">Provenance</a> <a href="#timeline">Timeline</a> <a href="#sources">Sources</a> <a href="#findings">Findings</a> <a href="#techniques">Techniques</a> <a href="#articles">Articles</a></nav></header>
            <main>

            """
        html += overview()
        html += claimsView(claims, index)
        html += graphView(claims, index)
        html += timelineView(claims, index)
        html += sourcesView(claims)
        html += findingsView(index)
        html += techniquesView(index)
        html += articlesView(claims)
        html += "</main>\n<script>\(Self.script)</script>\n</body></html>\n"
        return html
    }

    func link(_ document: String, _ index: [String: Int], anchor: String? = nil, text: String? = nil) -> String {
        guard let i = index[document] else { return Self.escape(text ?? document) }
        return "<a href=\"#d\(i)\(anchor.map { "-" + $0 } ?? "")\">\(Self.escape(text ?? documents[i].metadata.title ?? document))</a>"
    }

    // MARK: overview

    func overview() -> String {
        let outlets = Set(documents.compactMap(\.metadata.outlet))
        let dates = documents.compactMap(\.metadata.published).sorted()
        var kinds: [String: Int] = [:]
        for d in documents { for a in d.attributions { kinds[a.sourceKind.rawValue, default: 0] += 1 } }
        kinds["the author's own claims", default: 0] += documents.reduce(0) { $0 + $1.assertions.count }
        var findings: [String: Int] = [:]
        for f in corpus.findings { findings[f.kind.rawValue, default: 0] += 1 }
        var techniques: [String: Int] = [:]
        for d in documents { for t in d.techniques { techniques[t.technique.title, default: 0] += 1 } }
        func list(_ counts: [String: Int]) -> String {
            counts.isEmpty ? "none"
                : counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    .map { "\(Self.escape($0.key)) <b>\($0.value)</b>" }.joined(separator: " · ")
        }
        var out = "<section id=\"overview\"><h2>Overview</h2><dl class=\"stats\">"
        out += "<dt>Documents</dt><dd>\(documents.count)\(rejected.isEmpty ? "" : " (\(rejected.count) inputs skipped)")</dd>"
        out += "<dt>Outlets</dt><dd>\(outlets.count): \(outlets.sorted().map(Self.escape).joined(separator: ", "))</dd>"
        out += "<dt>Published</dt><dd>\(dates.first.map { "\($0) – \(dates.last!)" } ?? "no dates")</dd>"
        out += "<dt>Claims told more than once</dt><dd>\(corpus.claims.count)</dd>"
        out += "<dt>Statements by kind of source</dt><dd>\(list(kinds))</dd>"
        out += "<dt>Findings</dt><dd>\(list(findings))</dd>"
        out += "<dt>Copies</dt><dd>\(corpus.duplicates.count) pairs (\(corpus.duplicates.filter { $0.kind == .republication }.count) republications)</dd>"
        out += "<dt>Techniques</dt><dd>\(list(techniques))</dd>"
        out += "</dl></section>\n"
        return out
    }

    // MARK: claims

    func claimsView(_ claims: [ClaimCluster], _ index: [String: Int]) -> String {
        var out = "<section id=\"claims\"><h2>Claims</h2>"
        out += "<p class=\"hint\">Each claim told by several documents, most widespread first; <em>independent sources</em> counts distinct original voices (officials of one government are one voice, a republished copy is not a second source).</p>"
        out += "<input type=\"search\" placeholder=\"Filter claims\" data-filter=\"claims-table\">"
        out += "<div class=\"scroll\"><table id=\"claims-table\"><thead><tr><th>Claim</th><th>Documents</th><th>Independent sources</th><th>Sources</th><th>Flags</th><th>First seen</th></tr></thead><tbody>"
        for (ci, claim) in claims.enumerated() {
            out += "<tr id=\"claim-\(ci)\"><td><details><summary>\(Self.escape(Self.short(claim.label, 140)))</summary><ol>"
            for (mi, m) in claim.members.enumerated() {
                let who = m.speaker.map { " — " + Self.escape($0) + " (" + m.sourceKind.rawValue + ")" } ?? " — the author"
                let copy = m.copyOf.map { " <span class=\"tag\">copy of \(link($0, index))</span>" } ?? ""
                out += "<li>\(link(m.at.document, index, anchor: "c\(ci)-\(mi)", text: "“" + Self.short(m.at.text, 160) + "”"))\(who)\(copy) <span class=\"muted\">\(Self.escape(m.at.document))</span></li>"
            }
            out += "</ol></details></td><td>\(claim.documents.count)</td><td>\(claim.independentSources)</td><td>"
            out += claim.sources.map { "<span class=\"src k-\($0.sourceKind.rawValue)\">\(Self.escape(Self.short($0.displayName, 40)))</span>" }
                .joined(separator: " ")
            out += "</td><td>\(claim.flags.map { "<span class=\"flag\">\(Self.escape($0))</span>" }.joined(separator: " "))</td><td>\(Self.escape(claim.firstSeen ?? "—"))</td></tr>"
        }
        if claims.isEmpty { out += "<tr><td colspan=\"6\">No claim is told by more than one document.</td></tr>" }
        out += "</tbody></table></div></section>\n"
        return out
    }

    // MARK: provenance graph

    /// Original sources → claims → articles → outlets, in four columns; each column ordered by
    /// the mean position of its neighbours in the previous one (one barycentre pass), which
    /// keeps most edges short and uncrossed.
    func graphView(_ claims: [ClaimCluster], _ index: [String: Int]) -> String {
        let shown = Array(claims.prefix(graphClaims))
        var out = "<section id=\"graph\"><h2>Provenance</h2>"
        guard !shown.isEmpty else { return out + "<p>No claim to draw.</p></section>\n" }
        out += "<p class=\"hint\">Original sources → claims → articles → outlets. Dashed orange: anonymous or vague sources; dashed grey arcs: republished copies.</p>"
        struct Node { var label: String; var kind: String; var y = 0.0 }
        var sources: [String: Int] = [:], sourceNodes: [Node] = []
        var articles: [String: Int] = [:], articleNodes: [Node] = []
        var outlets: [String: Int] = [:], outletNodes: [Node] = []
        var sourceEdges: [(Int, Int)] = [], articleEdges: [(Int, Int)] = [], outletEdges: [(Int, Int)] = []
        for (ci, claim) in shown.enumerated() {
            for s in claim.sources {
                // One node per entity (spelling variants merged) or per voice; the author of an
                // unsourced claim is named by outlet.
                let key = s.entity ?? (s.voice + "\u{0}" + s.text)
                let si = sources[key] ?? { sourceNodes.append(Node(label: s.displayName, kind: s.sourceKind.rawValue)); sources[key] = sourceNodes.count - 1; return sourceNodes.count - 1 }()
                sourceEdges.append((si, ci))
            }
            for d in claim.documents {
                let ai = articles[d] ?? { articleNodes.append(Node(label: index[d].flatMap { documents[$0].metadata.title } ?? d, kind: "article")); articles[d] = articleNodes.count - 1; return articleNodes.count - 1 }()
                articleEdges.append((ci, ai))
            }
        }
        for (d, ai) in articles {
            let outlet = index[d].flatMap { documents[$0].metadata.outlet } ?? "(no outlet)"
            let oi = outlets[outlet] ?? { outletNodes.append(Node(label: outlet, kind: "outlet")); outlets[outlet] = outletNodes.count - 1; return outletNodes.count - 1 }()
            outletEdges.append((ai, oi))
        }
        // Claims in spread order; the other columns by barycentre.
        let claimY = shown.indices.map(Double.init)
        func order(_ count: Int, _ edges: [(Int, Int)], neighbour: (Int) -> Double, isTarget: Bool) -> [Double] {
            var sums = [Double](repeating: 0, count: count), counts = [Double](repeating: 0, count: count)
            for (a, b) in edges {
                let (node, other) = isTarget ? (b, a) : (a, b)
                sums[node] += neighbour(other)
                counts[node] += 1
            }
            let bary = (0..<count).map { counts[$0] > 0 ? sums[$0] / counts[$0] : Double($0) }
            var rank = [Double](repeating: 0, count: count)
            for (position, node) in (0..<count).sorted(by: { (bary[$0], $0) < (bary[$1], $1) }).enumerated() { rank[node] = Double(position) }
            return rank
        }
        let sourceY = order(sourceNodes.count, sourceEdges, neighbour: { claimY[$0] }, isTarget: false)
        let articleY = order(articleNodes.count, articleEdges, neighbour: { claimY[$0] }, isTarget: true)
        let outletY = order(outletNodes.count, outletEdges, neighbour: { articleY[$0] }, isTarget: true)
        let rows = max(sourceNodes.count, shown.count, articleNodes.count, outletNodes.count)
        let rowHeight = 24.0, top = 30.0
        let height = top + Double(rows) * rowHeight + 10
        let columns = [10.0, 290.0, 570.0, 850.0], width = 1100.0
        // Spread each column over the full height.
        func y(_ rank: Double, _ count: Int) -> Double {
            top + (count <= 1 ? Double(rows - 1) / 2 : rank * Double(rows - 1) / Double(count - 1)) * rowHeight + 8
        }
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" class=\"graph\" role=\"img\" aria-label=\"Provenance graph\">"
        for (i, title) in ["Original sources", "Claims", "Articles", "Outlets"].enumerated() {
            svg += "<text x=\"\(Int(columns[i]))\" y=\"16\" class=\"colhead\">\(title)</text>"
        }
        func edge(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ cls: String) -> String {
            let mid = (x1 + x2) / 2
            return "<path class=\"\(cls)\" d=\"M\(Int(x1)),\(Int(y1)) C\(Int(mid)),\(Int(y1)) \(Int(mid)),\(Int(y2)) \(Int(x2)),\(Int(y2))\"/>"
        }
        for (s, c) in sourceEdges {
            let kind = sourceNodes[s].kind
            svg += edge(columns[0] + 220, y(sourceY[s], sourceNodes.count), columns[1], y(claimY[c], shown.count), "e" + (kind == "named" || kind == "unattributed" ? "" : " e-weak"))
        }
        for (c, a) in articleEdges { svg += edge(columns[1] + 220, y(claimY[c], shown.count), columns[2], y(articleY[a], articleNodes.count), "e") }
        for (a, o) in outletEdges { svg += edge(columns[2] + 220, y(articleY[a], articleNodes.count), columns[3], y(outletY[o], outletNodes.count), "e") }
        // Republication: copy → original, an arc right of the article column.
        for pair in corpus.duplicates where pair.kind == .republication {
            guard let a = articles[pair.a], let b = articles[pair.b] else { continue }
            let (y1, y2) = (y(articleY[a], articleNodes.count), y(articleY[b], articleNodes.count))
            let x = columns[2] + 222
            svg += "<path class=\"e-copy\" d=\"M\(Int(x)),\(Int(y1)) C\(Int(x + 40)),\(Int(y1)) \(Int(x + 40)),\(Int(y2)) \(Int(x)),\(Int(y2))\"><title>\(Self.escape(pair.evidence))</title></path>"
        }
        func node(_ label: String, _ x: Double, _ yy: Double, _ cls: String, href: String?) -> String {
            var s = "<g class=\"n \(cls)\">"
            if let href { s += "<a href=\"\(href)\">" }
            s += "<rect x=\"\(Int(x))\" y=\"\(Int(yy - 9))\" width=\"220\" height=\"18\" rx=\"4\"/><text x=\"\(Int(x + 5))\" y=\"\(Int(yy + 4))\">\(Self.escape(Self.short(label, 34)))</text><title>\(Self.escape(label))</title>"
            if href != nil { s += "</a>" }
            return s + "</g>"
        }
        for (i, n) in sourceNodes.enumerated() { svg += node(n.label, columns[0], y(sourceY[i], sourceNodes.count), "k-\(n.kind)", href: nil) }
        for (i, c) in shown.enumerated() { svg += node(c.label, columns[1], y(claimY[i], shown.count), "claim", href: "#claim-\(i)") }
        for (d, i) in articles { svg += node(articleNodes[i].label, columns[2], y(articleY[i], articleNodes.count), "article", href: index[d].map { "#d\($0)" }) }
        for (i, n) in outletNodes.enumerated() { svg += node(n.label, columns[3], y(outletY[i], outletNodes.count), "outlet", href: nil) }
        svg += "</svg>"
        return out + "<div class=\"scroll\">" + svg + "</div></section>\n"
    }

    // MARK: timeline

    func timelineView(_ claims: [ClaimCluster], _ index: [String: Int]) -> String {
        var out = "<section id=\"timeline\"><h2>Timeline</h2>"
        let shown = Array(claims.prefix(graphClaims)).enumerated().filter { !$0.element.timeline.isEmpty }
        let days = shown.flatMap { $0.element.timeline.compactMap { Day(iso: $0.date)?.ordinal } }
        guard let first = days.min(), let last = days.max() else {
            return out + "<p>No dated statement or publication.</p></section>\n"
        }
        out += "<p class=\"hint\">Per claim: ● a statement on the day its speaker made it, ■ a publication.</p>"
        let left = 300.0, width = 1100.0, rowHeight = 22.0
        let span = Double(max(last - first, 1))
        func x(_ ordinal: Int) -> Double { left + 10 + Double(ordinal - first) / span * (width - left - 30) }
        let height = 40 + Double(shown.count) * rowHeight
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" class=\"timeline\" role=\"img\" aria-label=\"Timeline\">"
        for k in 0...4 {
            let ordinal = first + Int(Double(last - first) * Double(k) / 4)
            let xx = x(ordinal)
            let anchor = k == 0 ? "start" : (k == 4 ? "end" : "middle")
            svg += "<line class=\"tick\" x1=\"\(Int(xx))\" y1=\"20\" x2=\"\(Int(xx))\" y2=\"\(Int(height))\"/><text x=\"\(Int(xx))\" y=\"14\" text-anchor=\"\(anchor)\" class=\"colhead\">\(Day(ordinal: ordinal).map { $0.description } ?? "")</text>"
        }
        for (row, (ci, claim)) in shown.enumerated() {
            let yy = 34 + Double(row) * rowHeight
            svg += "<a href=\"#claim-\(ci)\"><text x=\"4\" y=\"\(Int(yy + 4))\">\(Self.escape(Self.short(claim.label, 44)))</text></a><line class=\"row\" x1=\"\(Int(left))\" y1=\"\(Int(yy))\" x2=\"\(Int(width - 10))\" y2=\"\(Int(yy))\"/>"
            for event in claim.timeline {
                guard let day = Day(iso: event.date) else { continue }
                let xx = x(day.ordinal)
                let tip = "<title>\(Self.escape(event.date + " · " + event.kind.rawValue + " · " + Self.short(event.text, 120)))</title>"
                if event.kind == .statement {
                    svg += "<circle class=\"stmt\" cx=\"\(Int(xx))\" cy=\"\(Int(yy))\" r=\"5\">\(tip)</circle>"
                } else {
                    svg += "<rect class=\"pub\" x=\"\(Int(xx) - 4)\" y=\"\(Int(yy) - 4)\" width=\"8\" height=\"8\">\(tip)</rect>"
                }
            }
        }
        svg += "</svg>"
        return out + "<div class=\"scroll\">" + svg + "</div></section>\n"
    }

    // MARK: sources

    func sourcesView(_ claims: [ClaimCluster]) -> String {
        var cited: [String: [Int]] = [:]
        for (ci, claim) in claims.enumerated() {
            for entity in Set(claim.sources.compactMap(\.entity)) { cited[entity, default: []].append(ci) }
        }
        var out = "<section id=\"sources\"><h2>Sources</h2><p class=\"hint\">Every entity, with its spelling variants merged (and why), its roles, and the claims it is a source of.</p>"
        out += "<input type=\"search\" placeholder=\"Filter sources\" data-filter=\"sources-table\">"
        out += "<div class=\"scroll\"><table id=\"sources-table\"><thead><tr><th>Name</th><th>Type</th><th>Roles</th><th>Also written</th><th>Documents</th><th>Source of</th></tr></thead><tbody>"
        let entities = corpus.entities.sorted { ($0.documents.count, $0.name) > ($1.documents.count, $1.name) }
        for e in entities {
            let merges = e.merges.isEmpty
                ? "" : "<details class=\"muted\"><summary>why merged (\(e.merges.count))</summary>\(e.merges.map(Self.escape).joined(separator: "<br>"))</details>"
            let country = e.country.flatMap { $0 == e.name ? nil : " <span class=\"tag\">\(Self.escape($0))</span>" } ?? ""
            out += "<tr><td>\(Self.escape(e.name))\(country)</td><td>\(e.type.rawValue)</td>"
            out += "<td>\(e.roles.prefix(4).map(Self.escape).joined(separator: "; "))</td><td>\(e.aliases.filter { $0 != e.name }.prefix(6).map(Self.escape).joined(separator: ", "))\(merges)</td>"
            out += "<td>\(e.documents.count)</td><td>\((cited[e.id] ?? []).map { "<a href=\"#claim-\($0)\">\(Self.escape(Self.short(claims[$0].label, 50)))</a>" }.joined(separator: "<br>"))</td></tr>"
        }
        out += "</tbody></table></div></section>\n"
        return out
    }

    // MARK: findings

    func findingsView(_ index: [String: Int]) -> String {
        var out = "<section id=\"findings\"><h2>Findings</h2>"
        guard !corpus.findings.isEmpty else { return out + "<p>No inconsistency found.</p></section>\n" }
        out += "<ol class=\"findings\">"
        for (fi, f) in corpus.findings.enumerated() {
            out += "<li id=\"finding-\(fi)\"><span class=\"flag\">\(f.kind.rawValue)</span> \(Self.escape(f.message))<blockquote>\(link(f.at.document, index, anchor: "f\(fi)-0", text: "“" + Self.short(f.at.text, 200) + "”")) <span class=\"muted\">\(Self.escape(f.at.document))</span></blockquote>"
            for (ri, r) in f.related.enumerated() {
                out += "<blockquote>\(link(r.document, index, anchor: "f\(fi)-\(ri + 1)", text: "“" + Self.short(r.text, 200) + "”")) <span class=\"muted\">\(Self.escape(r.document))</span></blockquote>"
            }
            out += "</li>"
        }
        return out + "</ol></section>\n"
    }

    // MARK: techniques

    func techniquesView(_ index: [String: Int]) -> String {
        var out = "<section id=\"techniques\"><h2>Techniques</h2>"
        let profiles = corpus.techniqueProfiles
        guard !profiles.isEmpty else { return out + "<p>No technique marked.</p></section>\n" }
        out += "<p class=\"hint\">Passages marked per outlet; each mark in the articles shows its cue on hover and in the article's notes.</p><div class=\"scroll\"><table><thead><tr><th>Outlet</th>"
        for t in Technique.allCases { out += "<th class=\"vert\">\(Self.escape(t.title))</th>" }
        out += "</tr></thead><tbody>"
        for (outlet, counts) in profiles.sorted(by: { $0.key < $1.key }) {
            out += "<tr><td>\(Self.escape(outlet))</td>"
            for t in Technique.allCases { out += "<td>\(counts[t.rawValue].map(String.init) ?? "")</td>" }
            out += "</tr>"
        }
        return out + "</tbody></table></div></section>\n"
    }

    // MARK: articles

    struct Mark {
        var start: Int
        var end: Int
        var classes: String
        var anchor: String?
        var note: String
    }

    func articlesView(_ claims: [ClaimCluster]) -> String {
        // Claim members and findings, by document, so each article marks them.
        var extra: [String: [(start: Int, end: Int, classes: String, anchor: String, note: String)]] = [:]
        for (ci, claim) in claims.enumerated() {
            for (mi, m) in claim.members.enumerated() {
                extra[m.at.document, default: []].append((m.at.start, m.at.end, "claim", "c\(ci)-\(mi)", "claim: " + Self.short(claim.label, 100)))
            }
        }
        for (fi, f) in corpus.findings.enumerated() {
            for (ri, r) in ([f.at] + f.related).enumerated() {
                extra[r.document, default: []].append((r.start, r.end, "finding", "f\(fi)-\(ri)", f.kind.rawValue + ": " + Self.short(f.message, 120)))
            }
        }
        var out = "<section id=\"articles\"><h2>Articles</h2><p class=\"hint\">Marked: <span class=\"a-source\">source</span> <span class=\"a-cue\">cue</span> <span class=\"a-content\">content</span> <span class=\"a-content k-anonymous\">anonymous</span> <span class=\"a-content k-vague\">vague</span> <span class=\"assertion\">the author's own claim</span> <span class=\"technique\">technique</span> <span class=\"claim\">claim told elsewhere</span> <span class=\"finding\">finding</span> <span class=\"excluded\">site furniture</span>. Hover for explanations.</p>"
        for (di, d) in documents.enumerated() {
            out += article(d, di, extra[d.id] ?? [])
        }
        return out + "</section>\n"
    }

    func article(_ d: AnalyzedDocument, _ di: Int, _ extra: [(start: Int, end: Int, classes: String, anchor: String, note: String)]) -> String {
        let text = d.document.text
        let bytes = Array(text.utf8)
        let offsets = ScalarOffsets(text)
        var marks: [Mark] = []
        for region in d.excluded { marks.append(Mark(start: region.range.start, end: region.range.end, classes: "excluded", note: "site furniture: " + region.kind.rawValue)) }
        var notes = ""
        for (ai, a) in d.attributions.enumerated() {
            let kind = "k-" + a.sourceKind.rawValue
            let who = a.source.map { d.substring($0) } ?? "(no source)"
            let summary = "statement \(ai + 1) · \(a.sourceKind.rawValue) source: \(Self.short(who, 60))"
            if let source = a.source { marks.append(Mark(start: source.start, end: source.end, classes: "a-source \(kind)", anchor: "a\(ai)", note: summary)) }
            marks.append(Mark(start: a.cue.start, end: a.cue.end, classes: "a-cue", anchor: a.source == nil ? "a\(ai)" : nil, note: summary + " · cue"))
            marks.append(Mark(start: a.content.start, end: a.content.end, classes: "a-content \(kind)", note: summary + " · content"))
            notes += "<li><a href=\"#d\(di)-a\(ai)\">\(Self.escape(Self.short(who, 50)))</a> <span class=\"src \(kind)\">\(a.sourceKind.rawValue)</span> — “\(Self.escape(Self.short(d.substring(a.content), 160)))”</li>"
        }
        for assertion in d.assertions {
            marks.append(Mark(start: assertion.range.start, end: assertion.range.end, classes: "assertion", note: "the author's own check-worthy claim (" + assertion.reasons.joined(separator: ", ") + ")"))
        }
        var techniqueNotes = ""
        for (ti, t) in d.techniques.enumerated() {
            let note = "\(t.technique.title) (\(String(format: "%.2f", t.score))): \(t.cue)"
            marks.append(Mark(start: t.range.start, end: t.range.end, classes: "technique", anchor: "t\(ti)", note: note))
            techniqueNotes += "<li><a href=\"#d\(di)-t\(ti)\">\(Self.escape(t.technique.title))</a> \(String(format: "%.2f", t.score)) — \(Self.escape(t.cue)) — “\(Self.escape(Self.short(d.substring(t.range), 120)))”</li>"
        }
        for e in extra {
            let range = offsets.bytes(start: e.start, end: e.end)
            marks.append(Mark(start: range.start, end: range.end, classes: e.classes, anchor: e.anchor, note: e.note))
        }
        // Cut the text at every mark boundary; each piece carries the marks covering it.
        let ordered = marks.filter { $0.start < $0.end && $0.end <= bytes.count }.sorted { $0.start < $1.start }
        var cuts = Set([0, bytes.count])
        for m in ordered { cuts.insert(m.start); cuts.insert(m.end) }
        let boundaries = cuts.sorted()
        var body = ""
        var next = 0
        var active: [Mark] = []
        for (a, b) in zip(boundaries, boundaries.dropFirst()) {
            active.removeAll { $0.end <= a }
            var anchors = ""
            while next < ordered.count, ordered[next].start <= a {
                if ordered[next].end > a {
                    active.append(ordered[next])
                    if let anchor = ordered[next].anchor { anchors += "<a id=\"d\(di)-\(anchor)\"></a>" }
                }
                next += 1
            }
            let piece = Self.escape(String(decoding: bytes[a..<b], as: UTF8.self))
            if active.isEmpty {
                body += anchors + piece
            } else {
                let classes = Set(active.flatMap { $0.classes.split(separator: " ").map(String.init) }).sorted().joined(separator: " ")
                let title = active.map(\.note).joined(separator: "\n")
                body += anchors + "<span class=\"\(classes)\" title=\"\(Self.escape(title))\">\(piece)</span>"
            }
        }
        let meta = d.metadata
        var head = "<article id=\"d\(di)\"><h3>\(Self.escape(meta.title ?? d.id))</h3><p class=\"muted\">\(Self.escape(d.id))"
        if let outlet = meta.outlet { head += " · " + Self.escape(outlet) }
        if let published = meta.published { head += " · \(published)" }
        if !meta.authors.isEmpty { head += " · by " + Self.escape(meta.authors.joined(separator: ", ")) }
        head += "</p>"
        var out = head + "<div class=\"text\">\(body)</div>"
        if !notes.isEmpty { out += "<details><summary>Who said what (\(d.attributions.count))</summary><ol>\(notes)</ol></details>" }
        if !techniqueNotes.isEmpty { out += "<details><summary>Techniques (\(d.techniques.count))</summary><ol>\(techniqueNotes)</ol></details>" }
        return out + "</article>\n"
    }

    // MARK: style and script

    static let css = """
        :root{--ink:#1d2330;--muted:#667085;--line:#d0d5dd;--bg:#fff;--accent:#2f5d9e}
        *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg)}
        header{position:sticky;top:0;background:#f5f7fa;border-bottom:1px solid var(--line);padding:.5rem 1rem;z-index:2}
        header h1{font-size:1.1rem;margin:0 0 .25rem}nav a{margin-right:.8rem;color:var(--accent);text-decoration:none;white-space:nowrap}
        main{max-width:1150px;margin:0 auto;padding:0 1rem 3rem}section,article,tr,li,a[id]{scroll-margin-top:5rem}h2{margin-top:2.2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
        .hint,.muted{color:var(--muted);font-size:.88rem}dl.stats{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid var(--line);padding:.35rem .4rem;text-align:left;vertical-align:top}
        th.vert{font-size:.75rem;font-weight:600;max-width:5.5rem}input[type=search]{width:100%;max-width:24rem;padding:.35rem;margin:.3rem 0 .6rem;border:1px solid var(--line);border-radius:4px}
        details summary{cursor:pointer}.tag,.flag,.src{display:inline-block;font-size:.75rem;border-radius:3px;padding:0 .3rem;margin:.1rem 0;background:#eef2f7}
        .flag{background:#fde8e8;color:#9b1c1c}.src.k-anonymous,.src.k-vague{background:#fff1de;color:#8a4b00}
        blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid var(--line)}
        .scroll{overflow-x:auto}.scroll table{min-width:640px}svg{font:11px system-ui,sans-serif;min-width:900px;width:100%;height:auto}
        .colhead{font-weight:700;fill:#344054}.n rect{fill:#eef2f7;stroke:#98a2b3}.n.claim rect{fill:#e3f2e8;stroke:#3b7d4f}.n.article rect{fill:#fff;stroke:#98a2b3}
        .n.outlet rect{fill:#f4ecff;stroke:#7a5af8}.n.k-anonymous rect,.n.k-vague rect{fill:#fff1de;stroke:#d97706;stroke-dasharray:3 2}.n text{fill:#1d2330}
        path.e{fill:none;stroke:#98a2b3;stroke-width:1}path.e-weak{stroke:#d97706;stroke-dasharray:4 3}path.e-copy{fill:none;stroke:#667085;stroke-dasharray:5 4}
        .tick{stroke:#eaecf0}.row{stroke:#f2f4f7}circle.stmt{fill:var(--accent)}rect.pub{fill:#7a5af8}
        article{border-top:1px solid var(--line);margin-top:1.5rem}article h3{margin:.8rem 0 .1rem}
        .text{white-space:pre-wrap;overflow-wrap:anywhere;font-family:Georgia,"Times New Roman",serif;font-size:1rem}
        .excluded{color:#98a2b3;background:#f9fafb}.a-source{border-bottom:2px solid var(--accent)}.a-cue{font-weight:700}
        .a-content{background:#e8f0fb}.a-content.k-anonymous,.a-content.k-vague{background:#fff1de}.a-source.k-anonymous,.a-source.k-vague{border-bottom-color:#d97706}
        .assertion{background:#f3f4f6}.technique{background:#fff7c2;box-shadow:inset 0 -2px 0 #e0b400}.claim{border-left:3px solid #3b7d4f;padding-left:1px}
        .finding{text-decoration:underline wavy #d92d20}[title]{cursor:help}
        @media (max-width:700px){body{font-size:14px}dl.stats{grid-template-columns:1fr}th.vert{max-width:3rem}main{padding:0 .5rem 2rem}}
        @media print{header{position:static}details{display:block}details>*{display:block}input{display:none}.scroll{overflow:visible}}
        """

    /// Filters the rows of a table by the text typed in its search box.
    static let script = """
        document.querySelectorAll('input[data-filter]').forEach(function (box) {
          var table = document.getElementById(box.getAttribute('data-filter'));
          box.addEventListener('input', function () {
            var q = box.value.toLowerCase();
            table.querySelectorAll('tbody tr').forEach(function (row) {
              row.style.display = row.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
            });
          });
        });
        """
}
