/// Finds mentions of people, organisations, places, groups and media in the sentences.
///
/// 1. The tagger (``TaggingModel``) marks PER/ORG/LOC/MISC chunks over each sentence's tokens.
/// 2. Chunks become claimtrace types: PER → person, LOC → place, ORG → organization, refined
///    to media or group by the lists; MISC demonyms become the country they name ("Iranian" →
///    Iran), MISC groups become groups; other MISC (events, languages) is dropped.
/// 3. Names from the lists that the tagger missed (groups, media, countries) are added when
///    capitalised in the text.
/// 4. Roles: titles and ranks before a person ("Maj. Gen.", "Iranian Defense Minister") and
///    appositives ("Iran's ambassador to Afghanistan, X"; "X, the Russian envoy,").
public struct MentionExtractor: Sendable {
    public let model: TaggingModel?
    public let gazetteer: Gazetteer
    public let tokenizer = Tokenizer()

    public init(model: TaggingModel? = TaggingModel.mentions, gazetteer: Gazetteer = .shared) {
        self.model = model
        self.gazetteer = gazetteer
    }

    /// - Complexity: O(tokens × features).
    public func extract(_ text: String, sentences: [TextRange]) -> [Mention] {
        var copy = text
        return copy.withUTF8 { bytes in
            var mentions: [Mention] = []
            for sentence in sentences {
                let tokens = Self.withoutMarkup(tokenizer.tokens(bytes: bytes, in: sentence), bytes)
                guard !tokens.isEmpty else { continue }
                let words = tokens.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.range.start..<$0.range.end]), as: UTF8.self) }
                mentions += extract(words: words, tokens: tokens, bytes: bytes)
            }
            return mentions
        }
    }

    /// - Complexity: O(tokens + list matches), each chunk's and name's work bounded by its length.
    func extract(words: [String], tokens: [Token], bytes: UnsafeBufferPointer<UInt8>) -> [Mention] {
        let lower = words.map { $0.lowercased() }
        let listed = Listed(gazetteer.matches(words), count: words.count)
        var covered = [Bool](repeating: false, count: words.count)
        var out: [Mention] = []
        func span(_ start: Int, _ end: Int) -> TextRange { TextRange(tokens[start].range.start, tokens[end - 1].range.end) }
        func entries(_ start: Int, _ end: Int) -> [Gazetteer.Entry] {
            listed.starting(at: start).filter { $0.end == end }.map(\.entry)
        }

        // 1-2. Tagger chunks.
        if let model {
            for chunk in CoNLL.chunks(model.tags(words)) {
                let exact = entries(chunk.start, chunk.end)
                let last = listed.starting(at: chunk.end - 1).filter { $0.end == chunk.end && $0.entry.kind == "orgword" }
                var type: EntityType?
                var canonical: String?
                switch chunk.type {
                case "PER": type = .person
                case "LOC":
                    type = .place
                    canonical = exact.first { ["country", "city", "region"].contains($0.kind) }?.canonical
                case "ORG":
                    type = .organization
                    if let e = exact.first(where: { ["media", "group", "organization", "metonym"].contains($0.kind) }) {
                        type = e.kind == "media" ? .media : e.kind == "group" ? .group : .organization
                        canonical = e.canonical
                    } else if let word = last.first?.entry.detail {
                        type = word == "media" ? .media : word == "group" ? .group : .organization
                    }
                default:  // MISC
                    if let e = exact.first(where: { $0.kind == "demonym" }) {
                        type = .place
                        canonical = e.canonical
                    } else if let e = exact.first(where: { $0.kind == "group" }) {
                        type = .group
                        canonical = e.canonical
                    }
                }
                // A known name keeps its listed type whatever the tagger said ("Daesh" is a group).
                if let e = exact.first(where: { Self.listedType($0) != nil }) {
                    type = Self.listedType(e)
                    canonical = e.canonical
                }
                // Sentence-initial words that are not names ("Moreover", "Lately IS").
                var start = chunk.start
                if chunk.start == 0 {
                    while start < chunk.end, Self.notNames.contains(lower[start]) { start += 1 }
                }
                guard var type, start < chunk.end else { continue }
                if start != chunk.start, type != .person {
                    // What remains after dropping the opener is re-read from the lists.
                    let rest = entries(start, chunk.end)
                    if let e = rest.first(where: { Self.listedType($0) != nil }), let listed = Self.listedType(e) {
                        type = listed
                        canonical = e.canonical
                    }
                }
                // A title inside the chunk with a name after it: the name is a person, what
                // precedes is its role ("Leader of the Revolution Ayatollah Ali Khamenei",
                // "Brigadier General Amir Hatami" tagged as one organisation).
                var roleEnd: Int?
                if type == .person || type == .organization,
                    let title = (start..<chunk.end).flatMap({ listed.starting(at: $0) }).filter({ $0.entry.kind == "title" && $0.end < chunk.end })
                        .max(by: { $0.end < $1.end }),
                    (title.end..<chunk.end).allSatisfy({ words[$0].first?.isUppercase == true }),
                    listed.starting(at: title.end).first(where: { $0.entry.kind == "title" }) == nil
                {
                    roleEnd = title.end
                    type = .person
                    canonical = nil
                }
                for k in start..<chunk.end { covered[k] = true }
                var mention = Mention(range: span(roleEnd ?? start, chunk.end), type: type, canonical: canonical)
                if let roleEnd {
                    let before = role(before: start, after: chunk.end, words: words, listed: listed, span: span)
                    mention.role = TextRange(min(before?.start ?? tokens[start].range.start, tokens[start].range.start), tokens[roleEnd - 1].range.end)
                    out.append(mention)
                    continue
                }
                if type == .person { mention.role = role(before: start, after: chunk.end, words: words, listed: listed, span: span) }
                out.append(mention)
            }
        }

        // 3. Listed names the tagger missed, when capitalised in the text.
        for match in listed.all {
            guard let type = Self.listedType(match.entry) else { continue }
            guard !(match.start..<match.end).contains(where: { covered[$0] }),
                let first = words[match.start].unicodeScalars.first, first.properties.isUppercase
            else { continue }
            // Short all-capital aliases ("IS", "US") only when written exactly so.
            if match.end - match.start == 1, words[match.start].count <= 2, words[match.start] != words[match.start].uppercased() {
                continue
            }
            for k in match.start..<match.end { covered[k] = true }
            out.append(Mention(range: span(match.start, match.end), type: type, canonical: match.entry.canonical))
        }
        return out.sorted { $0.range < $1.range }
    }

    /// The role of a person mention: a run of titles right before the name, extended over the
    /// demonyms and capitalised words that lead into it ("Iranian Defense Minister Brigadier
    /// General"); else an appositive ending in a comma right before the name, or starting with
    /// a comma right after it and holding a title word.
    func role(
        before start: Int, after end: Int, words: [String], listed: Listed, span: (Int, Int) -> TextRange
    ) -> TextRange? {
        var cursor = start
        var sawTitle = false
        while let title = listed.titlesEnding(at: cursor).min(by: { $0.start < $1.start }) {
            cursor = title.start
            sawTitle = true
        }
        if sawTitle {
            // Lead-in: demonyms, "of", "the" and capitalised words ("Chief of Staff of the Iranian Armed Forces").
            var k = cursor
            while k > 0, start - k < 14 {
                let w = words[k - 1]
                let capitalised = w.unicodeScalars.first?.properties.isUppercase == true
                if capitalised || ["of", "the", "for", "and", "’s", "'s"].contains(w) {
                    k -= 1
                } else {
                    break
                }
            }
            while k < cursor, ["of", "the", "for", "and"].contains(words[k]) { k += 1 }
            return span(k, start)
        }
        let isTitleWord: (Int) -> Bool = { listed.inTitle[$0] }
        // "Iran's ambassador to Afghanistan, Mohammad Reza Bahrami"
        if start >= 2, words[start - 1] == "," {
            var k = start - 1
            while k > 0, start - k < 12, words[k - 1] != ",", words[k - 1] != ";", !Self.isClauseWord(words[k - 1]) { k -= 1 }
            if (k..<(start - 1)).contains(where: isTitleWord) { return span(k, start - 1) }
        }
        // "Zamir Kabulov, the Russian Foreign Ministry's director of the Second Asian Department,"
        if end + 2 < words.count, words[end] == "," {
            var k = end + 1
            while k < words.count, k - end < 16, words[k] != ",", words[k] != ";", words[k] != ".", !Self.isClauseWord(words[k]) { k += 1 }
            if ((end + 1)..<k).contains(where: isTitleWord) { return span(end + 1, k) }
        }
        return nil
    }

    /// A sentence's list matches, by where they start and end, so that each chunk and name
    /// looks up its own instead of scanning them all.
    struct Listed {
        typealias Match = (start: Int, end: Int, entry: Gazetteer.Entry)
        /// Every match, in the gazetteer's order (by start).
        let all: [Match]
        private let byStart: [[Int]]
        private let titlesByEnd: [Int: [Int]]
        /// Whether each token lies in a listed title.
        let inTitle: [Bool]

        init(_ matches: [Match], count: Int) {
            all = matches
            var byStart = [[Int]](repeating: [], count: count + 1)
            var titlesByEnd: [Int: [Int]] = [:]
            var inTitle = [Bool](repeating: false, count: count)
            for (k, m) in matches.enumerated() {
                byStart[m.start].append(k)
                guard m.entry.kind == "title" else { continue }
                titlesByEnd[m.end, default: []].append(k)
                for i in m.start..<m.end { inTitle[i] = true }
            }
            self.byStart = byStart
            self.titlesByEnd = titlesByEnd
            self.inTitle = inTitle
        }

        /// The matches starting at token `i`, in order.
        func starting(at i: Int) -> [Match] { i >= 0 && i < byStart.count ? byStart[i].map { all[$0] } : [] }

        /// The title matches ending at token `i`, in order.
        func titlesEnding(at i: Int) -> [Match] { (titlesByEnd[i] ?? []).map { all[$0] } }
    }

    /// The type a listed name has whatever the tagger says: groups, media, organisations and
    /// countries; nil for other kinds of entry.
    static func listedType(_ entry: Gazetteer.Entry) -> EntityType? {
        switch entry.kind {
        case "group": return .group
        case "media": return .media
        case "organization": return .organization
        case "country": return .place
        default: return nil
        }
    }

    /// Capitalised words that open sentences and are not names, in lower case.
    static let notNames: Set<String> = [
        "moreover", "lately", "however", "meanwhile", "furthermore", "therefore", "thus", "also", "yet", "still",
        "instead", "indeed", "besides", "nevertheless", "nonetheless", "accordingly", "consequently", "hence",
        "otherwise", "then", "now", "today", "yesterday", "recently", "earlier", "later", "finally", "first",
        "second", "third", "according", "although", "though", "while", "when", "after", "before", "since", "if",
        "as", "but", "and", "or", "so", "the", "a", "an", "this", "that", "these", "those", "his", "her", "their",
        "its", "our", "my", "your", "he", "she", "they", "we", "it", "there", "here", "some", "many", "most",
        "several", "all", "both", "each", "every", "no", "not", "only", "even", "just", "often", "sometimes",
        "apart", "overall", "currently", "previously", "initially", "additionally", "similarly", "likewise",
    ]

    /// Tokens without Markdown syntax left in plain text: link brackets and their "(url)",
    /// emphasis and heading marks.
    static func withoutMarkup(_ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .punctuation, t.range.length == 1 {
                let c = bytes[t.range.start]
                if c == UInt8(ascii: "[") || c == UInt8(ascii: "*") || c == UInt8(ascii: "#") || c == UInt8(ascii: "_") {
                    i += 1
                    continue
                }
                if c == UInt8(ascii: "]") {
                    i += 1
                    // "](url)": skip to the closing parenthesis, if it follows directly.
                    if i < tokens.count, tokens[i].range.start == t.range.end, bytes[tokens[i].range.start] == UInt8(ascii: "(") {
                        var k = i + 1
                        while k < tokens.count, k - i < 64, bytes[tokens[k].range.start] != UInt8(ascii: ")") { k += 1 }
                        if k < tokens.count { i = k + 1 }
                    }
                    continue
                }
            }
            out.append(t)
            i += 1
        }
        return out
    }

    /// Words that end a noun phrase when looking for an appositive: verbs of saying and
    /// conjunctions.
    static func isClauseWord(_ word: String) -> Bool {
        ["said", "says", "told", "stated", "warned", "claimed", "added", "noted", "that", "who", "which", "and", "but"]
            .contains(word.lowercased())
    }
}
