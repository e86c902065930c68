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
    public static func escape(_ text: String) -> String {
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

    public static func short(_ text: String, _ limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }

    // MARK: the page

    public func render() -> String {
        var index: [String: Int] = [:]
        var titles: [String: String] = [:], outlets: [String: String] = [:]
        for (i, d) in documents.enumerated() {
            index[d.id] = i
            titles[d.id] = d.metadata.title
            outlets[d.id] = d.metadata.outlet
        }
        let anchors = index
        let links = ReportLinks(
            document: { id, anchor in anchors[id].map { "#d\($0)" + (anchor.map { "-" + $0 } ?? "") } },
            claim: { "#claim-" + $0 })
        var views = ReportViews(titles: titles, outlets: outlets, duplicates: corpus.duplicates, links: links)
        views.graphClaims = graphClaims
        let claims = Self.bySpread(corpus.claims)
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
        html += views.claimsView(claims)
        html += views.graphView(claims)
        html += views.timelineView(claims)
        html += views.sourcesView(corpus.entities, citing: ReportViews.citing(claims))
        html += views.findingsView(corpus.findings.enumerated().map { ($0.offset, $0.element) })
        html += views.techniquesView(corpus.techniqueProfiles)
        html += articlesView(claims)
        html += "</main>\n<script>\(Self.script)</script>\n</body></html>\n"
        return html
    }

    /// Claims most widespread first: by documents, then independent sources.
    public static func bySpread(_ claims: [ClaimCluster]) -> [ClaimCluster] {
        claims.sorted { ($0.documents.count, $0.independentSources) > ($1.documents.count, $1.independentSources) }
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

    // MARK: articles

    /// A marked stretch of an article's text, in UTF-8 byte offsets: its CSS classes (ours,
    /// never corpus text), an anchor other views link to, and the explanation shown on hover.
    public struct Mark: Sendable {
        public var start: Int
        public var end: Int
        public var classes: String
        public var anchor: String?
        public var note: String

        public init(start: Int, end: Int, classes: String, anchor: String? = nil, note: String) {
            self.start = start
            self.end = end
            self.classes = classes
            self.anchor = anchor
            self.note = note
        }
    }

    func articlesView(_ claims: [ClaimCluster]) -> String {
        // Claim members and findings, by document, so each article marks them.
        var extra: [String: [(start: Int, end: Int, classes: String, anchor: String, note: String)]] = [:]
        for claim in claims {
            for (mi, m) in claim.members.enumerated() {
                extra[m.at.document, default: []].append((m.at.start, m.at.end, "claim", "c-\(claim.id)-\(mi)", "claim: " + Self.short(claim.label, 100)))
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
        let offsets = ScalarOffsets(text)
        var marks: [Mark] = []
        for region in d.excluded { marks.append(Mark(start: region.range.start, end: region.range.end, classes: "excluded", note: "site furniture: " + region.kind.rawValue)) }
        var notes = ""
        for (ai, a) in d.attributions.enumerated() {
            let kind = "k-" + a.sourceKind.rawValue
            let who = a.speaker.map { d.substring($0) } ?? "(no source)"
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
        let body = Self.markup(text, marks, anchorPrefix: "d\(di)-")
        let meta = d.metadata
        var head = "<article id=\"d\(di)\"><h3>\(Self.escape(meta.title ?? d.id))</h3><p class=\"muted\">\(Self.escape(d.id))"
        if let outlet = meta.outlet { head += " · " + Self.escape(outlet) }
        if let published = meta.published { head += " · \(published)" }
        if let modified = meta.modified, modified != meta.published { head += " · updated \(modified)" }
        if !meta.authors.isEmpty { head += " · by " + Self.escape(meta.authors.joined(separator: ", ")) }
        head += "</p>"
        var out = head + "<div class=\"text\">\(body)</div>"
        if !notes.isEmpty { out += "<details><summary>Who said what (\(d.attributions.count))</summary><ol>\(notes)</ol></details>" }
        if !techniqueNotes.isEmpty { out += "<details><summary>Techniques (\(d.techniques.count))</summary><ol>\(techniqueNotes)</ol></details>" }
        return out + "</article>\n"
    }

    /// The text as HTML with every mark a `<span>` (overlapping marks nest as one span with all
    /// their classes) and an empty `<a id>` where each anchored mark starts.
    /// - Complexity: O(n + m log m) for n bytes of text and m marks, plus the marks active at
    ///   each cut.
    public static func markup(_ text: String, _ marks: [Mark], anchorPrefix: String) -> String {
        // Cut the text at every mark boundary; each piece carries the marks covering it.
        let bytes = Array(text.utf8)
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
                    if let anchor = ordered[next].anchor { anchors += "<a id=\"\(anchorPrefix)\(anchor)\"></a>" }
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
        return body
    }

    // MARK: style and script

    public static let css = """
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
    public static let script = """
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
