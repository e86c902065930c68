/// The 14 propaganda techniques of the Propaganda Techniques Corpus (PTC), under PTC's own
/// label names (merged classes keep their commas).
public enum Technique: String, CaseIterable, Sendable, Codable {
    case loadedLanguage = "Loaded_Language"
    case nameCalling = "Name_Calling,Labeling"
    case repetition = "Repetition"
    case doubt = "Doubt"
    case exaggeration = "Exaggeration,Minimisation"
    case fear = "Appeal_to_fear-prejudice"
    case flagWaving = "Flag-Waving"
    case causalOversimplification = "Causal_Oversimplification"
    case authority = "Appeal_to_Authority"
    case slogans = "Slogans"
    case blackAndWhite = "Black-and-White_Fallacy"
    case whataboutism = "Whataboutism,Straw_Men,Red_Herring"
    case clichés = "Thought-terminating_Cliches"
    case bandwagon = "Bandwagon,Reductio_ad_hitlerum"

    /// A short name for reports.
    public var title: String {
        switch self {
        case .loadedLanguage: return "loaded language"
        case .nameCalling: return "name calling, labeling"
        case .repetition: return "repetition"
        case .doubt: return "doubt"
        case .exaggeration: return "exaggeration, minimisation"
        case .fear: return "appeal to fear or prejudice"
        case .flagWaving: return "flag-waving"
        case .causalOversimplification: return "causal oversimplification"
        case .authority: return "appeal to authority"
        case .slogans: return "slogans"
        case .blackAndWhite: return "black-and-white fallacy"
        case .whataboutism: return "whataboutism, straw men, red herring"
        case .clichés: return "thought-terminating clichés"
        case .bandwagon: return "bandwagon, reductio ad Hitlerum"
        }
    }
}

/// One passage marked as using a technique: where, which, how sure, and why.
public struct TechniqueSpan: Sendable, Hashable, Codable {
    public var range: TextRange
    public var technique: Technique
    /// The classifier's probability for the technique, times the span detector's confidence.
    public var score: Float
    /// What fired, in words ("word 'hoax'", "repeated 4 times in the article").
    public var cue: String

    public init(range: TextRange, technique: Technique, score: Float, cue: String) {
        self.range = range
        self.technique = technique
        self.score = score
        self.cue = cue
    }
}
