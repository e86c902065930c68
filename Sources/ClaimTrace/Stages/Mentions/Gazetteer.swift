import Foundation

/// Lists of names from public knowledge (`Resources/gazetteers/`): countries with aliases and
/// demonyms, cities, regions, given names, titles, organisation keywords, media outlets, armed
/// and political groups, organisations, and capitals that stand for governments.
///
/// It gives the tagger features ("this token starts a country name") and later stages the
/// canonical name behind an alias ("Daesh" → "Islamic State", "Iranian" → "Iran").
public struct Gazetteer: Sendable {
    /// What a phrase of the lists is.
    public struct Entry: Sendable, Hashable {
        /// "country", "demonym", "city", "region", "given", "particle", "title", "orgword",
        /// "media", "group", "organization", "metonym".
        public var kind: String
        /// The refinement: the title class, the organisation keyword's type.
        public var detail: String?
        /// The canonical name: the country of a demonym, city or metonym; the group or
        /// organisation an alias stands for.
        public var canonical: String?
    }

    /// Phrases by their first token (lower case): the phrase's tokens, the tokens as written
    /// when the phrase must match its case (all-capital aliases: "IS", "US", "WHO"), and entry.
    private let phrases: [String: [(tokens: [String], exact: [String]?, entry: Entry)]]

    public static let empty = Gazetteer(phrases: [:])

    /// The lists shipped with the package; empty when they are missing.
    public static let shared: Gazetteer = (try? Gazetteer(bundle: .module)) ?? .empty

    init(phrases: [String: [(tokens: [String], exact: [String]?, entry: Entry)]]) { self.phrases = phrases }

    public var isEmpty: Bool { phrases.isEmpty }

    /// Builds a gazetteer from `(phrase, entry)` pairs.
    public init(entries: [(String, Entry)]) {
        var table: [String: [(tokens: [String], exact: [String]?, entry: Entry)]] = [:]
        let tokenizer = Tokenizer()
        for (phrase, entry) in entries {
            let written = tokenizer.tokens(phrase).map { phrase.utf8Slice($0.range) }
            let tokens = written.map { $0.lowercased() }
            guard let first = tokens.first, tokens.count <= 8 else { continue }
            // All-capital aliases would otherwise match common words ("IS" → "is", "WHO" → "who").
            let allCapitals = phrase.contains(where: \.isLetter) && !phrase.contains(where: \.isLowercase)
            table[first, default: []].append((tokens, allCapitals ? written : nil, entry))
        }
        // Longest phrases first, so the first match is the longest.
        phrases = table.mapValues { $0.sorted { $0.tokens.count > $1.tokens.count } }
    }

    init(bundle: Bundle) throws {
        func lines(_ name: String, _ ext: String) -> [[String]] {
            let url = bundle.url(forResource: name, withExtension: ext)
                ?? bundle.url(forResource: name, withExtension: ext, subdirectory: "gazetteers")
            guard let url, let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").compactMap { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
                return trimmed.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        }
        var entries: [(String, Entry)] = []
        for row in lines("countries", "tsv") {
            guard let canonical = row.first else { continue }
            for name in row {
                if name.hasPrefix("@") {
                    entries.append((String(name.dropFirst()), Entry(kind: "demonym", canonical: canonical)))
                } else {
                    entries.append((name, Entry(kind: "country", canonical: canonical)))
                }
            }
        }
        for row in lines("capitals-and-cities", "tsv") where !row.isEmpty {
            entries.append((row[0], Entry(kind: "city", canonical: row.count > 1 ? row[1] : nil)))
        }
        for row in lines("regions", "txt") { entries.append((row[0], Entry(kind: "region", canonical: row[0]))) }
        for row in lines("given-names", "txt") { entries.append((row[0], Entry(kind: "given"))) }
        for row in lines("surname-particles", "txt") { entries.append((row[0], Entry(kind: "particle"))) }
        for row in lines("titles", "tsv") where !row.isEmpty {
            entries.append((row[0], Entry(kind: "title", detail: row.count > 1 ? row[1] : nil)))
        }
        for row in lines("org-keywords", "tsv") where !row.isEmpty {
            entries.append((row[0], Entry(kind: "orgword", detail: row.count > 1 ? row[1] : nil)))
        }
        for row in lines("media-outlets", "txt") { entries.append((row[0], Entry(kind: "media", canonical: row[0]))) }
        for (file, kind) in [("groups", "group"), ("organizations", "organization")] {
            for row in lines(file, "tsv") {
                guard let canonical = row.first else { continue }
                for name in row { entries.append((name, Entry(kind: kind, canonical: canonical))) }
            }
        }
        for row in lines("government-metonyms", "tsv") where row.count > 1 {
            entries.append((row[0], Entry(kind: "metonym", canonical: row[1])))
        }
        self.init(entries: entries)
    }

    /// Every phrase of the lists found in a token sequence (as written), as
    /// `(start, end, entry)` with `end` exclusive; overlapping matches are all reported.
    /// Matching ignores case, except for all-capital entries, which must be written so.
    /// - Complexity: O(tokens × candidates per first token × phrase length).
    public func matches(_ words: [String]) -> [(start: Int, end: Int, entry: Entry)] {
        let lower = words.map { $0.lowercased() }
        var out: [(Int, Int, Entry)] = []
        for i in lower.indices {
            guard let candidates = phrases[lower[i]] else { continue }
            for (tokens, exact, entry) in candidates where i + tokens.count <= lower.count {
                var k = 0
                while k < tokens.count, lower[i + k] == tokens[k], exact.map({ $0[k] == words[i + k] }) ?? true { k += 1 }
                if k == tokens.count { out.append((i, i + tokens.count, entry)) }
            }
        }
        return out
    }

    /// Tagger features per token: `B-kind`/`I-kind` (with the detail where there is one).
    func tags(_ words: [String]) -> [[String]] {
        var out = [[String]](repeating: [], count: words.count)
        for (start, end, entry) in matches(words) {
            let name = entry.detail.map { "\(entry.kind)-\($0)" } ?? entry.kind
            out[start].append("B-" + name)
            for k in (start + 1)..<end { out[k].append("I-" + name) }
            if end - start == 1 { out[start].append("U-" + name) }
        }
        return out
    }
}
