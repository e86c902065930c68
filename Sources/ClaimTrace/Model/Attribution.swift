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
public struct Attribution: Sendable, Hashable {
    public var source: TextRange?
    public var cue: TextRange
    public var content: TextRange
    public var sourceKind: SourceKind
    /// Whether the content is a direct quotation.
    public var direct: Bool

    public init(source: TextRange?, cue: TextRange, content: TextRange, sourceKind: SourceKind, direct: Bool) {
        self.source = source
        self.cue = cue
        self.content = content
        self.sourceKind = sourceKind
        self.direct = direct
    }
}
