import Foundation

/// Sources that count unnamed people: a number or quantifier, optional modifiers, and a noun
/// for a person ("one farm hand", "two officials", "a senior diplomat", "a Pentagon official",
/// "three people familiar with the matter", "one of the workers"). A general pattern over two
/// word lists (`Resources/counted-sources.txt`, `Resources/person-nouns.txt`), not a list of
/// phrases.
struct CountedSources: Sendable {
    /// Quantifier phrases (lower-case words joined by spaces) and the kind of source they open.
    let quantifiers: [String: SourceKind]
    /// The most words in a quantifier phrase.
    let longestQuantifier: Int
    /// Singular nouns for a person.
    let personNouns: Set<String>

    /// The lists shipped with the package, with the lexicon's anonymous heads.
    static let shared: CountedSources = {
        do {
            return try CountedSources(bundle: .module, lexicon: .shared)
        } catch {
            fatalError("\(error)")
        }
    }()

    init(quantifiers: [String: SourceKind], personNouns: Set<String>) {
        self.quantifiers = quantifiers
        longestQuantifier = quantifiers.keys.map { $0.split(separator: " ").count }.max() ?? 1
        self.personNouns = personNouns
    }

    init(bundle: Bundle, lexicon: Lexicon) throws {
        func lines(_ name: String) throws -> [String] { try Lexicon.lines(name, in: bundle) }
        var quantifiers: [String: SourceKind] = [:]
        for line in try lines("counted-sources") {
            let parts = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let kind = SourceKind(rawValue: parts[1]) else { continue }
            quantifiers[parts[0].lowercased()] = kind
        }
        let nouns = Set(try lines("person-nouns").map { $0.lowercased() })
        self.init(quantifiers: quantifiers, personNouns: nouns.union(lexicon.anonymousSources))
    }

    /// Words that cannot stand between the quantifier and the person noun: a source phrase
    /// whose person comes after one of them is about something else ("a report by an official").
    static let breaks: Set<String> = [
        "by", "of", "in", "at", "for", "from", "with", "to", "on", "and", "or", "the", "a", "an", "who", "that", "which", ",",
    ]
    /// Determiners after "of" in "one of the workers".
    static let partitive: Set<String> = ["the", "those", "these", "its", "their", "his", "her", "our", "your", "my"]
    /// The most modifiers read between the quantifier and the person noun.
    static let maxModifiers = 4

    /// The kind of a source phrase that counts unnamed people, or nil when it is not one. A
    /// capitalised word right after the person noun names them ("One Nation leader Pauline
    /// Hanson"), unless `places` lists its index as a place or demonym.
    /// - Complexity: O(longest quantifier + modifiers).
    func kind(words: [String], lower: [String], places: Set<Int>) -> SourceKind? {
        guard !lower.isEmpty, words.count == lower.count else { return nil }
        var q = 0
        var kind: SourceKind?
        for n in stride(from: min(longestQuantifier, lower.count), through: 1, by: -1) {
            if let k = quantifiers[lower[0..<n].joined(separator: " ")] {
                (q, kind) = (n, k)
                break
            }
        }
        if kind == nil, lower[0].first?.isNumber == true, lower[0].allSatisfy({ $0.isNumber || $0 == "," }) {
            (q, kind) = (1, .anonymous)
        }
        guard let kind else { return nil }
        // "one of the workers".
        if q < lower.count, lower[q] == "of", q == 1 {
            q += 1
            if q < lower.count, Self.partitive.contains(lower[q]) { q += 1 }
        }
        var j = q
        while j < lower.count, j - q <= Self.maxModifiers {
            let w = lower[j]
            guard w.first?.isLetter == true, !Self.breaks.contains(w) else { return nil }
            j += 1
            guard isPerson(w) else { continue }
            // A compound of person nouns ends at its last one ("worker representative").
            while j < lower.count, isPerson(lower[j]) { j += 1 }
            // What follows the noun: nothing, a phrase after it ("in", "familiar with",
            // "briefed on", "who"), a name ("leader Pauline Hanson": named), or another noun,
            // of which the person noun was a modifier ("a local report", "an executive order").
            if j < lower.count {
                let next = lower[j]
                if words[j].first?.isUppercase == true, !places.contains(j) { return nil }
                let after = Self.breaks.contains(next) || Self.postModifiers.contains(next) || next.first?.isLetter != true
                    || next.hasSuffix("ed") || next.hasSuffix("ing")
                guard after else { continue }
            }
            if lower.contains("named") || lower.contains("called") { return nil }
            return kind
        }
        return nil
    }

    /// Words that open a phrase after the person noun ("people familiar with", "sources close
    /// to", "an official aware of").
    static let postModifiers: Set<String> = [
        "familiar", "close", "aware", "knowledgeable", "involved", "present", "inside", "within", "near", "there", "here",
        "whose", "when", "as", "via", "under", "into", "about", "over", "said", "says", "say", "told", "added",
    ]

    /// Whether a lower-case word is a noun for a person, in the singular or plural
    /// ("officers", "fishermen", "witnesses", "people").
    func isPerson(_ w: String) -> Bool {
        if personNouns.contains(w) || w == "people" { return true }
        if w.hasSuffix("men"), personNouns.contains(String(w.dropLast(3)) + "man") { return true }
        if w.hasSuffix("ies"), personNouns.contains(String(w.dropLast(3)) + "y") { return true }
        if w.hasSuffix("es"), personNouns.contains(String(w.dropLast(2))) { return true }
        return w.hasSuffix("s") && personNouns.contains(String(w.dropLast()))
    }
}
