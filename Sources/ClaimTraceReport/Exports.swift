public import ClaimTrace

/// CSV tables (claims, attributions, entities, findings) and the provenance graph as GraphML.
///
/// CSV follows RFC 4180 (comma-separated, CRLF line ends, fields quoted when they hold a comma,
/// quote or line break, quotes doubled). A cell of corpus text that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return is prefixed with `'`, so a spreadsheet never runs it as a
/// formula. Offsets are Unicode scalar offsets, as in the JSON report.
public enum CSVExport {
    public static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    public static let attributionHeader = row([
        "document", "statement", "source", "source_start", "source_end", "antecedent", "source_kind", "entity", "cue", "cue_start",
        "cue_end", "content", "content_start", "content_end", "direct", "venue", "date",
    ])

    /// Rows for one document's attributions.
    public static func attributionRows(_ d: AnalyzedDocument) -> String {
        let offsets = ScalarOffsets(d.document.text)
        var out = ""
        for (i, a) in d.attributions.enumerated() {
            func part(_ range: TextRange?) -> [String] {
                guard let range else { return ["", "", ""] }
                let (s, e) = offsets.scalars(range)
                return [d.substring(range), String(s), String(e)]
            }
            let entity = d.entities.attributionEntity[safe: i].flatMap { $0 }.map { d.entities.entities[$0].name } ?? ""
            let source = part(a.source), cue = part(a.cue), content = part(a.content)
            out += row(
                [d.id, "a\(i + 1)"] + source + [a.antecedent.map(d.substring) ?? "", a.sourceKind.rawValue, entity] + cue + content
                    + [a.direct ? "yes" : "no", a.venue.map(d.substring) ?? "", a.date?.description ?? ""])
        }
        return out
    }

    /// The claims table, handed to `write` row by row, so that a large corpus's table is never
    /// held whole.
    public static func claims(_ corpus: some CorpusOutput, write: (String) throws -> Void) rethrows {
        try write(row([
            "claim", "label", "documents", "outlets", "independent_sources", "sources", "flags", "first_seen", "members",
        ]))
        try corpus.forEachClaim { c in
            try write(row([
                c.id, c.label, String(c.documents.count), c.outlets.joined(separator: "; "), String(c.independentSources),
                c.sources.map { "\($0.text) (\($0.sourceKind.rawValue))" }.joined(separator: "; "),
                c.flags.joined(separator: "; "), c.firstSeen ?? "",
                c.members.map { "\($0.at.document)@\($0.at.start)-\($0.at.end)" }.joined(separator: "; "),
            ]))
        }
    }

    /// The entities table, handed to `write` row by row.
    public static func entities(_ corpus: some CorpusOutput, write: (String) throws -> Void) rethrows {
        try write(row(["entity", "name", "type", "country", "aliases", "roles", "documents", "merges"]))
        try corpus.forEachEntity { e, _ in
            try write(row([
                e.id, e.name, e.type.rawValue, e.country ?? "", e.aliases.joined(separator: "; "),
                e.roles.joined(separator: "; "), String(e.documents.count), e.merges.joined(separator: "; "),
            ]))
        }
    }

    /// The findings table, handed to `write` row by row.
    public static func findings(_ corpus: some CorpusOutput, write: (String) throws -> Void) rethrows {
        try write(row(["kind", "message", "document", "start", "end", "text", "related"]))
        for f in corpus.findings {
            try write(row([
                f.kind.rawValue, f.message, f.at.document, String(f.at.start), String(f.at.end), f.at.text,
                f.related.map { "\($0.document)@\($0.start)-\($0.end): \($0.text)" }.joined(separator: " | "),
            ]))
        }
    }
}

/// The provenance graph (original sources → claims → articles → outlets, and republication
/// edges between articles) as GraphML, which Gephi and yEd open: every node has a `type` and a
/// `label`, sources a `sourceKind`, edges a `relation`.
public enum GraphMLExport {
    /// What the graph needs of each document.
    public struct Article: Sendable {
        public var id: String
        public var title: String?
        public var outlet: String?
        public init(id: String, title: String?, outlet: String?) {
            self.id = id
            self.title = title
            self.outlet = outlet
        }
    }

    /// XML text: the HTML escaping (valid XML entities), with the control characters XML 1.0
    /// forbids even escaped turned into spaces.
    static func xml(_ text: String) -> String {
        var clean = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let forbidden = scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r"
            clean.append(forbidden ? " " : scalar)
        }
        return HTMLReport.escape(String(clean))
    }

    /// The provenance graph, handed to `write` a line at a time (a node or an edge), so that
    /// the whole graph is never one string. Memory keeps each node's id by key.
    public static func graph(articles: [Article], corpus: some CorpusOutput, write: (String) throws -> Void) rethrows {
        try write(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
              <key id="type" for="node" attr.name="type" attr.type="string"/>
              <key id="label" for="node" attr.name="label" attr.type="string"/>
              <key id="sourceKind" for="node" attr.name="sourceKind" attr.type="string"/>
              <key id="documents" for="node" attr.name="documents" attr.type="int"/>
              <key id="relation" for="edge" attr.name="relation" attr.type="string"/>
              <graph id="provenance" edgedefault="directed">

            """)
        var nodeCount = 0
        var ids: [String: String] = [:]
        func node(_ key: String, type: String, label: String, extra: String = "") throws -> String {
            if let id = ids[key] { return id }
            nodeCount += 1
            let id = "n\(nodeCount)"
            ids[key] = id
            try write("    <node id=\"\(id)\"><data key=\"type\">\(type)</data><data key=\"label\">\(xml(label))</data>\(extra)</node>\n")
            return id
        }
        var edgeCount = 0
        func edge(_ a: String, _ b: String, _ relation: String) throws {
            edgeCount += 1
            try write("    <edge id=\"e\(edgeCount)\" source=\"\(a)\" target=\"\(b)\"><data key=\"relation\">\(relation)</data></edge>\n")
        }
        let byId = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func article(_ document: String) throws -> String {
            let a = byId[document]
            let id = try node("article\u{0}" + document, type: "article", label: a?.title ?? document)
            let outlet = a?.outlet ?? "(no outlet)"
            if ids["outlet\u{0}" + outlet] == nil {
                _ = try node("outlet\u{0}" + outlet, type: "outlet", label: outlet)
            }
            return id
        }
        var published: Set<String> = []
        try corpus.forEachClaim { claim in
            let c = try node("claim\u{0}" + claim.id, type: "claim", label: claim.label, extra: "<data key=\"documents\">\(claim.documents.count)</data>")
            for s in claim.sources {
                let key = "source\u{0}" + (s.entity ?? s.voice + "\u{0}" + s.text)
                let source = try node(key, type: "source", label: s.displayName, extra: "<data key=\"sourceKind\">\(s.sourceKind.rawValue)</data>")
                try edge(source, c, "source-of")
            }
            for d in claim.documents {
                let a = try article(d)
                try edge(c, a, "told-in")
                if !published.contains(d) {
                    published.insert(d)
                    try edge(a, ids["outlet\u{0}" + (byId[d]?.outlet ?? "(no outlet)")]!, "published-by")
                }
            }
        }
        try corpus.forEachDuplicate { pair in
            let (copy, original) = pair.original == pair.a ? (pair.b, pair.a) : (pair.a, pair.b)
            let a = try article(copy), b = try article(original)
            for d in [copy, original] where !published.contains(d) {
                published.insert(d)
                try edge(ids["article\u{0}" + d]!, ids["outlet\u{0}" + (byId[d]?.outlet ?? "(no outlet)")]!, "published-by")
            }
            try edge(a, b, pair.kind == .republication ? "republishes" : "near-duplicate-of")
        }
        try write("  </graph>\n</graphml>\n")
    }
}

extension ClaimSource {
    /// The source as shown: the author of an unsourced claim is named by outlet.
    var displayName: String {
        voice.hasPrefix("author:") ? "the author (" + voice.dropFirst("author:".count) + ")" : text
    }
}
