import Testing

@testable import ClaimTrace

/// A page saved as text, with the furniture our users meet, written for these tests.
let furnishedArticle = """
    Home / World News / Barrels at the border

    # Barrels at the border

    By [Jane Roe](#)

    The Example Herald, March 3, 2025

    Region: [Europe](#), [Selvania](#)

    Tags: [waste](#), [rivers](#)

    The ministry said on Monday that nearly 400 barrels crossed the border at night. Officials said the \
    drivers were paid in cash.

    “We have a paper trail,” Deputy Minister Pavel Ostrov told reporters. He added that the company had \
    ignored warnings for years, and that copyright law was no excuse for hiding the records.

    Featured image: Trucks at the crossing (Photo: staff)

    Jane Roe is an independent journalist based in Vienna.

    ---

    ## The River Book

    **by Someone Else**

    **ISBN: 978-0-00-000000-0**

    **List Price: $19.95**

    **[click here to order](#)**

    In this sweeping account the author follows the river from source to sea and finds the people who \
    profit from its ruin.

    ---

    [Become a Member of The Example Herald](#)

    Share this: Facebook Twitter Email

    Articles by: [Jane Roe](#)

    **Disclaimer:** The contents of this article are of sole responsibility of the author(s). The Herald \
    will not be responsible for any inaccurate or incorrect statement in this article.

    This site contains copyrighted material the use of which has not always been specifically authorized \
    by the copyright owner. We make it available under the provisions of "fair use" for research.

    Copyright © Jane Roe, The Example Herald, 2025

    About admin

    Check Also

    River levels fall after dry winter

    EH Desk: Water authorities say the river fell to its lowest level in a decade …
    """

@Suite struct BoilerplateTests {
    @Test func everyKindOfFurnitureIsExcluded() throws {
        let analyzed = try analyze(furnishedArticle)
        let excluded = Dictionary(analyzed.excludedTexts.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        #expect(excluded["Home / World News / Barrels at the border"] == .breadcrumb)
        #expect(excluded["By [Jane Roe](#)"] == .byline)
        #expect(excluded["The Example Herald, March 3, 2025"] == .byline)
        #expect(excluded["Region: [Europe](#), [Selvania](#)"] == .taxonomy)
        #expect(excluded["Tags: [waste](#), [rivers](#)"] == .taxonomy)
        #expect(excluded["Featured image: Trucks at the crossing (Photo: staff)"] == .imageCredit)
        #expect(excluded["Jane Roe is an independent journalist based in Vienna."] == .authorBox)
        #expect(excluded["## The River Book"] == .advert)
        #expect(excluded["**ISBN: 978-0-00-000000-0**"] == .advert)
        #expect(excluded.keys.contains { $0.hasPrefix("In this sweeping account") })
        #expect(excluded["[Become a Member of The Example Herald](#)"] == .prompt)
        #expect(excluded["Share this: Facebook Twitter Email"] == .share)
        #expect(excluded["Articles by: [Jane Roe](#)"] == .authorBox)
        #expect(excluded.first { $0.key.hasPrefix("**Disclaimer:**") }?.value == .disclaimer)
        #expect(excluded.first { $0.key.hasPrefix("This site contains copyrighted") }?.value == .copyright)
        #expect(excluded["Copyright © Jane Roe, The Example Herald, 2025"] == .copyright)
        #expect(excluded["About admin"] == .authorBox)
        #expect(excluded["Check Also"] == .related)
        #expect(excluded["River levels fall after dry winter"] == .related)
        #expect(excluded["---"] == .separator)
    }

    @Test func noArticleSentenceIsExcluded() throws {
        let analyzed = try analyze(furnishedArticle)
        #expect(analyzed.sentenceTexts == [
            "# Barrels at the border",
            "The ministry said on Monday that nearly 400 barrels crossed the border at night.",
            "Officials said the drivers were paid in cash.",
            "“We have a paper trail,” Deputy Minister Pavel Ostrov told reporters.",
            "He added that the company had ignored warnings for years, and that copyright law was no excuse for hiding the records.",
        ])
    }

    @Test func aLongParagraphWithOneWeakCueStaysText() throws {
        let paragraph =
            "The court heard that the publisher had argued its use was fair use under the law, a claim the judge rejected after hearing from the authors, the printers, and two experts on the history of quotation in newspapers over the last century."
        let analyzed = try analyze("Title\n\n" + paragraph + "\n\nAnother paragraph of the article follows here.")
        #expect(analyzed.excluded.isEmpty)
    }

    @Test func inlineDatelineAloneIsExcluded() throws {
        let text = "Headline\n\nXY Monitoring Desk-KABUL: The envoy said more than 10,000 fighters had arrived this year in the north."
        let analyzed = try analyze(text)
        #expect(analyzed.excludedTexts.map(\.0) == ["XY Monitoring Desk-KABUL:"])
        #expect(analyzed.sentenceTexts.last == "The envoy said more than 10,000 fighters had arrived this year in the north.")
        #expect(analyzed.metadata.outlet == "XY")
    }

    @Test func sourceTrailerAtTheEnd() throws {
        let analyzed = try analyze("Title\n\nA paragraph of the article that says something.\n\nSource # Some Website")
        #expect(analyzed.excludedTexts.map(\.1) == [.sourceNote])
    }

    /// Cue phrases of other languages (from `boilerplate-cues-LANG.txt`), capitals with
    /// diacritics included, and the biography under an "About the author" heading.
    @Test func furnitureInOtherLanguages() throws {
        let page = """
            Der Fluss und die Fässer

            Das Ministerium teilte am Montag mit, dass in der Nacht fast 400 Fässer die Grenze überquert hätten. Die Fahrer seien bar bezahlt worden, hieß es. Inspektoren hätten die Fässer über Monate verfolgt, sagte eine Sprecherin, und die Akten lägen nun der Staatsanwaltschaft in der Hauptstadt vor.

            Nach Angaben des Ministeriums wurden die Fässer vor der Abfahrt als Schmierstoff umetikettiert. Die Lastwagen hätten die Anlage stets nach Mitternacht verlassen, wenn die Waage nicht besetzt gewesen sei, und seien ohne Halt bis zum Grenzübergang gefahren.

            Umweltverbände forderten eine unabhängige Untersuchung. Sie verwiesen auf Proben aus dem Fluss, in denen seit dem Herbst erhöhte Werte von Lösungsmitteln gemessen worden seien, und auf Klagen von Bauern auf der anderen Seite der Grenze.

            ---

            Werbung

            Die Firma bestreitet alle Vorwürfe und kündigte an, gegen den Bericht vor Gericht zu ziehen, sobald er veröffentlicht sei.

            ÄHNLICHE BEITRÄGE

            Pegel des Flusses sinkt nach trockenem Winter

            Fanden Sie diesen Artikel nützlich?

            Über den Autor

            Jana Roth schreibt seit 2010 über Umweltpolitik und lebt in Wien.

            Zobacz także: Rzeka i beczki

            Quelle: Umweltministerium
            """
        let analyzed = try analyze(page)
        let excluded = Dictionary(analyzed.excludedTexts.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        #expect(excluded["Werbung"] == .advert)
        #expect(excluded["ÄHNLICHE BEITRÄGE"] == .related)
        #expect(excluded["Pegel des Flusses sinkt nach trockenem Winter"] == .related)
        #expect(excluded["Fanden Sie diesen Artikel nützlich?"] == .prompt)
        #expect(excluded["Über den Autor"] == .authorBox)
        #expect(excluded["Jana Roth schreibt seit 2010 über Umweltpolitik und lebt in Wien."] == .authorBox)
        #expect(excluded["Zobacz także: Rzeka i beczki"] == .related)
        #expect(excluded["Quelle: Umweltministerium"] == .sourceNote)
        // An ad slot's label inside the article does not make the rest of the article an advert.
        #expect(analyzed.sentenceTexts.contains { $0.hasPrefix("Die Firma bestreitet alle Vorwürfe") })
        #expect(analyzed.sentenceTexts.contains { $0.hasPrefix("Das Ministerium teilte am Montag mit") })
    }

    /// `tail-labels`: short unpunctuated lines after the last paragraph of prose are the page's
    /// tail; a longer run of them is a list and stays.
    @Test func shortLinesAfterTheLastParagraphAreTheTailUnlessTheyAreAList() throws {
        let prose = "The ministry said on Monday that nearly 400 barrels crossed the border at night, and that the drivers were paid in cash."
        let tailed = try analyze("Barrels at the border\n\n\(prose)\n\nFurther information\n\nPress office:\n\nJana Roth")
        let kinds = Dictionary(tailed.excludedTexts.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        #expect(kinds["Further information"] == .footer)
        #expect(kinds["Press office:"] == .footer)
        #expect(kinds["Jana Roth"] == .footer)
        #expect(tailed.sentenceTexts.contains { $0.hasPrefix("The ministry said on Monday") })
        let items = (1...8).map { "\($0). Crossing number \($0)" }.joined(separator: "\n\n")
        let listed = try analyze("Barrels at the border\n\n\(prose)\n\n\(items)")
        #expect(!listed.excludedTexts.contains { $0.0.hasPrefix("3. Crossing") })
    }

    /// `numeric-date-line`: a line that is only a date or a time in figures is furniture
    /// wherever it stands; a date with a month name, or figures in a sentence, stay.
    @Test(arguments: ["23.10.2018", "3:59 PM", "20:37 Uhr", "2025-03-03 14:05", "10/03/2025"])
    func aLineOfOnlyADateOrTimeIsExcluded(line: String) throws {
        let prose = "The ministry said on Monday that nearly 400 barrels crossed the border at night, and that the drivers were paid in cash."
        let analyzed = try analyze("Barrels at the border\n\n\(prose)\n\n\(line)\n\n\(prose)")
        #expect(analyzed.excludedTexts.map(\.0) == [line])
    }

    @Test func aDateWithAMonthNameOrInASentenceStays() throws {
        let prose = "The ministry said on Monday that nearly 400 barrels crossed the border at night, and that the drivers were paid in cash."
        for line in ["1. Januar 2023", "Between 2019 and 2021, 400 barrels."] {
            let analyzed = try analyze("Barrels at the border\n\n\(prose)\n\n\(line)\n\n\(prose)")
            #expect(analyzed.excludedTexts.isEmpty, "\(line)")
        }
    }

    @Test func regionsAreSortedAndDisjoint() throws {
        let analyzed = try analyze(furnishedArticle)
        for (a, b) in zip(analyzed.excluded, analyzed.excluded.dropFirst()) { #expect(a.range.end <= b.range.start) }
        for sentence in analyzed.sentences {
            #expect(!analyzed.excluded.contains { $0.range.overlaps(sentence) })
            #expect(analyzed.paragraphs.contains { $0.contains(sentence) })
        }
    }
}

@Suite struct MetadataTests {
    @Test func metadataFromTheTextItself() throws {
        let meta = try analyze(furnishedArticle).metadata
        #expect(meta.title == "Barrels at the border")
        #expect(meta.authors == ["Jane Roe"])
        #expect(meta.published == Day(year: 2025, month: 3, day: 3))
        #expect(meta.outlet == "The Example Herald")
        #expect(meta.signOffAuthor == "Jane Roe")
        #expect(meta.originalSource == nil)
    }

    @Test func republicationNotes() throws {
        let a = try analyze(
            "Title\n\nBody of the article here.\n\n*Ann Lee is a special correspondent from River Watch where this article was originally published.*\n\nThe original source of this article is The Example Herald")
        #expect(a.metadata.originalSource == "River Watch")
        #expect(a.metadata.signOffAuthor == "Ann Lee")
        #expect(a.metadata.outlet == "The Example Herald")
        let b = try analyze("Title\n\nBody of the article here.\n\nThis article was originally published at Basin Review.")
        #expect(b.metadata.originalSource == "Basin Review")
    }

    @Test func bylineAndSignOffKeptApart() throws {
        let meta = try analyze("Title\n\nBy Sam Karr\n\nBody of the article.\n\n**Mira Dobs** is an independent author based in Kabul.").metadata
        #expect(meta.authors == ["Sam Karr"])
        #expect(meta.signOffAuthor == "Mira Dobs")
    }

    @Test(arguments: [
        ("By Hana Ostrel, Director, Clear Water Watch · 18 March 2025", ["Hana Ostrel"], "Clear Water Watch", "2025-03-18"),
        ("By Ann Lee and Bo Park | The Ledger | June 2, 2024", ["Ann Lee", "Bo Park"], "The Ledger", "2024-06-02"),
        ("Articles by: Sami Karro", ["Sami Karro"], nil, nil),
    ] as [(String, [String], String?, String?)])
    func bylines(line: String, names: [String], outlet: String?, day: String?) throws {
        let meta = try analyze("Title\n\n\(line)\n\nBody of the article.").metadata
        #expect(meta.authors == names)
        #expect(meta.outlet == outlet)
        #expect(meta.published?.description == day)
    }

    @Test func acronymOutletIsExpandedByTheCopyrightLine() throws {
        let meta = try analyze(
            "Title\n\nEM Monitoring Desk-MESK: The envoy denied the claims in an interview on Monday morning.\n\n© 2025 East Meridian Monitor. All rights reserved.").metadata
        #expect(meta.outlet == "East Meridian Monitor")
    }

    /// The outlet named by a syndication copyright line is the publication, not the company
    /// form, the syndicate or the place in brackets.
    @Test(arguments: [
        ("©2025 Example Herald, Distributed by Example Content Agency, LLC.", "Example Herald"),
        ("©2025 River Roll Call, Inc., All Rights Reserved, Distributed by Example Content Agency, LLC.", "River Roll Call"),
        ("©2025 The Korvo Journal-Constitution (Korvo, Ga.), Distributed by Example Content Agency, LLC.", "The Korvo Journal-Constitution"),
        ("©2025 The Mesk Pilot (Mesk, Va.)", "The Mesk Pilot"),
        ("© Provided by River Weekly", "River Weekly"),
        ("Copyright © Jane Roe, Daily Example, 2018", "Daily Example"),
    ])
    func outletOfASyndicationCopyrightLine(line: String, outlet: String) {
        #expect(MetadataExtractor.outletFromCopyright(line, authors: ["Jane Roe"]) == outlet)
    }

    /// An embedded post's signature ("— Name (@handle) date") is neither the outlet nor the date.
    @Test func anEmbeddedPostsSignatureIsNotADateline() throws {
        let meta = try analyze(
            "Title\n\nThe envoy denied the claims in an interview on Monday morning, his office said.\n\nWe are doing just fine!\n\n— Jane Roe (@janeroe) December 1, 2017\n\nThe office repeated the denial on Tuesday.").metadata
        #expect(meta.outlet == nil)
        #expect(meta.published == nil)
    }

    @Test func markupMetadataWinsOverText() throws {
        let doc = Document(
            id: "x", source: "x", format: .text, text: "Text Title\n\nBy Other Person\n\nBody.",
            metadata: DocumentMetadata(title: "Markup Title", authors: ["Markup Author"]))
        let meta = try Pipeline().analyze(doc).metadata
        #expect(meta.title == "Markup Title")
        #expect(meta.authors == ["Markup Author"])
    }
}
