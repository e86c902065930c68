import Testing

@testable import ClaimTrace

/// The weekday check on dates in every common order (issue 25, item 5). 15 March 2022 was a
/// Tuesday; each form is written once with the right weekday and once with a wrong one.
@Suite struct WeekdayTests {
    /// The weekday-mismatch findings of a short article whose second paragraph is `sentence`.
    func mismatches(_ sentence: String) throws -> [String] {
        try analyze("Headline of the test\n\n" + sentence).findings.filter { $0.kind == .weekdayMismatch }.map(\.at.text)
    }

    @Test(arguments: [
        ("The ministry said on %, that the plant had closed.", "Tuesday, 15 March 2022", "Monday, 15 March 2022"),
        ("The ministry said on % that the plant had closed.", "Tuesday 15 March 2022", "Monday 15 March 2022"),
        ("The ministry said on %, that the plant had closed.", "Tuesday, March 15, 2022", "Monday, March 15, 2022"),
        ("The ministry said on %, that the plant had closed.", "Tuesday, March 15th, 2022", "Monday, March 15th, 2022"),
        ("The ministry said on % that the plant had closed.", "Tuesday, 2022-03-15", "Monday, 2022-03-15"),
        ("The ministry said on % that the plant had closed.", "Tue 15 Mar 2022", "Mon 15 Mar 2022"),
        ("The ministry said on % that the plant had closed.", "Tue. 15 Mar. 2022", "Mon. 15 Mar. 2022"),
        ("The ministry said on % that the plant had closed.", "Tuesday, 15th of March 2022", "Monday, 15th of March 2022"),
        ("The ministry said on % that the plant had closed.", "Tuesday the 15th of March 2022", "Monday the 15th of March 2022"),
        ("The ministry said on % that the plant had closed.", "15 March 2022 (Tuesday)", "15 March 2022 (Monday)"),
        ("The ministry said on % that the plant had closed.", "2022-03-15 (Tuesday)", "2022-03-15 (Monday)"),
        ("The ministry said on %, that the plant had closed.", "March 15, 2022, a Tuesday", "March 15, 2022, a Monday"),
    ])
    func everyOrder(template: String, right: String, wrong: String) throws {
        func sentence(_ date: String) -> String { template.replacingOccurrences(of: "%", with: date) }
        #expect(try mismatches(sentence(right)) == [])
        #expect(try mismatches(sentence(wrong)) == [wrong])
    }

    @Test func theDatelineOfAnArticle() throws {
        let doc = try analyze("Plant closes after long dispute\n\nMonday, 15 March 2022\n\nThe plant closed after a long dispute, the ministry said.")
        #expect(doc.findings.filter { $0.kind == .weekdayMismatch }.map(\.at.text) == ["Monday, 15 March 2022"])
    }

    /// A weekday that belongs to another date, or to another clause, is not checked against
    /// the date that follows it.
    @Test(arguments: [
        "The council met on Monday. 15 March 2022 was the deadline for the plant.",
        "The council met on Monday; 15 March 2022 was the deadline for the plant.",
        "The council met on Monday and 15 March 2022 was the deadline for the plant.",
        "The council met on Monday, 14 March, and set 15 March 2022 as the deadline.",
        "The council met from Monday 14 to Tuesday 15 March 2022 at the plant.",
        "The Sun, 15 March 2022, reported that the plant had closed.",
        "The court sat 15 March 2022 to hear the case about the plant.",
        "The deadline of 15 March 2022 (Monday's meeting moved it) was missed.",
    ])
    func noFalseMismatch(sentence: String) throws {
        #expect(try mismatches(sentence) == [])
    }
}
