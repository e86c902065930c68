import Testing

@testable import ClaimTrace

@Suite struct ParagraphTests {
    func paragraphs(_ text: String) -> [String] { ParagraphSplitter().split(text).map { text.utf8Slice($0) } }

    @Test func blankLinesSeparateParagraphs() {
        #expect(paragraphs("One.\n\n  Two.  \n\n\n\nThree.") == ["One.", "Two.", "Three."])
    }

    @Test func oneParagraphPerLine() {
        #expect(
            paragraphs("Headline without a stop\nFirst paragraph ends here.\nSecond starts in capitals.")
                == ["Headline without a stop", "First paragraph ends here.", "Second starts in capitals."])
    }

    @Test func hardWrappedTextIsJoined() {
        let text = """
            The ministry said on Sunday that the barrels had been moved across
            the border at night, and that the drivers were paid in cash by a
            company it did not name. Officials declined to comment further.

            A second paragraph follows here, also wrapped at a fixed width of
            about seventy characters per line, as plain-text mail often is.
            """
        #expect(paragraphs(text).count == 2)
        #expect(paragraphs(text)[0].hasSuffix("Officials declined to comment further."))
    }

    @Test func shortLinesStandAloneEvenInLowerCase() {
        #expect(paragraphs("By Jane Roe\nThe Example Times, March 3, 2025\nBody starts.") == [
            "By Jane Roe", "The Example Times, March 3, 2025", "Body starts.",
        ])
    }

    @Test func windowsLineEndings() {
        #expect(paragraphs("One.\r\n\r\nTwo.\r\nThree.\r\n") == ["One.", "Two.", "Three."])
    }

    @Test func lowerCaseStartContinuesTheParagraph() {
        #expect(paragraphs("It was said that the\nbarrels moved.") == ["It was said that the\nbarrels moved."])
    }
}

@Suite struct SentenceTests {
    func sentences(_ text: String) throws -> [String] {
        let paragraphs = ParagraphSplitter().split(text)
        return try SentenceSplitter().split(text, paragraphs: paragraphs).map { text.utf8Slice($0) }
    }

    @Test(arguments: [
        "Chief of Staff Maj. Gen. Mohammad Rostami blamed the U.S. for the move.",
        "Col. Gen. Andrei Vashkin addressed the committee on Friday.",
        "Dr. Ilona Vesk and Mr. Tomas Vesk disagreed.",
        "The U.S. is moving the group, said Lt. Col. Ray Moss.",
        "President George W. Bush spoke in Washington, D.C. on Tuesday.",
        "It happened on Jan. 5 near St. Petersburg, according to Gen. Ivo Dask.",
        "“We will not allow it,” he said. ",
    ])
    func abbreviationsDoNotEndSentences(_ text: String) throws {
        #expect(try sentences(text).count == 1)
    }

    @Test func sentencesSplitAtRealBoundaries() throws {
        #expect(
            try sentences("The plant closed. Workers left! Did anyone check? “No,” she said. He agreed.")
                == ["The plant closed.", "Workers left!", "Did anyone check?", "“No,” she said.", "He agreed."])
    }

    @Test func dottedAcronymBeforeASentenceOpenerEndsTheSentence() throws {
        #expect(try sentences("Troops left the U.S. The next day they arrived.").count == 2)
        #expect(try sentences("Troops left the U.S. Embassy grounds.").count == 1)
    }

    @Test func aSentenceNeverCrossesAParagraphBreak() throws {
        #expect(try sentences("This line has no stop\n\nand this one goes on.") == [
            "This line has no stop", "and this one goes on.",
        ])
    }

    @Test func excludedRegionsAreSkipped() throws {
        let text = "KABUL (Wire) - Officials spoke. Share this: Facebook\n\nNext."
        let paragraphs = ParagraphSplitter().split(text)
        let excluded = [ExcludedRegion(TextRange(0, 15), .byline)]
        let result = try SentenceSplitter().split(text, paragraphs: paragraphs, excluded: excluded).map { text.utf8Slice($0) }
        #expect(result == ["Officials spoke.", "Share this: Facebook", "Next."])
    }

    @Test func punctuationOnlyFragmentsJoinTheSentenceBefore() throws {
        #expect(try sentences("*An italic lede ends here.*") == ["*An italic lede ends here.*"])
    }
}

@Suite struct TokenizerTests {
    func tokens(_ text: String) -> [String] { Tokenizer().tokens(text).map { text.utf8Slice($0.range) } }

    @Test func wordsNumbersAndPunctuation() {
        #expect(tokens("The U.S. moved 7,000 fighters, $24.95 each.") == [
            "The", "U.S.", "moved", "7,000", "fighters", ",", "$", "24.95", "each", ".",
        ])
    }

    @Test func abbreviationsKeepTheirPeriod() {
        #expect(tokens("Maj. Gen. Bagheri met Dr. Vesk in Feb. at the end.") == [
            "Maj.", "Gen.", "Bagheri", "met", "Dr.", "Vesk", "in", "Feb.", "at", "the", "end", ".",
        ])
    }

    @Test func aMiddleInitialKeepsItsPeriodButASentenceEndingInALetterDoesNot() {
        #expect(tokens("Vice Minister Lena K. Ostrova spoke") == ["Vice", "Minister", "Lena", "K.", "Ostrova", "spoke"])
        #expect(tokens("They chose plan B. Then it rained") == ["They", "chose", "plan", "B", ".", "Then", "it", "rained"])
    }

    @Test func apostrophesHyphensAndPossessives() {
        #expect(tokens("Russia’s envoy didn't see al-Baghdadi's men") == [
            "Russia", "’s", "envoy", "didn't", "see", "al-Baghdadi", "'s", "men",
        ])
    }

    @Test func nonLatinAndAccentedLetters() {
        #expect(tokens("Renée met Хатами in 北京.") == ["Renée", "met", "Хатами", "in", "北京", "."])
        let kinds = Tokenizer().tokens("Route 66, 3rd exit").map(\.kind)
        #expect(kinds == [.word, .number, .punctuation, .number, .word])
    }
}

@Suite struct DateTests {
    @Test(arguments: [
        ("On Sunday, February 4, 2018, he spoke.", "2018-02-04", 7),
        ("Published 10 February 2018", "2018-02-10", nil),
        ("dated 2018-02-06T10:00", "2018-02-06", nil),
        ("On Thursday, 6th of February 2018 it began", "2018-02-06", 4),
        ("Feb. 13, 2018", "2018-02-13", nil),
    ] as [(String, String, Int?)])
    func completeDates(text: String, iso: String, weekday: Int?) {
        let found = DateExpressions.find(in: text)
        #expect(found.count == 1)
        #expect(found.first?.day?.description == iso)
        #expect(found.first?.statedWeekday == weekday)
    }

    @Test func partialDatesAndNonDates() {
        let found = DateExpressions.find(in: "On February 1 and in March 2019, not in may or 31 Mayday.")
        #expect(found.map { $0.day?.description ?? "-" } == ["-", "-"])
        #expect(found.map(\.month) == [2, 3])
        #expect(found[0].dayOfMonth == 1)
        #expect(found[1].year == 2019)
        #expect(DateExpressions.find(in: "February 30, 2018").first?.day == nil)
    }

    @Test func weekdaysOfKnownDays() {
        #expect(Day(year: 2018, month: 2, day: 6)?.weekday == 2)  // a Tuesday
        #expect(Day(year: 2018, month: 2, day: 4)?.weekday == 7)  // a Sunday
        #expect(Day(year: 2000, month: 2, day: 29)?.weekday == 2)
        #expect(Day(year: 1900, month: 2, day: 29) == nil)
        #expect(Day(iso: "2025-02-10")?.description == "2025-02-10")
    }
}
