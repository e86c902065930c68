import Foundation

// MARK: - Metadata

struct MetadataCollector {
    func collect(_ root: HTMLNode) -> DocumentMetadata {
        var meta: [String: String] = [:]
        var titleElement: String?
        var canonical: String?
        var timeValue: String?
        var jsonLD = DocumentMetadata()
        var stack: [HTMLNode] = [root]
        var visited = 0
        while let node = stack.popLast(), visited < 1_000_000 {
            visited += 1
            guard node.isElement else { continue }
            switch node.tag {
            case "title":
                if titleElement == nil { titleElement = node.textContent }
            case "meta":
                let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop"))?
                    .lowercased()
                if let key, let content = node.attribute("content"), meta[key] == nil { meta[key] = content }
            case "link":
                if node.attribute("rel")?.lowercased() == "canonical" { canonical = node.attribute("href") }
            case "time":
                if timeValue == nil { timeValue = node.attribute("datetime") ?? node.textContent }
            case "script":
                if node.attribute("type")?.lowercased() == "application/ld+json" {
                    jsonLD = jsonLD.filling(from: Self.readJSONLD(node.textContent))
                }
                continue
            default: break
            }
            stack.append(contentsOf: node.children.reversed())
        }
        var result = DocumentMetadata()
        result.title = clean(meta["og:title"]) ?? jsonLD.title ?? clean(meta["twitter:title"])
            ?? clean(titleElement).map(Self.stripSiteSuffix)
        result.outlet = clean(meta["og:site_name"]) ?? jsonLD.outlet ?? clean(meta["application-name"])
        result.published = (meta["article:published_time"]).flatMap(Day.init(iso:)) ?? jsonLD.published
            ?? meta["date"].flatMap(Day.init(iso:)) ?? meta["pubdate"].flatMap(Day.init(iso:))
            ?? meta["datepublished"].flatMap(Day.init(iso:)) ?? timeValue.flatMap(Self.parseTime)
        var authors = [meta["author"], meta["article:author"], meta["byl"]].compactMap(clean)
            .filter { !$0.hasPrefix("http") }
            .map { $0.hasPrefix("By ") || $0.hasPrefix("by ") ? String($0.dropFirst(3)) : $0 }
        if authors.isEmpty { authors = jsonLD.authors }
        result.authors = authors
        result.url = clean(canonical) ?? clean(meta["og:url"]) ?? jsonLD.url
        return result
    }

    private func clean(_ s: String?) -> String? {
        guard let s else { return nil }
        let collapsed = s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    /// "Headline | Site" → "Headline".
    static func stripSiteSuffix(_ title: String) -> String {
        for separator in [" | ", " – ", " — ", " :: "] {
            if let r = title.range(of: separator, options: .backwards) {
                let head = String(title[..<r.lowerBound])
                if head.count >= 10 { return head }
            }
        }
        return title
    }

    static func parseTime(_ value: String) -> Day? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return Day(iso: trimmed) ?? DateExpressions.firstDay(in: trimmed)
    }

    /// Reads a JSON-LD block: the first `NewsArticle`/`Article`-like object, also inside
    /// `@graph` or an array.
    static func readJSONLD(_ json: String) -> DocumentMetadata {
        guard let data = json.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return DocumentMetadata() }
        // (Read from a moving index: removing the first of a queue of millions of items, as
        // an array of that size holds, costs the whole queue each time.)
        var queue: [Any] = [value]
        var next = 0
        while next < queue.count, next < 10_000 {
            let item = queue[next]
            next += 1
            if let array = item as? [Any] {
                queue.append(contentsOf: array)
                continue
            }
            guard let object = item as? [String: Any] else { continue }
            if let graph = object["@graph"] { queue.append(graph) }
            let types: [String] = (object["@type"] as? String).map { [$0] } ?? (object["@type"] as? [String] ?? [])
            guard types.contains(where: { $0.hasSuffix("Article") || $0 == "Report" || $0 == "BlogPosting" })
            else { continue }
            var meta = DocumentMetadata()
            meta.title = (object["headline"] as? String) ?? (object["name"] as? String)
            meta.published = (object["datePublished"] as? String).flatMap(Day.init(iso:))
            meta.authors = names(object["author"])
            meta.outlet = names(object["publisher"]).first
            meta.url = (object["url"] as? String) ?? (object["mainEntityOfPage"] as? String)
            return meta
        }
        return DocumentMetadata()
    }

    private static func names(_ value: Any?) -> [String] {
        if let s = value as? String { return [s] }
        if let o = value as? [String: Any], let n = o["name"] as? String { return [n] }
        if let a = value as? [Any] { return a.flatMap { names($0) } }
        return []
    }
}
