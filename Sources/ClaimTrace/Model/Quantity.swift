/// A number the text states about something: "nearly 7,000 active fighters".
public struct Quantity: Sendable, Hashable, Codable {
    public enum Qualifier: String, Sendable, Codable {
        case exact
        /// "nearly", "about", "some", "around", "estimated at".
        case approximately
        /// "more than", "over", "at least", "stronger than".
        case atLeast = "at-least"
        /// "less than", "fewer than", "up to", "as many as".
        case atMost = "at-most"
    }

    /// The number with its qualifier and what it counts.
    public var range: TextRange
    public var value: Double
    /// The upper end of a range ("60,000 or 70,000", "between 5 and 10").
    public var high: Double?
    public var qualifier: Qualifier
    /// What is counted, normalised ("fighters" for "terrorists", "active fighters", "troops").
    public var subject: String?
    public var subjectRange: TextRange?
    /// "Dozens", "thousands of": an order of magnitude, not a figure to compare.
    public var vague: Bool = false

    /// The values the statement allows, for comparing two statements.
    public var interval: ClosedRange<Double> { Self.interval(value: value, high: high, qualifier: qualifier) }

    static func interval(value: Double, high: Double?, qualifier: Qualifier) -> ClosedRange<Double> {
        let hi = high ?? value
        switch qualifier {
        case .exact: return value * 0.99...hi * 1.01
        case .approximately: return value * 0.8...hi * 1.2
        case .atLeast: return value...Double.greatestFiniteMagnitude
        case .atMost: return 0...hi
        }
    }
}
