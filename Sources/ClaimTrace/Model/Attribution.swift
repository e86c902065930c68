/// How the source of a reported statement is given.
public enum SourceKind: String, Sendable, Codable, CaseIterable {
    /// A named person or organisation (or a pronoun or role standing for one).
    case named
    /// A source kept anonymous: "sources in Syria", "a source who has access to ...", "witnesses".
    case anonymous
    /// A vague collective: "many experts", "analysts believe", "pundits".
    case vague
    /// No source: "it was reported that", "there is evidence that".
    case unattributed
}

/// A reported statement: who (source), through which words (cue), what (content).
public struct Attribution: Sendable, Hashable, Codable {
    public var source: TextRange?
    /// What a relative-pronoun source stands for: "One farmer" in "One farmer, who asked not to
    /// be named, said ...", whose `source` is "who".
    public var antecedent: TextRange?
    public var cue: TextRange
    public var content: TextRange
    public var sourceKind: SourceKind
    /// Whether the content is a direct quotation.
    public var direct: Bool
    /// Where it was said: "Tasnim news agency", "an interview with Rossiya-24", "a statement".
    public var venue: TextRange?
    /// When it was said, from the sentence, resolved against the publication date.
    public var date: StatementDate?
    /// Whether the cue came from the learned tagger rather than the lexicon of reporting verbs
    /// (less certain: "wants", "called for", a dash).
    public var learnedCue: Bool = false

    /// The words that name the speaker for a reader: the antecedent of a relative pronoun,
    /// else the source.
    public var speaker: TextRange? { antecedent ?? source }

    public init(
        source: TextRange?, cue: TextRange, content: TextRange, sourceKind: SourceKind, direct: Bool,
        venue: TextRange? = nil, date: StatementDate? = nil
    ) {
        self.source = source
        self.cue = cue
        self.content = content
        self.sourceKind = sourceKind
        self.direct = direct
        self.venue = venue
        self.date = date
    }
}

/// When a statement was made, as precisely as the text says.
public struct StatementDate: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Precision: String, Sendable, Codable { case day, month, year }
    /// The day (for month or year precision, the first day of it).
    public var day: Day
    public var precision: Precision
    /// The words that gave it ("On Sunday, February 4, 2018", "last September", "Friday").
    public var range: TextRange
    /// Whether it was inferred from the publication date ("Friday", "last September").
    public var relative: Bool

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public var description: String {
        switch precision {
        case .day: return day.description
        case .month: return String(day.description.prefix(7))
        case .year: return String(day.description.prefix(4))
        }
    }
}
