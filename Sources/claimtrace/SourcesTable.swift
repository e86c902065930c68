import ClaimTrace

/// A short who-said-what table for one document, for `analyze --show sources`.
struct SourcesTable {
    let text: String

    init(_ document: AnalyzedDocument) {
        var lines: [String] = []
        let meta = document.metadata
        var heading = "== \(document.id)"
        if let title = meta.title { heading += " — \(title)" }
        lines.append(heading)
        var facts: [String] = []
        if let outlet = meta.outlet { facts.append(outlet) }
        if let day = meta.published { facts.append(day.description) }
        if !meta.authors.isEmpty { facts.append("by " + meta.authors.joined(separator: ", ")) }
        if let original = meta.originalSource { facts.append("originally published at \(original)") }
        if !facts.isEmpty { lines.append("   " + facts.joined(separator: " · ")) }
        if document.attributions.isEmpty { lines.append("   (no reported statements found)") }
        func clip(_ s: String, _ width: Int) -> String {
            let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ")
            return flat.count <= width ? flat : String(flat.prefix(width - 1)) + "…"
        }
        for a in document.attributions {
            let source = a.speaker.map { clip(document.substring($0), 38) } ?? "—"
            let kind = a.sourceKind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            let cue = clip(document.substring(a.cue), 14).padding(toLength: 14, withPad: " ", startingAt: 0)
            lines.append(
                "   \(kind) \(source.padding(toLength: 38, withPad: " ", startingAt: 0)) \(cue) \(clip(document.substring(a.content), 70))")
        }
        text = lines.joined(separator: "\n") + "\n"
    }
}
