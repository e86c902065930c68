import Foundation

/// The word lists the stages use, loaded once from `Resources/`.
///
/// Each file is plain text: `#` starts a comment, blank lines are ignored. The first comment
/// line of each file says where its list came from.
public struct Lexicon: Sendable {
    public let abbreviations: Set<String>
    public let sentenceStarters: Set<String>
    public let boilerplateCues: [BoilerplateCue]
    /// Reporting verbs in all their forms ("said", "warns", "has claimed" → "claimed").
    public let attributionCues: Set<String>
    /// Verbs of stance ("criticized", "praised", "declined") that the rules read as cues but the
    /// tagger's features do not (`Resources/stance-cues.txt`).
    public let stanceCues: Set<String>
    /// Head words of anonymous sources ("source", "sources", "witnesses").
    public let anonymousSources: Set<String>
    /// Head words of vague collective sources ("experts", "analysts", "pundits").
    public let vagueSources: Set<String>
    /// Lower-case nouns that stand before a name as its role ("nominee", "economist").
    public let roleNouns: Set<String>
    /// Counted nouns and what they fold to ("terrorists" → "fighters").
    public let quantitySubjects: [String: String]
    /// Claim words folded to a shared key ("airlifted", "moving" → "relocate").
    public let claimTerms: [String: String]
    /// Words set aside when comparing claims.
    public let claimStopwords: Set<String>
    /// Words that negate or deny a claim ("not", "never", "denied"): a claim's polarity.
    public let claimNegations: Set<String>

    /// The lexicon shipped with the package.
    public static let shared: Lexicon = {
        do {
            return try Lexicon(bundle: .module)
        } catch {
            fatalError("\(error)")
        }
    }()

    public init(
        abbreviations: Set<String>, sentenceStarters: Set<String>, boilerplateCues: [BoilerplateCue],
        attributionCues: Set<String> = [], stanceCues: Set<String> = [], anonymousSources: Set<String> = [], vagueSources: Set<String> = [],
        roleNouns: Set<String> = [], quantitySubjects: [String: String] = [:], claimTerms: [String: String] = [:], claimStopwords: Set<String> = [],
        claimNegations: Set<String> = []
    ) {
        self.abbreviations = abbreviations
        self.sentenceStarters = sentenceStarters
        self.boilerplateCues = boilerplateCues
        self.attributionCues = attributionCues
        self.stanceCues = stanceCues
        self.anonymousSources = anonymousSources
        self.vagueSources = vagueSources
        self.roleNouns = roleNouns
        self.quantitySubjects = quantitySubjects
        self.claimTerms = claimTerms
        self.claimStopwords = claimStopwords
        self.claimNegations = claimNegations
    }

    /// The languages of `Resources/boilerplate-cues-LANG.txt`: each page is matched against all
    /// of them (a cue phrase of one language rarely means anything else in another).
    static let boilerplateLanguages = ["en", "de", "fr", "es", "it", "nl", "pt", "pl"]

    /// The lines of the word list `name`.txt in `bundle`, without comments and blank lines.
    static func lines(_ name: String, in bundle: Bundle) throws -> [String] {
        guard let url = bundle.url(forResource: name, withExtension: "txt")
                ?? bundle.url(forResource: name, withExtension: "txt", subdirectory: "gazetteers"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw ClaimTraceError.resourceMissing(name + ".txt") }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    init(bundle: Bundle) throws {
        func lines(_ name: String) throws -> [String] { try Self.lines(name, in: bundle) }
        abbreviations = Set(try lines("abbreviations"))
        sentenceStarters = Set(try lines("sentence-starters"))
        boilerplateCues = try Self.boilerplateLanguages.flatMap { try lines("boilerplate-cues-\($0)") }
            .compactMap(BoilerplateCue.init(line:))
        attributionCues = Set(try lines("attribution-cues").map { $0.lowercased() })
        stanceCues = Set(try lines("stance-cues").map { $0.lowercased() })
        anonymousSources = Set(try lines("anonymous-sources").map { $0.lowercased() })
        vagueSources = Set(try lines("vague-sources").map { $0.lowercased() })
        roleNouns = Set(try lines("role-nouns").map { $0.lowercased() })
        quantitySubjects = Dictionary(
            try lines("quantity-subjects").compactMap { line -> (String, String)? in
                let parts = line.split(separator: "\t").map(String.init)
                return parts.count == 2 ? (parts[0].lowercased(), parts[1]) : nil
            }, uniquingKeysWith: { a, _ in a })
        var terms: [String: String] = [:]
        for line in try lines("claim-terms") {
            let parts = line.split(separator: "\t").map(String.init)
            guard parts.count == 2 else { continue }
            for word in parts[1].split(separator: " ") { terms[String(word)] = parts[0] }
        }
        claimTerms = terms
        claimStopwords = Set(try lines("claim-stopwords"))
        claimNegations = Set(try lines("claim-negations").map { $0.lowercased() })
    }
}

/// A phrase that marks a line as site furniture.
public struct BoilerplateCue: Sendable, Hashable {
    public enum Match: String, Sendable { case contains, prefix, line }
    public var kind: BoilerplateKind
    public var match: Match
    /// Lower-cased phrase.
    public var phrase: String
    /// Strong cues exclude a block of any length; weak ones only short blocks.
    public var strong: Bool

    public init(kind: BoilerplateKind, match: Match, phrase: String, strong: Bool) {
        self.kind = kind
        self.match = match
        self.phrase = phrase.lowercased()
        self.strong = strong
    }

    /// Parses `kind<TAB>match<TAB>strength<TAB>phrase`.
    init?(line: String) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 4, let kind = BoilerplateKind(rawValue: fields[0]),
            let match = Match(rawValue: fields[1])
        else { return nil }
        self.init(kind: kind, match: match, phrase: fields[3], strong: fields[2] == "strong")
    }
}
