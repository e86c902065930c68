import CHTMLShim
import Foundation

// MARK: - Metadata

/// Reads a web page's metadata from its markup: title, authors, published and modified dates,
/// outlet, canonical URL and language.
///
/// Markup comes first (Open Graph and `article:` meta, JSON-LD, `<time>`, `rel=author`,
/// `itemprop`), then the visible byline in the article's header: the part of the page from the
/// headline to the first long paragraph, so that bylines and dates of teasers, comments and
/// author boxes elsewhere on the page are not taken for the article's.
struct MetadataCollector {
    /// Most elements walked.
    static let maxElements = 1_000_000
    /// Most bytes of one JSON-LD block, and of all of them, that are parsed.
    static let maxJSONLDBytes = 1 << 20
    static let maxJSONLDTotal = 4 << 20
    /// Deepest nesting of a JSON-LD block that is parsed (the parser recurses).
    static let maxJSONLDDepth = 64
    /// Most JSON-LD objects and array items looked at, over all blocks.
    static let maxJSONLDItems = 10_000
    /// Most elements after the headline that count as the article's header.
    static let headerElements = 600
    /// A paragraph this long (in characters) starts the article's body, ending its header.
    static let bodyParagraphLength = 200
    /// Most of each kind of element kept for later (headings, times, bylines).
    static let maxKept = 200
    /// Most short texts (of headings, bylines, dates, paragraphs) read from one page; each
    /// reads at most a few thousand nodes.
    static let maxReads = 5_000

    private struct Seen {
        var order: Int
        var text: String
        var flag = false
        /// (Of a `<time>`: its class says it is the publication date, "published", "entry-date".)
        var published = false
    }

    /// The page's metadata; `pageURL`, when known, resolves a relative canonical link.
    /// - Complexity: O(n) in the size of the page; JSON-LD is read up to ``maxJSONLDTotal``
    ///   bytes and ``maxJSONLDItems`` items.
    func collect(_ root: HTMLNode, pageURL: String? = nil) -> DocumentMetadata {
        var meta: [String: String] = [:]
        var htmlLang: String?
        var titleElement: String?
        var canonical: String?
        var headings: [Seen] = []
        var times: [Seen] = []  // flag: the element says it is an update
        var relAuthors: [Seen] = []
        var itempropAuthors: [Seen] = []
        var classBylines: [Seen] = []
        var visibleBylines: [Seen] = []
        var classDates: [Seen] = []
        var bodyStarts: [Int] = []
        var jsonLD: [String] = []
        var jsonLDBytes = 0

        enum Step {
            case enter(HTMLNode)
            case exit(comment: Bool)
        }
        // Short texts read for headings, bylines and dates, over the whole walk.
        var reads = 0
        func short(_ node: HTMLNode, atMost limit: Int) -> String? {
            guard reads < Self.maxReads else { return nil }
            reads += 1
            return Self.shortText(node, atMost: limit)
        }
        var stack: [Step] = [.enter(root)]
        var order = 0
        var commentDepth = 0
        while let step = stack.popLast(), order < Self.maxElements {
            guard case .enter(let node) = step else {
                if case .exit(comment: true) = step { commentDepth -= 1 }
                continue
            }
            guard node.isElement else { continue }
            order += 1
            let tag = node.tag
            switch tag {
            case "script":
                if node.attribute("type")?.lowercased().hasPrefix("application/ld+json") == true, jsonLDBytes < Self.maxJSONLDTotal {
                    let text = node.textContent
                    jsonLDBytes += text.utf8.count
                    if text.utf8.count <= Self.maxJSONLDBytes { jsonLD.append(text) }
                }
                continue
            case "style", "template", "svg", "noscript":
                continue
            case "html":
                if htmlLang == nil { htmlLang = node.attribute("lang") ?? node.attribute("xml:lang") }
            case "title":
                if titleElement == nil { titleElement = node.textContent }
            case "meta":
                let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop")
                    ?? node.attribute("http-equiv"))?.lowercased()
                if let key, let content = node.attribute("content"), meta[key] == nil, Self.clean(content) != nil {
                    meta[key] = content
                }
                continue
            case "link":
                let rel = node.attribute("rel")?.lowercased().split(separator: " ") ?? []
                if rel.contains("canonical"), canonical == nil { canonical = node.attribute("href") }
                continue
            case "h1", "h2", "h3":
                if headings.count < Self.maxKept, let text = Self.clean(short(node, atMost: 1_000)) {
                    headings.append(Seen(order: order, text: text, flag: tag == "h1"))
                }
            case "time":
                if times.count < Self.maxKept, commentDepth == 0,
                    let value = Self.clean(node.attribute("datetime")) ?? Self.clean(short(node, atMost: 300))
                {
                    let names = ByteSearch.asciiLowercased(node.attribute("class") ?? "")
                    times.append(
                        Seen(
                            order: order, text: value,
                            flag: ByteSearch.contains(names, "updated") || ByteSearch.contains(names, "modified"),
                            published: ByteSearch.contains(names, "publish") || ByteSearch.contains(names, "entry-date")))
                }
            case "p":
                if bodyStarts.count < Self.maxKept, commentDepth == 0,
                    reads < Self.maxReads, short(node, atMost: Self.bodyParagraphLength - 1) == nil
                {
                    bodyStarts.append(order)
                }
            default: break
            }
            let kids = node.children
            let classes = node.attribute("class")
            let id = node.attribute("id")
            let names = classes == nil && id == nil ? [] : ByteSearch.asciiLowercased((classes ?? "") + " " + (id ?? ""))
            func has(_ word: StaticString) -> Bool { ByteSearch.contains(names, word) }
            let isComment = !names.isEmpty && has("comment")
            if commentDepth == 0 {
                if tag == "a", node.attribute("rel")?.lowercased().split(separator: " ").contains("author") == true,
                    relAuthors.count < Self.maxKept, let text = Self.clean(short(node, atMost: 300))
                {
                    relAuthors.append(Seen(order: order, text: text))
                }
                switch node.attribute("itemprop")?.lowercased() {
                case "author", "creator":
                    if itempropAuthors.count < Self.maxKept, reads < Self.maxReads,
                        let name = Self.clean(node.attribute("content")) ?? Self.itempropName(node) ?? Self.clean(short(node, atMost: 300))
                    {
                        itempropAuthors.append(Seen(order: order, text: name))
                    }
                case "datepublished":
                    if meta["itemprop:datepublished"] == nil {
                        meta["itemprop:datepublished"] = node.attribute("datetime") ?? node.attribute("content") ?? short(node, atMost: 300)
                    }
                case "datemodified":
                    if meta["itemprop:datemodified"] == nil {
                        meta["itemprop:datemodified"] = node.attribute("datetime") ?? node.attribute("content") ?? short(node, atMost: 300)
                    }
                default: break
                }
                if classBylines.count < Self.maxKept, !names.isEmpty, has("byline") || has("author"),
                    !Self.authorBoxWords.contains(where: { ByteSearch.contains(names, $0) }), let text = Self.clean(short(node, atMost: 600)),
                    text.count <= 300
                {
                    classBylines.append(Seen(order: order, text: text))
                }
                if classDates.count < Self.maxKept, !names.isEmpty, has("date") || has("publish"),
                    let text = Self.clean(short(node, atMost: 300)), text.count <= 100
                {
                    classDates.append(Seen(order: order, text: text))
                }
                if visibleBylines.count < Self.maxKept, kids.contains(where: Self.isCue),
                    let text = Self.clean(short(node, atMost: 600)), text.count <= 300
                {
                    visibleBylines.append(Seen(order: order, text: text))
                }
            }
            if isComment { commentDepth += 1 }
            stack.append(.exit(comment: isComment))
            for child in kids.reversed() { stack.append(.enter(child)) }
        }

        let ld = Self.readJSONLD(jsonLD)
        var result = DocumentMetadata()

        // Canonical URL.
        let ogURL = Self.clean(meta["og:url"])
        if var link = Self.clean(canonical) {
            if link.hasPrefix("//") { link = "https:" + link }  // protocol-relative: the web's default
            let base = (ogURL ?? pageURL).flatMap { URL(string: $0) }
            if let resolved = URL(string: link, relativeTo: base)?.absoluteURL.absoluteString,
                resolved.hasPrefix("http://") || resolved.hasPrefix("https://")
            {
                result.url = resolved
            }
        }
        result.url = result.url ?? ogURL ?? ld.url

        // Title, and the site's name as the page's own <title> gives it.
        let pageTitle = Self.clean(titleElement)
        let firstH1 = headings.first(where: \.flag)?.text
        var title = Self.clean(meta["og:title"]) ?? ld.headline ?? Self.clean(meta["twitter:title"])
        let fromMarkup = title != nil
        title = title ?? firstH1 ?? pageTitle
        var titleSite: String?
        if let title, let pageTitle, pageTitle != title {
            titleSite = Self.siteAround(title, in: pageTitle)
        }
        let host = Self.host(of: result.url)
        let sites = [Self.clean(meta["og:site_name"]), ld.publisher, Self.clean(meta["application-name"]), titleSite, ld.siteName, host]
            .compactMap { $0 }
        if var found = title {
            found = Self.strippingSite(found, sites: sites)
            if !fromMarkup, found == pageTitle {
                if let h1 = firstH1, found.hasPrefix(h1) { found = h1 } else { found = Self.stripSiteSuffix(found) }
            }
            // The page's own heading, when it is the same title (its quotes and spacing as shown).
            let key = Self.looseKey(found)
            result.title = headings.first(where: { Self.looseKey($0.text) == key })?.text ?? found
        }

        // Outlet.
        // (Not the host: the pipeline falls back to it when the text names no outlet either.)
        result.outlet = [Self.clean(meta["og:site_name"]), ld.publisher, Self.clean(meta["application-name"]), titleSite, ld.siteName]
            .lazy.compactMap { $0 }.first { !$0.contains("://") }

        // The article's header: from the heading that shows the title to the first long paragraph.
        let titleKey = result.title.map(Self.looseKey) ?? ""
        let headerStart = headings.first(where: {
            let k = Self.looseKey($0.text)
            return !titleKey.isEmpty && (k == titleKey || k.contains(titleKey) || (k.count >= 20 && titleKey.contains(k)))
        })?.order ?? headings.first(where: \.flag)?.order ?? 0
        let headerEnd = min(headerStart + Self.headerElements, bodyStarts.first(where: { $0 > headerStart }) ?? Int.max)
        let header = headerStart...max(headerStart, headerEnd)

        // Authors: JSON-LD, meta, rel=author, itemprop=author, a byline class, the visible byline.
        let siteKeys = Self.siteKeys(sites)
        // A meta author that names the site in one of its parts ("SPIEGEL ONLINE, Hamburg,
        // Germany") is the organisation, not a person.
        let metaAuthors = ["author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author", "cxenseparse:author"]
            .compactMap { meta[$0] }
            .filter { value in
                !value.split(separator: ",").contains { part in
                    let key = Self.letters(part.trimmingCharacters(in: .whitespaces)[...])
                    return key.count >= 3 && siteKeys.contains { key.hasPrefix($0) || $0.hasPrefix(key) }
                }
            }
        let sources: [[String]] = [
            ld.authors,
            metaAuthors,
            relAuthors.filter { header.contains($0.order) }.map(\.text),
            itempropAuthors.filter { header.contains($0.order) }.map(\.text),
            classBylines.filter { header.contains($0.order) }.prefix(1).map(\.text),
            visibleBylines.filter { header.contains($0.order) }.prefix(1).map(\.text),
        ]
        for source in sources {
            let names = Self.authorNames(source, siteKeys: siteKeys)
            if !names.isEmpty {
                result.authors = names
                break
            }
        }

        // Dates.
        let headerTimes = times.filter { header.contains($0.order) }
        let publishedMarkup: [String?] = [
            meta["article:published_time"], ld.published, meta["datepublished"], meta["itemprop:datepublished"], meta["date"],
            meta["pubdate"], meta["publishdate"], meta["dc.date.issued"], meta["dc.date"], meta["sailthru.date"],
            meta["parsely-pub-date"], meta["cxenseparse:publishtime"],
        ]
        let publishedShown: [String?] = [
            headerTimes.first(where: { !$0.flag })?.text, times.first(where: { !$0.flag && $0.published })?.text,
        ]
        let headerDates: [String?] = classDates.filter { header.contains($0.order) }.map(\.text)
        result.published = Self.firstDay(publishedMarkup + publishedShown + headerDates)
        let modifiedMarkup: [String?] = [
            meta["article:modified_time"], ld.modified, meta["datemodified"], meta["itemprop:datemodified"],
            meta["og:updated_time"], meta["last-modified"], times.first(where: \.flag)?.text,
        ]
        result.modified = Self.firstDay(modifiedMarkup)

        // Language.
        result.language = [htmlLang, meta["og:locale"], meta["content-language"], meta["language"], meta["dc.language"], ld.language]
            .lazy.compactMap { $0.flatMap(Self.languageTag) }.first
        return result
    }

    // MARK: Titles and sites

    /// A page's host name without "www." ("https://www.example.org/a" → "example.org"): the
    /// outlet of a page that names none, in markup or in its text.
    static func host(of url: String?) -> String? {
        url.flatMap { URL(string: $0)?.host }.map { $0.hasPrefix("www.") ? String($0.dropFirst(4)) : $0 }
    }

    /// Separators between a headline and the site's name in a `<title>`.
    static let separators = [" | ", " – ", " — ", " - ", " :: ", " · ", " » "]

    /// "Headline | Site" → "Headline" (a `<title>` with nothing else to go by).
    static func stripSiteSuffix(_ title: String) -> String {
        for separator in [" | ", " – ", " — ", " :: "] {
            if let r = title.range(of: separator, options: .backwards) {
                let head = String(title[..<r.lowerBound])
                if head.count >= 10 { return head }
            }
        }
        return title
    }

    /// The site's name in a `<title>` that is the headline with the site around it
    /// ("Headline - Section - Site" → "Site", "Site | Headline" → "Site"), else nil.
    static func siteAround(_ headline: String, in pageTitle: String) -> String? {
        func segments(_ s: Substring) -> [Substring] {
            var parts: [Substring] = [s]
            for separator in separators {
                parts = parts.flatMap { $0.split(separator: separator, omittingEmptySubsequences: true) }
            }
            return parts.map { $0.trimmingCharacters(in: .whitespaces)[...] }.filter { !$0.isEmpty }
        }
        if pageTitle.hasPrefix(headline), let last = segments(pageTitle.dropFirst(headline.count)).last {
            return String(last)
        }
        if pageTitle.hasSuffix(headline), let first = segments(pageTitle.dropLast(headline.count)).first {
            return String(first)
        }
        return nil
    }

    /// The title without a site's name appended or prepended ("Headline – Site – Section",
    /// "Site | Headline"), when a segment names one of `sites`.
    static func strippingSite(_ title: String, sites: [String]) -> String {
        let keys = siteKeys(sites)
        guard !keys.isEmpty else { return title }
        var ranges: [Range<String.Index>] = []
        var from = title.startIndex
        while from < title.endIndex, ranges.count < 16 {
            let next = separators.compactMap { title.range(of: $0, range: from..<title.endIndex) }.min { $0.lowerBound < $1.lowerBound }
            guard let next else { break }
            ranges.append(next)
            from = next.upperBound
        }
        guard !ranges.isEmpty else { return title }
        func isSite(_ s: Substring) -> Bool { keys.contains(letters(s)) }
        // From the end: a site in one of the last three segments cuts it and what follows.
        func segment(after k: Int) -> Substring {
            title[ranges[k].upperBound..<(k + 1 < ranges.count ? ranges[k + 1].lowerBound : title.endIndex)]
        }
        for k in stride(from: ranges.count - 1, through: max(0, ranges.count - 3), by: -1) where isSite(segment(after: k)) {
            // Short section names before the site go with it ("Headline – Weather – Site").
            var cut = k
            while cut > 0, segment(after: cut - 1).split(separator: " ").count <= 3 { cut -= 1 }
            let head = String(title[..<ranges[cut].lowerBound])
            if letters(head[...]).count >= 8 { return head }
        }
        // From the start: "Site | Headline".
        let first = title[..<ranges[0].lowerBound]
        if isSite(first) {
            let rest = String(title[ranges[0].upperBound...])
            if letters(rest[...]).count >= 8 { return rest }
        }
        return title
    }

    /// Site names reduced to letters, with a host's name part ("lastampa" of "lastampa.it").
    static func siteKeys(_ sites: [String]) -> Set<String> {
        var keys: Set<String> = []
        for site in sites {
            var name = Substring(site)
            if !site.contains(" "), let dot = site.lastIndex(of: "."), site.distance(from: dot, to: site.endIndex) <= 4 {
                name = site[..<dot]  // "Süddeutsche.de" → "Süddeutsche"; "taz.de" → "taz"
            }
            let key = letters(name)
            if key.count >= 3 { keys.insert(key) }
        }
        return keys
    }

    /// Lower-case letters and digits only.
    static func letters(_ s: Substring) -> String {
        String(String.UnicodeScalarView(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }))
    }

    /// A title for comparing: lower case, typographic quotes as plain ones, single spaces.
    static func looseKey(_ s: String) -> String {
        var out = ""
        for c in s.lowercased() {
            switch c {
            case "’", "‘", "`", "´": out.append("'")
            case "“", "”", "„", "«", "»": out.append("\"")
            case "\u{00A0}": out.append(" ")
            default: out.append(c)
            }
        }
        return out.split(separator: " ").joined(separator: " ")
    }

    // MARK: Authors

    /// Class words of author boxes and pictures, not bylines.
    static let authorBoxWords = ["bio", "box", "avatar", "image", "photo", "description", "info-box", "more", "list", "widget"]
        .map { Array($0.utf8) }

    private static let bylineWords: (cues: [String], joins: Set<String>) = {
        var cues: [String] = []
        var joins: Set<String> = []
        if let url = Bundle.module.url(forResource: "byline-words", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        {
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let fields = line.split(separator: "\t").map(String.init)
                guard fields.count == 2 else { continue }
                if fields[0] == "cue" { cues.append(fields[1]) } else if fields[0] == "and" { joins.insert(fields[1]) }
            }
        }
        return (cues.sorted { $0.count > $1.count }, joins)
    }()

    /// The length of a byline cue that `text` opens with ("By ", "Por: "), or nil.
    static func cueLength(_ text: Substring) -> Int? {
        let lower = text.lowercased()
        for cue in bylineWords.cues where lower.hasPrefix(cue) {
            let rest = lower.dropFirst(cue.count)
            if rest.first == " " || rest.first == ":" || rest.first == "\u{00A0}" { return cue.count + 1 }
        }
        return nil
    }

    /// Whether a child opens a byline: a text starting with a cue, or an inline element holding
    /// only a cue ("<strong>Por: </strong><a>...</a>").
    static func isCue(_ child: HTMLNode) -> Bool {
        if child.isText { return startsWithCue(text: child) }
        guard child.isElement, let only = ct_html_first_child(child.raw).map(HTMLNode.init), ct_html_next_sibling(only.raw) == nil
        else { return false }
        return startsWithCue(text: only) && ["strong", "b", "em", "span", "small", "i"].contains(child.tag)
    }

    /// The first bytes of the cues (lower case), to pass over most texts without decoding them.
    private static let cueFirstBytes = Set(bylineWords.cues.compactMap(\.utf8.first))

    /// Whether a text node starts with a byline cue.
    static func startsWithCue(text node: HTMLNode) -> Bool {
        guard let b = node.textBytes, b.count <= 200 else { return false }
        var i = 0
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
        guard i < b.count, cueFirstBytes.contains(b[i] | 0x20) else { return false }
        return startsWithCue(String(decoding: b, as: UTF8.self))
    }

    /// The first occurrence of `needle` in `text`, byte for byte (ASCII letters without case
    /// when asked): Foundation's `range(of:)` took 5% of reading the 990 pages of the
    /// extraction benchmark here.
    /// - Complexity: O(n·m), m the needle's length (a few bytes).
    static func firstRange(of needle: String, in text: Substring, ignoringASCIICase: Bool = false) -> Range<String.Index>? {
        let n = Array(needle.utf8)
        let view = text.utf8
        guard let first = n.first, view.count >= n.count else { return nil }
        func fold(_ c: UInt8) -> UInt8 { ignoringASCIICase && c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        let head = fold(first)
        var i = view.startIndex
        let last = view.index(view.endIndex, offsetBy: -n.count)
        while true {
            if fold(view[i]) == head {
                var j = view.index(after: i)
                var k = 1
                while k < n.count, fold(view[j]) == fold(n[k]) {
                    j = view.index(after: j)
                    k += 1
                }
                // A match starts and ends on character boundaries: the needles begin and end with a space.
                if k == n.count { return i..<j }
            }
            if i == last { return nil }
            i = view.index(after: i)
        }
    }

    static func startsWithCue(_ text: String) -> Bool {
        let trimmed = text.drop { $0.isWhitespace }
        return cueLength(trimmed) != nil && trimmed.count <= 40
    }

    /// The people named in `texts` (meta contents, link texts or a byline): a cue word dropped,
    /// split at commas and "and", each a name of at most six words, never a URL, an e-mail
    /// address or a site's name; each once.
    /// - Complexity: O(total length).
    static func authorNames(_ texts: [String], siteKeys: Set<String>) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        for raw in texts.prefix(Self.maxKept) {
            guard var text = clean(raw)?[...], !text.hasPrefix("http"), !text.contains("://") else { continue }
            while let n = cueLength(text) { text = text.dropFirst(n).drop { $0 == " " || $0 == ":" } }
            // "Posted on 3 May by Jane Roe", "Edited by Jane Roe": the names follow the cue.
            // (Only "by": the other cues are also parts of names, "Justus von Daniels".)
            if let by = Self.firstRange(of: " by ", in: text, ignoringASCIICase: true) { text = text[by.upperBound...] }
            // What follows a bar, a bullet or a digit is not a name (a mail address, a date).
            if let cut = text.firstIndex(where: { $0 == "|" || $0 == "•" || $0 == "·" || $0.isNumber }) { text = text[..<cut] }
            if let dash = Self.firstRange(of: " - ", in: text) ?? Self.firstRange(of: " – ", in: text) { text = text[..<dash.lowerBound] }
            var parts: [Substring] = []
            for piece in text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "/" }) {
                var current: [Substring] = []
                for word in piece.split(separator: " ") {
                    if bylineWords.joins.contains(word.lowercased()) {
                        if !current.isEmpty { parts.append(current.joined(separator: " ")[...]) }
                        current = []
                    } else {
                        current.append(word)
                    }
                }
                if !current.isEmpty { parts.append(current.joined(separator: " ")[...]) }
            }
            for part in parts {
                let name = part.trimmingCharacters(in: CharacterSet(charactersIn: " .:-–"))
                let words = name.split(separator: " ")
                // (A word with a dot inside is a domain, "w-commerce.de", not a name.)
                let isDomain = words.contains { w in w.dropLast().contains(".") && !w.dropLast().hasSuffix(".") && w.last != "." }
                guard !words.isEmpty, words.count <= 6, name.count <= 80, !name.contains("@"), !isDomain,
                    name.first.map({ $0.isLetter && !$0.isLowercase }) == true,
                    !["null", "undefined", "none"].contains(name.lowercased())
                else { continue }
                let key = letters(name[...])
                guard !siteKeys.contains(where: { key.contains($0) || $0.contains(key) }) else { continue }
                // A place after a name is the byline's dateline ("By Jane Roe, Berlin").
                if !names.isEmpty, isPlace(words.map(String.init)) { continue }
                if seen.insert(name.lowercased()).inserted { names.append(name) }
            }
        }
        return names
    }

    /// Whether the words are, all of them, one city, region or country of the gazetteer.
    static func isPlace(_ words: [String]) -> Bool {
        Gazetteer.shared.matches(words).contains {
            $0.start == 0 && $0.end == words.count && ["city", "region", "country"].contains($0.entry.kind)
        }
    }

    /// The name inside an `itemprop=author` element (its `itemprop=name` descendant), looked for
    /// among its first 200 descendants.
    static func itempropName(_ node: HTMLNode) -> String? {
        var name: String?
        walk(under: node, budget: 200) { n in
            guard n.isElement, n.attribute("itemprop")?.lowercased() == "name" else { return true }
            name = clean(n.attribute("content")) ?? clean(shortText(n, atMost: 300))
            return false
        }
        return name
    }

    // MARK: Values

    /// Visits the subtree under `node` (not `node` itself) in document order, at most `budget`
    /// nodes, going by first child and next sibling so that a node of a million children costs
    /// only the ones visited; `visit` returns false to stop.
    /// - Complexity: O(budget).
    static func walk(under node: HTMLNode, budget: Int, _ visit: (HTMLNode) -> Bool) {
        var stack: [HTMLNode] = ct_html_first_child(node.raw).map { [HTMLNode($0)] } ?? []
        var visited = 0
        while let n = stack.popLast(), visited < budget {
            visited += 1
            guard visit(n) else { return }
            if let next = ct_html_next_sibling(n.raw) { stack.append(HTMLNode(next)) }
            if n.isElement, let child = ct_html_first_child(n.raw) { stack.append(HTMLNode(child)) }
        }
    }

    /// The text of a subtree when it has at most `limit` bytes, read from at most
    /// `limit` + 64 nodes; nil when it is longer or spread over more nodes. (Bylines, dates
    /// and headings are short: a page that nests thousands of them costs no more than its size.)
    /// - Complexity: O(limit).
    static func shortText(_ node: HTMLNode, atMost limit: Int) -> String? {
        if let bytes = node.textBytes { return bytes.count <= limit ? String(decoding: bytes, as: UTF8.self) : nil }
        var out: [UInt8] = []
        var complete = true
        var visited = 0
        let budget = limit + 64
        walk(under: node, budget: budget) { n in
            visited += 1
            if let bytes = n.textBytes {
                guard out.count + bytes.count <= limit else {
                    complete = false
                    return false
                }
                out.append(contentsOf: bytes)
            }
            return true
        }
        guard complete, visited < budget else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// White space collapsed and character references decoded; nil when nothing is left.
    static func clean(_ s: String?) -> String? {
        guard let s else { return nil }
        var collapsed = s.split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" }).joined(separator: " ")
        if collapsed.contains("&") { collapsed = decodeReferences(collapsed) }
        return collapsed.isEmpty ? nil : collapsed
    }

    /// `&amp;`, `&quot;`, `&#39;`, `&#x27;` and the like, as a double-escaped attribute or a
    /// JSON-LD string has them.
    static func decodeReferences(_ s: String) -> String {
        let named = ["amp": "&", "quot": "\"", "apos": "'", "lt": "<", "gt": ">", "nbsp": " "]
        var out = ""
        var rest = s[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";") {
                let name = after[..<semi]
                var replacement: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    replacement = named[String(name)]
                }
                if let replacement {
                    out += replacement
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }

    /// The day of the first of `values` that has one.
    static func firstDay(_ values: [String?]) -> Day? {
        for value in values { if let day = day(value) { return day } }
        return nil
    }

    /// A day from an ISO date-time ("2019-07-03T04:22:07-04:00" → its own date, as the page
    /// shows it), a basic one ("20210504T132005+0200"), or a date written out.
    static func day(_ value: String?) -> Day? {
        guard let value = clean(value) else { return nil }
        if let day = Day(iso: value) { return day }
        let b = Array(value.utf8.prefix(9))
        if b.count >= 8, b[0..<8].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), b.count == 8 || b[8] == UInt8(ascii: "T") {
            let n = b[0..<8].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            if let day = Day(year: n / 10_000, month: n / 100 % 100, day: n % 100) { return day }
        }
        // "Tue Jan 28 15:28:56 CET 2020", as Java's Date prints itself.
        let words = value.split(separator: " ")
        if words.count == 6, let month = DateExpressions.months[words[1].lowercased()], let d = Int(words[2]),
            let year = Int(words[5]), let day = Day(year: year, month: month, day: d)
        {
            return day
        }
        return DateExpressions.firstDay(in: value) ?? dottedDay(value)
    }

    /// The first "19.2.2020" or "28. 01. 2020" (day, month, year) in a short text.
    /// - Complexity: O(n).
    static func dottedDay(_ text: String) -> Day? {
        let b = Array(text.utf8.prefix(400))
        func number(_ i: inout Int, _ most: Int) -> Int? {
            var n = 0
            var digits = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39, digits < most {
                n = n * 10 + Int(b[i] - 0x30)
                i += 1
                digits += 1
            }
            return digits > 0 ? n : nil
        }
        func dot(_ i: inout Int) -> Bool {
            guard i < b.count, b[i] == UInt8(ascii: ".") else { return false }
            i += 1
            if i < b.count, b[i] == 0x20 { i += 1 }
            return true
        }
        var start = 0
        while start < b.count {
            if b[start] >= 0x30, b[start] <= 0x39, start == 0 || !(b[start - 1] >= 0x30 && b[start - 1] <= 0x39) {
                var i = start
                if let d = number(&i, 2), dot(&i), let m = number(&i, 2), dot(&i), let y = number(&i, 4), y >= 1900,
                    i == b.count || !(b[i] >= 0x30 && b[i] <= 0x39), let day = Day(year: y, month: m, day: d)
                {
                    return day
                }
            }
            start += 1
        }
        return nil
    }

    /// A BCP 47 tag from `lang`, `og:locale` or `content-language` ("en_us" → "en-US",
    /// "de-de" → "de-DE"); nil when it is not one.
    static func languageTag(_ value: String) -> String? {
        let first = value.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let parts = first.split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return nil }
        var tag = language.lowercased()
        for part in parts.dropFirst().prefix(2) {
            guard part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { break }
            switch part.count {
            case 2: tag += "-" + part.uppercased()
            case 4: tag += "-" + part.prefix(1).uppercased() + part.dropFirst().lowercased()
            case 3 where part.allSatisfy(\.isNumber): tag += "-" + part
            default: break
            }
        }
        return tag
    }

    // MARK: JSON-LD

    /// What the JSON-LD blocks of a page say about its article.
    struct LinkedData {
        var headline: String?
        var authors: [String] = []
        var published: String?
        var modified: String?
        var publisher: String?
        var siteName: String?
        var url: String?
        var language: String?
    }

    /// Reads the JSON-LD blocks: the first `Article`-like object (also inside `@graph` or an
    /// array), else the `WebPage`; authors and publisher given by `@id` are looked up among
    /// the blocks' objects. Blocks nested deeper than ``maxJSONLDDepth`` are skipped.
    /// - Complexity: O(total size), at most ``maxJSONLDItems`` items.
    static func readJSONLD(_ blocks: [String]) -> LinkedData {
        // (Read from a moving index: removing the first of a queue of millions of items, as
        // an array of that size holds, costs the whole queue each time.)
        var queue: [Any] = []
        for block in blocks where nestingDepth(block) <= maxJSONLDDepth {
            if let value = try? JSONSerialization.jsonObject(with: Data(block.utf8), options: [.fragmentsAllowed]) {
                queue.append(value)
            }
        }
        var next = 0
        var byId: [String: [String: Any]] = [:]
        var article: [String: Any]?
        var page: [String: Any]?
        var site: [String: Any]?
        while next < queue.count, next < maxJSONLDItems {
            let item = queue[next]
            next += 1
            if let array = item as? [Any] {
                queue.append(contentsOf: array.prefix(maxJSONLDItems))
                continue
            }
            guard let object = item as? [String: Any] else { continue }
            if let graph = object["@graph"] { queue.append(graph) }
            if let id = object["@id"] as? String, byId[id] == nil { byId[id] = object }
            let types = Self.types(object)
            if article == nil, types.contains(where: { $0.hasSuffix("Article") || $0 == "Report" || $0.hasSuffix("BlogPosting") }) {
                article = object
            } else if page == nil, types.contains(where: { $0.hasSuffix("WebPage") }) {
                page = object
            } else if site == nil, types.contains(where: { $0.lowercased() == "website" }) {
                site = object
            }
        }
        var data = LinkedData()
        guard let main = article ?? page else {
            data.siteName = site.flatMap { clean($0["name"] as? String) }
            return data
        }
        func text(_ key: String) -> String? { clean(main[key] as? String) ?? page.flatMap { clean($0[key] as? String) } }
        data.headline = clean(main["headline"] as? String) ?? (article != nil ? clean(main["name"] as? String) : nil)
        data.published = text("datePublished")
        data.modified = text("dateModified")
        data.authors = names(main["author"] ?? page?["author"], byId: byId, people: true)
        data.publisher = names(main["publisher"], byId: byId, people: false).first
            ?? names(site?["publisher"], byId: byId, people: false).first
        data.siteName = site.flatMap { clean($0["name"] as? String) }
        data.url = clean(main["url"] as? String) ?? clean(main["mainEntityOfPage"] as? String)
            ?? clean((main["mainEntityOfPage"] as? [String: Any])?["@id"] as? String)
        data.language = text("inLanguage") ?? site.flatMap { clean($0["inLanguage"] as? String) }
        return data
    }

    private static func types(_ object: [String: Any]) -> [String] {
        (object["@type"] as? String).map { [$0] } ?? (object["@type"] as? [Any])?.compactMap { $0 as? String } ?? []
    }

    /// The names in an `author` or `publisher` value: a string, an object (or a reference to
    /// one by `@id`), or an array of them. With `people`, organisations are left out.
    private static func names(_ value: Any?, byId: [String: [String: Any]], people: Bool) -> [String] {
        var out: [String] = []
        var pending: [Any] = value.map { [$0] } ?? []
        var steps = 0
        while let item = pending.popLast(), steps < 100 {
            steps += 1
            if let s = item as? String {
                if let name = clean(s) { out.append(name) }
            } else if var object = item as? [String: Any] {
                if object["name"] == nil, let id = object["@id"] as? String, let found = byId[id] { object = found }
                if people, types(object).contains(where: { $0.hasSuffix("Organization") }) { continue }
                if let name = clean(object["name"] as? String) { out.append(name) }
            } else if let array = item as? [Any] {
                pending.append(contentsOf: array.prefix(100).reversed())
            }
        }
        return out
    }

    /// The deepest nesting of brackets and braces outside strings.
    /// - Complexity: O(n).
    static func nestingDepth(_ json: String) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for c in json.utf8 {
            if inString {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch c {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
