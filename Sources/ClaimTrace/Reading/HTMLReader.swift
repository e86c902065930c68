import CHTMLShim
import Foundation

/// Renders an HTML page to clean text with paragraph structure, through libxml2's HTML parser,
/// and reads the page's metadata (`<title>`, `og:`/`article:` meta, `<time>`, JSON-LD).
public struct HTMLReader: Sendable {
    public init() {}

    /// The rendered page.
    public struct Page: Sendable {
        public var text: String
        public var metadata: DocumentMetadata
        public var hints: ReaderHints
        /// What was dropped before parsing, in words (attributes over ``HTMLReader/maxAttributes``).
        public var warnings: [String] = []
    }

    /// Most attributes read on one element. libxml2 compares each attribute's name with every
    /// earlier one of its element, so n attributes take O(n²): 100,000 of them on one tag held
    /// the parser for minutes. Real elements carry a few dozen at most; the rest are dropped
    /// before parsing, with a warning.
    public static let maxAttributes = 256

    /// Parses `html` (already decoded text). Malformed markup is repaired, never fatal.
    /// - Complexity: O(n) in the size of the page.
    public func read(_ html: String) -> Page {
        var source = html
        var dropped = 0
        let document: OpaquePointer? = source.withUTF8 { buffer in
            var capped = Self.capAttributes(buffer, at: Self.maxAttributes)
            dropped = capped.dropped
            func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> OpaquePointer? {
                bytes.withMemoryRebound(to: CChar.self) { ct_html_parse($0.baseAddress, Int32(clamping: $0.count)) }
            }
            guard capped.dropped > 0 else { return parse(buffer) }
            return capped.bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
        }
        var warnings: [String] = []
        if dropped > 0 {
            warnings.append(
                "\(dropped) HTML attribute\(dropped == 1 ? "" : "s") dropped before parsing (over \(Self.maxAttributes) on one element)")
        }
        guard let document, let root = ct_html_root(document).map(HTMLNode.init) else {
            if let document { ct_html_free(document) }
            return Page(text: "", metadata: DocumentMetadata(), hints: ReaderHints(), warnings: warnings)
        }
        defer { ct_html_free(document) }
        var renderer = Renderer()
        renderer.render(root)
        var metadata = MetadataCollector().collect(root)
        if metadata.title == nil, let h1 = renderer.firstH1 { metadata.title = h1 }
        return Page(text: renderer.text, metadata: metadata, hints: renderer.hints, warnings: warnings)
    }

    /// The page without the attributes past the `limit`th of each element, and how many were
    /// dropped (the bytes are only copied when some are). A light tokenizer, as libxml2 reads
    /// a start tag: `<` and a letter open it; attributes are separated by white space, a value
    /// follows `=` quoted or up to white space or `>`; `>` outside a quoted value ends the tag.
    /// Comments, `<!...>`, `<?...>` and the raw text of `script`, `style`, `textarea`, `title`
    /// and the like are passed over.
    /// - Complexity: O(n).
    static func capAttributes(_ b: UnsafeBufferPointer<UInt8>, at limit: Int) -> (bytes: [UInt8], dropped: Int) {
        let n = b.count
        var out: [UInt8] = []
        var copied = 0  // bytes before this offset are in `out` (once copying has begun)
        var dropped = 0
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C }
        func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        /// The offset after the first occurrence of `needle` (ASCII, matched without case) at or
        /// after `i`; when there is none, `i` (the scan goes on from there, so that a comment
        /// or script left open cannot hide an element of a million attributes).
        /// (Where each needle was last sought in vain: it is absent from there on, and is not
        /// sought again, so a page of unclosed comments is read once, not once per comment.)
        var absentFrom: [[UInt8]: Int] = [:]
        func skip(past needle: [UInt8], from i: Int) -> Int {
            if let absent = absentFrom[needle], absent <= i { return i }
            var k = i
            while k + needle.count <= n {
                var m = 0
                while m < needle.count, b[k + m] | (isLetter(needle[m]) ? 0x20 : 0) == needle[m] { m += 1 }
                if m == needle.count { return k + needle.count }
                k += 1
            }
            absentFrom[needle] = i
            return i
        }
        let rawText: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"]
        var i = 0
        while i < n {
            guard b[i] == UInt8(ascii: "<"), i + 1 < n else {
                i += 1
                continue
            }
            let c = b[i + 1]
            if c == UInt8(ascii: "!") {
                i = i + 3 < n && b[i + 2] == UInt8(ascii: "-") && b[i + 3] == UInt8(ascii: "-")
                    ? skip(past: Array("-->".utf8), from: i + 4) : skip(past: [UInt8(ascii: ">")], from: i + 2)
                continue
            }
            if c == UInt8(ascii: "?") {
                i = skip(past: [UInt8(ascii: ">")], from: i + 2)
                continue
            }
            guard isLetter(c) else {
                i += 1
                continue
            }
            // The tag's name, then its attributes.
            var k = i + 1
            while k < n, !isBlank(b[k]), b[k] != UInt8(ascii: ">"), b[k] != UInt8(ascii: "/") { k += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<k]), as: UTF8.self).lowercased()
            var count = 0
            while k < n {
                let previousEnd = k  // a dropped attribute goes with the white space before it
                while k < n, isBlank(b[k]) || (b[k] == UInt8(ascii: "/") && !(k + 1 < n && b[k + 1] == UInt8(ascii: ">"))) { k += 1 }
                guard k < n, b[k] != UInt8(ascii: ">"), b[k] != UInt8(ascii: "/") else { break }
                let start = k
                while k < n, !isBlank(b[k]), b[k] != UInt8(ascii: ">"), b[k] != UInt8(ascii: "="),
                    !(b[k] == UInt8(ascii: "/") && k + 1 < n && b[k + 1] == UInt8(ascii: ">"))
                {
                    k += 1
                }
                var v = k
                while v < n, isBlank(b[v]) { v += 1 }
                if v < n, b[v] == UInt8(ascii: "=") {
                    v += 1
                    while v < n, isBlank(b[v]) { v += 1 }
                    if v < n, b[v] == UInt8(ascii: "\"") || b[v] == UInt8(ascii: "'") {
                        let quote = b[v]
                        v += 1
                        while v < n, b[v] != quote { v += 1 }
                        k = min(n, v + 1)
                    } else {
                        while v < n, !isBlank(b[v]), b[v] != UInt8(ascii: ">") { v += 1 }
                        k = v
                    }
                }
                if k == start { k += 1 }  // a stray byte: step over it
                count += 1
                if count > limit {
                    // Drop this attribute: copy what precedes it, skip it.
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<previousEnd]))
                    copied = k
                    dropped += 1
                }
            }
            i = k
            if rawText.contains(name) { i = skip(past: Array("</\(name)".utf8), from: i) }
        }
        guard dropped > 0 else { return ([], 0) }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<n]))
        return (out, dropped)
    }
}

// MARK: - DOM helpers

/// A node of a parsed page (valid while its document lives).
struct HTMLNode: Equatable {
    let raw: UnsafeRawPointer

    init(_ raw: UnsafeRawPointer) { self.raw = raw }

    var isElement: Bool { ct_html_kind(raw) == Int32(CT_NODE_ELEMENT) }
    var isText: Bool { ct_html_kind(raw) == Int32(CT_NODE_TEXT) }

    /// Lower-case element name.
    var tag: String { ct_html_name(raw).map { String(cString: $0).lowercased() } ?? "" }

    /// A text node's bytes.
    var textBytes: UnsafeBufferPointer<UInt8>? {
        guard let text = ct_html_text(raw) else { return nil }
        return UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
    }

    func attribute(_ name: String) -> String? { ct_html_attribute(raw, name).map { String(cString: $0) } }

    var children: [HTMLNode] {
        var out: [HTMLNode] = []
        var child = ct_html_first_child(raw)
        while let c = child {
            out.append(HTMLNode(c))
            child = ct_html_next_sibling(c)
        }
        return out
    }

    /// The concatenated text of the subtree (bounded by an explicit stack, not recursion).
    var textContent: String {
        var out: [UInt8] = []
        var stack: [HTMLNode] = [self]
        while let node = stack.popLast() {
            if let bytes = node.textBytes {
                out.append(contentsOf: bytes)
            } else if node.isElement {
                stack.append(contentsOf: node.children.reversed())
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - Rendering

private struct Renderer {
    private static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "form",
        "button", "select", "input", "textarea", "head", "link", "meta", "video", "audio", "map",
    ]
    private static let blocks: Set<String> = [
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "h1", "h2", "h3", "h4",
        "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "figure",
        "figcaption", "address", "fieldset", "details", "summary", "body", "html", "caption", "hgroup",
    ]
    /// Generic class/id words that mark page furniture, not site names.
    private static let furnitureWords: [(word: String, kind: BoilerplateKind)] = [
        ("breadcrumb", .breadcrumb), ("share", .share), ("social", .share), ("related", .related),
        ("recommend", .related), ("comment", .prompt), ("newsletter", .prompt), ("subscribe", .prompt),
        ("donat", .prompt), ("advert", .advert), ("sponsor", .advert), ("promo", .advert),
        ("sidebar", .navigation), ("menu", .navigation), ("footer", .copyright), ("copyright", .copyright),
        ("author-bio", .authorBox), ("author-box", .authorBox), ("about-author", .authorBox),
        ("disclaimer", .disclaimer), ("caption", .imageCredit), ("credit", .imageCredit),
        ("cookie", .prompt), ("tags", .taxonomy), ("categories", .taxonomy),
    ]

    var builder = TextBuilder()
    var hints = ReaderHints()
    var firstH1: String?
    private var mainRange: TextRange?
    private var furnitureDepth = 0

    private(set) var text = ""

    private enum Step {
        case enter(HTMLNode)
        case exit(HTMLNode, start: Int, furniture: BoilerplateKind?, isBlock: Bool)
    }

    mutating func render(_ root: HTMLNode) {
        var stack: [Step] = [.enter(root)]
        var insideArticle = 0
        while let step = stack.popLast() {
            switch step {
            case .enter(let node):
                if let bytes = node.textBytes {
                    builder.appendInline(bytes)
                    continue
                }
                guard node.isElement else { continue }
                let tag = node.tag
                if Self.skipped.contains(tag) { continue }
                switch tag {
                case "br":
                    builder.breakLine()
                    continue
                case "hr":
                    builder.breakBlock()
                    hints.sectionBreaks.append(builder.offset)
                    continue
                case "img":
                    continue
                case "pre":
                    builder.breakBlock()
                    let start = builder.offset
                    builder.appendVerbatim(Array(node.textContent.utf8))
                    if builder.offset > start { builder.breakBlock() }
                    continue
                default: break
                }
                let isBlock = Self.blocks.contains(tag)
                if isBlock { builder.breakBlock() }
                if tag == "article" || tag == "main" || node.attribute("role") == "main" { insideArticle += 1 }
                let kind = furnitureDepth == 0 ? furnitureKind(node, tag: tag, insideArticle: insideArticle > 0) : nil
                if kind != nil { furnitureDepth += 1 }
                let start = tag == "a" || tag.first == "h" ? builder.nextTextOffset : builder.offset
                stack.append(.exit(node, start: start, furniture: kind, isBlock: isBlock))
                for c in node.children.reversed() { stack.append(.enter(c)) }

            case .exit(let node, let start, let furniture, let isBlock):
                let tag = node.tag
                let end = builder.offset
                if tag == "a", end > start { hints.links.append(TextRange(start, end)) }
                if tag.count == 2, tag.first == "h", let level = tag.last, ("1"..."6").contains(level), end > start {
                    hints.headings.append(TextRange(start, end))
                    if tag == "h1", firstH1 == nil {
                        firstH1 = node.textContent.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    }
                }
                if tag == "article" || tag == "main" || node.attribute("role") == "main" {
                    insideArticle -= 1
                    if mainRange == nil, end > start { mainRange = TextRange(start, end) }
                }
                if let furniture {
                    furnitureDepth -= 1
                    if end > start { hints.furniture.append(ExcludedRegion(TextRange(start, end), furniture)) }
                }
                if isBlock { builder.breakBlock() }
            }
        }
        let text = builder.finish()
        let total = text.utf8.count
        // Text outside <article>/<main> is page furniture when the page declares its main part.
        if let main = mainRange {
            if main.start > 0 { hints.furniture.append(ExcludedRegion(TextRange(0, min(main.start, total)), .navigation)) }
            if main.end < total { hints.furniture.append(ExcludedRegion(TextRange(main.end, total), .navigation)) }
        }
        hints.furniture = hints.furniture.map {
            ExcludedRegion(TextRange(min($0.range.start, total), min($0.range.end, total)), $0.kind)
        }.filter { !$0.range.isEmpty }
        hints.links = hints.links.filter { $0.end <= total }
        hints.headings = hints.headings.filter { $0.end <= total }
        hints.sectionBreaks = hints.sectionBreaks.filter { $0 <= total }
        self.text = text
    }

    private func furnitureKind(_ node: HTMLNode, tag: String, insideArticle: Bool) -> BoilerplateKind? {
        switch tag {
        case "nav": return .navigation
        case "aside": return .related
        case "footer": return insideArticle ? nil : .copyright
        case "header": return insideArticle ? nil : .navigation
        case "figcaption": return .imageCredit
        default: break
        }
        switch node.attribute("role") {
        case "navigation", "menu", "menubar": return .navigation
        case "contentinfo": return .copyright
        case "complementary": return .related
        default: break
        }
        let names = Array(((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).lowercased().utf8)
        guard names.count > 1 else { return nil }
        for token in names.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }) {
            for (word, kind) in Self.furnitureWordBytes where Self.contains(token, word) {
                // "article-header", "entry-content" and the like are content, not furniture.
                if Self.contentWords.contains(where: { Self.contains(token, $0) }) { continue }
                return kind
            }
        }
        return nil
    }

    private static let furnitureWordBytes = furnitureWords.map { (Array($0.word.utf8), $0.kind) }
    private static let contentWords = ["content", "body", "article"].map { Array($0.utf8) }

    /// Whether `word` occurs in `token`, byte for byte (class names are short: a plain scan).
    private static func contains(_ token: ArraySlice<UInt8>, _ word: [UInt8]) -> Bool {
        guard word.count <= token.count else { return false }
        var i = token.startIndex
        while i + word.count <= token.endIndex {
            if token[i] == word[0], token[i..<i + word.count].elementsEqual(word) { return true }
            i += 1
        }
        return false
    }
}

// MARK: - Metadata

private struct MetadataCollector {
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
