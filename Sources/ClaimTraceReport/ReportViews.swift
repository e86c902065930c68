public import ClaimTrace
import Foundation

/// Where the views point: anchors in one report file, or pages of the web app.
public struct ReportLinks: Sendable {
    /// The address of a document, or of a span anchor in it ("a3", "c-C2-0", "f4-1"); nil when
    /// the document is not shown.
    public var document: @Sendable (_ id: String, _ anchor: String?) -> String?
    /// The address of a claim, by id.
    public var claim: @Sendable (_ id: String) -> String

    public init(
        document: @escaping @Sendable (_ id: String, _ anchor: String?) -> String?, claim: @escaping @Sendable (_ id: String) -> String
    ) {
        self.document = document
        self.claim = claim
    }
}

/// The corpus views (claims, provenance graph, timeline, sources, findings, techniques), shared
/// by the report file and the web app: each takes exactly the records it shows, and links
/// through ``ReportLinks``.
///
/// All text from the corpus is hostile: it is escaped everywhere it appears (element text and
/// attribute values), and no corpus text ever becomes an id, a class or markup; it appears in
/// URLs only percent-encoded, by the caller's ``ReportLinks``.
public struct ReportViews: Sendable {
    /// Document id → title and outlet, for the documents the views mention.
    public var titles: [String: String]
    public var outlets: [String: String]
    /// Copies, drawn as arcs in the provenance graph.
    public var duplicates: [DuplicatePair]
    public var links: ReportLinks
    /// Claims drawn in the provenance graph and timeline (the most widespread first).
    public var graphClaims = 25
    /// Whether each claim's members are listed open (on a claim's own page).
    public var openClaims = false
    /// Markup placed under the heading of the claims, sources and findings views (the web
    /// app's filter forms); when set, the report's in-page filter boxes are left out.
    public var toolbar: String?

    public init(titles: [String: String], outlets: [String: String], duplicates: [DuplicatePair], links: ReportLinks) {
        self.titles = titles
        self.outlets = outlets
        self.duplicates = duplicates
        self.links = links
    }

    func escape(_ text: String) -> String { HTMLReport.escape(text) }
    func short(_ text: String, _ limit: Int) -> String { HTMLReport.short(text, limit) }

    /// A link to a document (or a span in it), showing `text` or the document's title.
    func link(_ document: String, anchor: String? = nil, text: String? = nil) -> String {
        let shown = escape(text ?? titles[document] ?? document)
        guard let href = links.document(document, anchor) else { return shown }
        return "<a href=\"\(escape(href))\">\(shown)</a>"
    }

    // MARK: claims

    public func claimsView(_ claims: [ClaimCluster]) -> String {
        var out = "<section id=\"claims\"><h2>Claims</h2>"
        if !openClaims {
            out += "<p class=\"hint\">Each claim told by several documents, most widespread first; <em>independent sources</em> counts distinct original voices (officials of one government are one voice, a republished copy is not a second source).</p>"
            out += toolbar ?? "<input type=\"search\" placeholder=\"Filter claims\" data-filter=\"claims-table\">"
        }
        out += "<div class=\"scroll\"><table id=\"claims-table\"><thead><tr><th>Claim</th><th>Documents</th><th>Independent sources</th><th>Sources</th><th>Flags</th><th>First seen</th></tr></thead><tbody>"
        for claim in claims {
            out += "<tr id=\"claim-\(claim.id)\"><td><details\(openClaims ? " open" : "")><summary>\(escape(short(claim.label, 140)))</summary><ol>"
            for (mi, m) in claim.members.enumerated() {
                let who = m.speaker.map { " — " + escape($0) + " (" + m.sourceKind.rawValue + ")" } ?? " — the author"
                let copy = m.copyOf.map { " <span class=\"tag\">copy of \(link($0))</span>" } ?? ""
                out += "<li>\(link(m.at.document, anchor: "c-\(claim.id)-\(mi)", text: "“" + short(m.at.text, 160) + "”"))\(who)\(copy) <span class=\"muted\">\(escape(m.at.document))</span></li>"
            }
            out += "</ol></details></td><td>\(claim.documents.count)</td><td>\(claim.independentSources)</td><td>"
            out += claim.sources.map { "<span class=\"src k-\($0.sourceKind.rawValue)\">\(escape(short($0.displayName, 40)))</span>" }
                .joined(separator: " ")
            out += "</td><td>\(claim.flags.map { "<span class=\"flag\">\(escape($0))</span>" }.joined(separator: " "))</td><td>\(escape(claim.firstSeen ?? "—"))</td></tr>"
        }
        if claims.isEmpty { out += "<tr><td colspan=\"6\">No claim is told by more than one document.</td></tr>" }
        out += "</tbody></table></div></section>\n"
        return out
    }

    // MARK: provenance graph

    /// Original sources → claims → articles → outlets, in four columns; each column ordered by
    /// the mean position of its neighbours in the previous one (one barycentre pass), which
    /// keeps most edges short and uncrossed.
    public func graphView(_ claims: [ClaimCluster]) -> String {
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
                let ai = articles[d] ?? { articleNodes.append(Node(label: titles[d] ?? d, kind: "article")); articles[d] = articleNodes.count - 1; return articleNodes.count - 1 }()
                articleEdges.append((ci, ai))
            }
        }
        for (d, ai) in articles {
            let outlet = self.outlets[d] ?? "(no outlet)"
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
        for pair in duplicates where pair.kind == .republication {
            guard let a = articles[pair.a], let b = articles[pair.b] else { continue }
            let (y1, y2) = (y(articleY[a], articleNodes.count), y(articleY[b], articleNodes.count))
            let x = columns[2] + 222
            svg += "<path class=\"e-copy\" d=\"M\(Int(x)),\(Int(y1)) C\(Int(x + 40)),\(Int(y1)) \(Int(x + 40)),\(Int(y2)) \(Int(x)),\(Int(y2))\"><title>\(escape(pair.evidence))</title></path>"
        }
        func node(_ label: String, _ x: Double, _ yy: Double, _ cls: String, href: String?) -> String {
            var s = "<g class=\"n \(cls)\">"
            if let href { s += "<a href=\"\(escape(href))\">" }
            s += "<rect x=\"\(Int(x))\" y=\"\(Int(yy - 9))\" width=\"220\" height=\"18\" rx=\"4\"/><text x=\"\(Int(x + 5))\" y=\"\(Int(yy + 4))\">\(escape(short(label, 34)))</text><title>\(escape(label))</title>"
            if href != nil { s += "</a>" }
            return s + "</g>"
        }
        for (i, n) in sourceNodes.enumerated() { svg += node(n.label, columns[0], y(sourceY[i], sourceNodes.count), "k-\(n.kind)", href: nil) }
        for (i, c) in shown.enumerated() { svg += node(c.label, columns[1], y(claimY[i], shown.count), "claim", href: links.claim(c.id)) }
        for (d, i) in articles { svg += node(articleNodes[i].label, columns[2], y(articleY[i], articleNodes.count), "article", href: links.document(d, nil)) }
        for (i, n) in outletNodes.enumerated() { svg += node(n.label, columns[3], y(outletY[i], outletNodes.count), "outlet", href: nil) }
        svg += "</svg>"
        return out + "<div class=\"scroll\">" + svg + "</div></section>\n"
    }

    // MARK: timeline

    public func timelineView(_ claims: [ClaimCluster]) -> String {
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
        for (row, (_, claim)) in shown.enumerated() {
            let yy = 34 + Double(row) * rowHeight
            svg += "<a href=\"\(escape(links.claim(claim.id)))\"><text x=\"4\" y=\"\(Int(yy + 4))\">\(escape(short(claim.label, 44)))</text></a><line class=\"row\" x1=\"\(Int(left))\" y1=\"\(Int(yy))\" x2=\"\(Int(width - 10))\" y2=\"\(Int(yy))\"/>"
            for event in claim.timeline {
                guard let day = Day(iso: event.date) else { continue }
                let xx = x(day.ordinal)
                let tip = "<title>\(escape(event.date + " · " + event.kind.rawValue + " · " + short(event.text, 120)))</title>"
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

    /// The claims citing each entity as a source (id and label), most widespread first.
    public static func citing(_ claims: [ClaimCluster], limit: Int = 12) -> [String: [(id: String, label: String)]] {
        var cited: [String: [(id: String, label: String)]] = [:]
        for claim in claims {
            for entity in Set(claim.sources.compactMap(\.entity)) where cited[entity, default: []].count < limit {
                cited[entity, default: []].append((claim.id, claim.label))
            }
        }
        return cited
    }

    public func sourcesView(_ entities: [CorpusEntity], citing cited: [String: [(id: String, label: String)]]) -> String {
        var out = "<section id=\"sources\"><h2>Sources</h2><p class=\"hint\">Every entity, with its spelling variants merged (and why), its roles, and the claims it is a source of.</p>"
        out += toolbar ?? "<input type=\"search\" placeholder=\"Filter sources\" data-filter=\"sources-table\">"
        out += "<div class=\"scroll\"><table id=\"sources-table\"><thead><tr><th>Name</th><th>Type</th><th>Roles</th><th>Also written</th><th>Documents</th><th>Source of</th></tr></thead><tbody>"
        let entities = entities.sorted { ($0.documents.count, $0.name) > ($1.documents.count, $1.name) }
        for e in entities {
            let merges = e.merges.isEmpty
                ? "" : "<details class=\"muted\"><summary>why merged (\(e.merges.count))</summary>\(e.merges.map(escape).joined(separator: "<br>"))</details>"
            let country = e.country.flatMap { $0 == e.name ? nil : " <span class=\"tag\">\(escape($0))</span>" } ?? ""
            out += "<tr><td>\(escape(e.name))\(country)</td><td>\(e.type.rawValue)</td>"
            out += "<td>\(e.roles.prefix(4).map(escape).joined(separator: "; "))</td><td>\(e.aliases.filter { $0 != e.name }.prefix(6).map(escape).joined(separator: ", "))\(merges)</td>"
            out += "<td>\(e.documents.count)</td><td>\((cited[e.id] ?? []).map { "<a href=\"\(escape(links.claim($0.id)))\">\(escape(short($0.label, 50)))</a>" }.joined(separator: "<br>"))</td></tr>"
        }
        out += "</tbody></table></div></section>\n"
        return out
    }

    // MARK: findings

    public func findingsView(_ findings: [(position: Int, finding: Finding)]) -> String {
        var out = "<section id=\"findings\"><h2>Findings</h2>" + (toolbar ?? "")
        guard !findings.isEmpty else { return out + "<p>No inconsistency found.</p></section>\n" }
        out += "<ol class=\"findings\" start=\"\((findings.first?.position ?? 0) + 1)\">"
        for (fi, f) in findings {
            out += "<li id=\"finding-\(fi)\"><span class=\"flag\">\(f.kind.rawValue)</span> \(escape(f.message))<blockquote>\(link(f.at.document, anchor: "f\(fi)-0", text: "“" + short(f.at.text, 200) + "”")) <span class=\"muted\">\(escape(f.at.document))</span></blockquote>"
            for (ri, r) in f.related.enumerated() {
                out += "<blockquote>\(link(r.document, anchor: "f\(fi)-\(ri + 1)", text: "“" + short(r.text, 200) + "”")) <span class=\"muted\">\(escape(r.document))</span></blockquote>"
            }
            out += "</li>"
        }
        return out + "</ol></section>\n"
    }

    // MARK: techniques

    public func techniquesView(_ profiles: [String: [String: Int]]) -> String {
        var out = "<section id=\"techniques\"><h2>Techniques</h2>"
                guard !profiles.isEmpty else { return out + "<p>No technique marked.</p></section>\n" }
        out += "<p class=\"hint\">Passages marked per outlet; each mark in the articles shows its cue on hover and in the article's notes.</p><div class=\"scroll\"><table><thead><tr><th>Outlet</th>"
        for t in Technique.allCases { out += "<th class=\"vert\">\(escape(t.title))</th>" }
        out += "</tr></thead><tbody>"
        for (outlet, counts) in profiles.sorted(by: { $0.key < $1.key }) {
            out += "<tr><td>\(escape(outlet))</td>"
            for t in Technique.allCases { out += "<td>\(counts[t.rawValue].map(String.init) ?? "")</td>" }
            out += "</tr>"
        }
        return out + "</tbody></table></div></section>\n"
    }
}
