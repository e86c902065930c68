import Foundation
import Testing

@testable import ClaimTrace

/// Each layout of a reported statement, in sentences we wrote.
@Suite struct AttributionTests {
    struct Case: Sendable, CustomStringConvertible {
        var sentence: String
        var source: String?
        var cue: String
        var content: String
        var kind: SourceKind
        var direct: Bool = false
        var description: String { sentence }
    }

    static let cases: [Case] = [
        Case(sentence: "The ministry said that barrels crossed the border at night.", source: "The ministry", cue: "said",
             content: "that barrels crossed the border at night", kind: .named),
        Case(sentence: "“We have proof,” he said.", source: "he", cue: "said", content: "“We have proof,”", kind: .named, direct: true),
        Case(sentence: "Barrels crossed the border, sources in the region say.", source: "sources in the region", cue: "say",
             content: "Barrels crossed the border", kind: .anonymous),
        Case(sentence: "According to many experts, the number of barrels is 400.", source: "many experts", cue: "According to",
             content: "the number of barrels is 400", kind: .vague),
        Case(sentence: "“We will act soon,” said Anna Berg, the ministry's spokeswoman.", source: "Anna Berg, the ministry's spokeswoman",
             cue: "said", content: "“We will act soon,”", kind: .named, direct: true),
        Case(sentence: "Deputy Minister Pavel Ostrov told reporters that the plant was closed.", source: "Deputy Minister Pavel Ostrov",
             cue: "told", content: "that the plant was closed", kind: .named),
        Case(sentence: "It was reported that the plant had closed in May.", source: nil, cue: "was reported",
             content: "that the plant had closed in May", kind: .unattributed),
        Case(sentence: "Analysts believe the company moved the waste to the coast.", source: "Analysts", cue: "believe",
             content: "the company moved the waste to the coast", kind: .vague),
        Case(sentence: "Col. Gen. Ivo Dask warned that the river would be poisoned by summer.", source: "Col. Gen. Ivo Dask",
             cue: "warned", content: "that the river would be poisoned by summer", kind: .named),
        Case(sentence: "A source who has access to the investigation said the drivers were paid in cash.",
             source: "A source who has access to the investigation", cue: "said", content: "the drivers were paid in cash", kind: .anonymous),
        // A name the chunker may cut in two, and a coordination of names.
        Case(sentence: "Deputy Mayor Lena K. Ostrova said the bridge would reopen in May.", source: "Deputy Mayor Lena K. Ostrova",
             cue: "said", content: "the bridge would reopen in May", kind: .named),
        Case(sentence: "Mr. Dask and Mrs. Ostrova said the plant had been sold.", source: "Mr. Dask and Mrs. Ostrova", cue: "said",
             content: "the plant had been sold", kind: .named),
        // A parenthetical cue inside the statement: the phrase before the comma is the content's, not an appositive.
        Case(sentence: "Acts of defiance, Mr. Dask said, are acts of courage.", source: "Mr. Dask", cue: "said",
             content: "are acts of courage", kind: .named),
        // A participle clause and a place with its region before the subject.
        Case(sentence: "Speaking at a rally in Brenna, Moravia, Ostrova says the mine will close.", source: "Ostrova", cue: "says",
             content: "the mine will close", kind: .named),
        Case(sentence: "At a rally Friday in Brenna, Moravia, Ostrova said the mine would close.", source: "Ostrova", cue: "said",
             content: "the mine would close", kind: .named),
        // A noun ending in -ly is no adverb; a progressive is active.
        Case(sentence: "Lawyers for the family said the guard should be charged.", source: "Lawyers for the family", cue: "said",
             content: "the guard should be charged", kind: .named),
        Case(sentence: "The ministry is warning that the dam may fail.", source: "The ministry", cue: "is warning",
             content: "that the dam may fail", kind: .named),
        // An appositive after a possessive phrase, and after a sentence's "But".
        Case(sentence: "The ministry’s chief spokesman, Pavel Ostrov, said the plant was closed.",
             source: "The ministry’s chief spokesman, Pavel Ostrov", cue: "said", content: "the plant was closed", kind: .named),
        Case(sentence: "But Anna Berg, a lawyer for the family, said the guard lied.", source: "Anna Berg, a lawyer for the family",
             cue: "said", content: "the guard lied", kind: .named),
        // An appositive whose closing comma a time replaces.
        Case(sentence: "Pavel Ostrov, the ministry’s director of the Second Department in Brenna last September stated that the river was poisoned.",
             source: "Pavel Ostrov, the ministry’s director of the Second Department in Brenna", cue: "stated",
             content: "that the river was poisoned", kind: .named),
        // Verbs of stance (Resources/stance-cues.txt), with a relative clause between commas; and
        // one after its object is not inverted ("..., dismissed the findings" has no source after it).
        Case(sentence: "Tomas Vesk, who speaks for the plant, dismissed the findings within hours.",
             source: "Tomas Vesk, who speaks for the plant", cue: "dismissed", content: "the findings within hours", kind: .named),
        Case(sentence: "The mayor criticized the ministry for the delay.", source: "The mayor", cue: "criticized",
             content: "the ministry for the delay", kind: .named),
        // An appositive of two coordinated roles, each with its prepositions; and a name after a
        // leading place (not the rest of the place, as "in Brenna, Moravia," is).
        Case(sentence: "Anna Berg, a senior fellow at the Selva Institute and a former envoy to Luvania, said the talks had failed.",
             source: "Anna Berg, a senior fellow at the Selva Institute and a former envoy to Luvania", cue: "said",
             content: "the talks had failed", kind: .named),
        Case(sentence: "At a meeting in Brenna, Pavel Ostrov, the head of the Selva Institute, told reporters that the talks had failed.",
             source: "Pavel Ostrov, the head of the Selva Institute", cue: "told", content: "that the talks had failed", kind: .named),
        // A prepositional chain with "on", and a coordination after a sentence's "But".
        Case(sentence: "The Commission on River Safety says the dam failed its last inspection.", source: "The Commission on River Safety",
             cue: "says", content: "the dam failed its last inspection", kind: .named),
        Case(sentence: "But Mr. Dask and Mrs. Ostrova say other repairs are needed.", source: "Mr. Dask and Mrs. Ostrova", cue: "say",
             content: "other repairs are needed", kind: .named),
        // An adverbial between commas is not an appositive; a month may end a name; a slash
        // joins a poll's two names.
        Case(sentence: "Anna Berg, at a later press briefing, said the dam was safe.", source: "Anna Berg", cue: "said",
             content: "the dam was safe", kind: .named),
        // A conjunction before the speaker is not theirs.
        Case(sentence: "The engineers left early, yet Mayor Anna Berg says the dam was inspected.", source: "Mayor Anna Berg", cue: "says",
             content: "the dam was inspected", kind: .named),
        // A long participial phrase between commas, whose own noun phrases are not the source.
        Case(sentence: "Mayor Anna Berg, speaking to a crowd of engineers from the Selva Institute on Friday, said the dam was safe.",
             source: "Mayor Anna Berg", cue: "said", content: "the dam was safe", kind: .named),
        Case(sentence: "The crowd fell silent as Pavel Ostrov, gasping on the floor of a cell in Brenna, said the dam was safe.",
             source: "Pavel Ostrov", cue: "said", content: "the dam was safe", kind: .named),
        Case(sentence: "Prime Minister Teresa May said the dam was safe.", source: "Prime Minister Teresa May", cue: "said",
             content: "the dam was safe", kind: .named),
        Case(sentence: "The Courier/Ipsos poll shows Ostrova ahead by five points.", source: "The Courier/Ipsos poll", cue: "shows",
             content: "Ostrova ahead by five points", kind: .named),
        // A passive with its agent: the agent speaks, the subject is the content.
        Case(sentence: "The leak was first reported by the Mesk Courier on Friday.", source: "the Mesk Courier", cue: "was first reported by",
             content: "The leak", kind: .named),
        // A stance toward a thing named ("called it a fantasy").
        Case(sentence: "The minister called the report a fantasy.", source: "The minister", cue: "called", content: "the report a fantasy",
             kind: .named),
        // Framed without a reporting verb.
        Case(sentence: "As Anna Berg put it, the dam is older than the town.", source: "Anna Berg", cue: "put it",
             content: "the dam is older than the town", kind: .named),
        Case(sentence: "The dam is older than the town, as Anna Berg put it.", source: "Anna Berg", cue: "put it",
             content: "The dam is older than the town", kind: .named),
        Case(sentence: "In the Mesk Courier's poll, conducted in early May, Ostrova led Dask by five points.",
             source: "the Mesk Courier's poll", cue: "In", content: "Ostrova led Dask by five points", kind: .named),
        // A relative pronoun speaks for the name before it.
        Case(sentence: "The deal was signed by Anna Berg, who said the terms were fair.", source: "who", cue: "said",
             content: "the terms were fair", kind: .named),
        // Where it was said, between the speaker and the cue, is the venue, not the speaker.
        Case(sentence: "Anna Berg in a televised interview said the dam was unsafe.", source: "Anna Berg", cue: "said",
             content: "the dam was unsafe", kind: .named),
        // "according to X," opening a clause of its own reports what follows its comma.
        Case(sentence: "The plant closed early, since according to the ministry, the river was too low.", source: "the ministry",
             cue: "according to", content: "the river was too low", kind: .named),
        // A study speaks with its authors ("by ..."), also when they are two.
        Case(sentence: "A 2014 study by Mesk University and the Selva Institute shows the river was poisoned.",
             source: "A 2014 study by Mesk University and the Selva Institute", cue: "shows", content: "the river was poisoned", kind: .named),
        Case(sentence: "Research conducted by the Selva Institute shows the river was poisoned.",
             source: "Research conducted by the Selva Institute", cue: "shows", content: "the river was poisoned", kind: .named),
        // A title's "Retired", which reads like a verb.
        Case(sentence: "Retired Lt. Gen. Ivo Dask said the dam was unsafe.", source: "Retired Lt. Gen. Ivo Dask", cue: "said",
             content: "the dam was unsafe", kind: .named),
        // A relative pronoun before the speaker is not theirs.
        Case(sentence: "The council kept the old formula, which analysts say favours the largest towns.", source: "analysts", cue: "say",
             content: "favours the largest towns", kind: .vague),
        // A second verb whose subject is out of reach, and an imperative: a statement without a source.
        Case(sentence: "Now tell us this report is not a whitewash.", source: nil, cue: "tell", content: "us this report is not a whitewash",
             kind: .unattributed),
        Case(sentence: "Don't for a moment believe the dam is safe.", source: nil, cue: "believe", content: "the dam is safe",
             kind: .unattributed),
        // The noun before an infinitive is not its speaker: the sentence's subject is, or,
        // after a verb like "requires", nobody has spoken.
        Case(sentence: "Ana Ruiz met the council to discuss the budget.", source: "Ana Ruiz", cue: "to discuss", content: "the budget",
             kind: .named),
        Case(sentence: "The new rule requires mining companies to disclose their water use.", source: nil, cue: "to disclose",
             content: "their water use", kind: .unattributed),
        // A plain noun the chunker ran into the name is not part of the source; a role is.
        Case(sentence: "In a radio interview Anna Berg said the dam was unsafe.", source: "Anna Berg", cue: "said",
             content: "the dam was unsafe", kind: .named),
        Case(sentence: "Last week Pavel Ostrov said the dam was unsafe.", source: "Pavel Ostrov", cue: "said",
             content: "the dam was unsafe", kind: .named),
        Case(sentence: "Council nominee Anna Berg said the dam was unsafe.", source: "Council nominee Anna Berg", cue: "said",
             content: "the dam was unsafe", kind: .named),
        Case(sentence: "The Selva television channel ZTV said the dam was unsafe.", source: "The Selva television channel ZTV",
             cue: "said", content: "the dam was unsafe", kind: .named),
        Case(sentence: "Selva police Chief Ivo Dask said the dam was unsafe.", source: "Selva police Chief Ivo Dask", cue: "said",
             content: "the dam was unsafe", kind: .named),
        Case(sentence: "A chorus of prominent Greens said the dam was unsafe.", source: "A chorus of prominent Greens", cue: "said",
             content: "the dam was unsafe", kind: .named),
        // A group tied to someone, and a coordination after a subordinating word.
        Case(sentence: "Those close to the mayor say that he will resign.", source: "Those close to the mayor", cue: "say",
             content: "that he will resign", kind: .anonymous),
        Case(sentence: "Floods continue in Brenna while Selva and Luvania claim the dam is safe.", source: "Selva and Luvania",
             cue: "claim", content: "the dam is safe", kind: .named),
        Case(sentence: "The dam failed even though the mayor and the governor said it was safe.", source: "the mayor and the governor",
             cue: "said", content: "it was safe", kind: .named),
        // Who was told comes after "told", never the speaker.
        Case(sentence: "\"Nobody has ever edited my show,\" Mr. Dask, 82, told me.", source: "Mr. Dask, 82", cue: "told",
             content: "\"Nobody has ever edited my show,\"", kind: .named, direct: true),
        // A learned cue without its auxiliaries: the subject ends before the whole verb group.
        Case(sentence: "Anna Berg is once again questioning the safety of the dam.", source: "Anna Berg", cue: "questioning",
             content: "the safety of the dam", kind: .named),
        Case(sentence: "Sen. Ivo Dask (D-Selva) is endorsing the plan to rebuild the dam.", source: "Sen. Ivo Dask (D-Selva)",
             cue: "endorsing", content: "the plan to rebuild the dam", kind: .named),
        // A passive's agent with all its members (a seed: "is affirmed by many news agencies,
        // local authorities and Afghan MPs"), and what a list of sources is: named when one
        // member is named, else its first member's kind; "MPs" is no name.
        Case(sentence: "The flooding of the valley is affirmed by many news agencies, local officials and Selva MPs.",
             source: "many news agencies, local officials and Selva MPs", cue: "is affirmed by", content: "The flooding of the valley",
             kind: .vague),
        Case(sentence: "Selva MPs said the dam was unsafe.", source: "Selva MPs", cue: "said", content: "the dam was unsafe", kind: .vague),
        Case(sentence: "Analysts and Anna Berg said the dam was unsafe.", source: "Analysts and Anna Berg", cue: "said",
             content: "the dam was unsafe", kind: .named),
        Case(sentence: "Local authorities said the dam was unsafe.", source: "Local authorities", cue: "said", content: "the dam was unsafe",
             kind: .anonymous),
        // A judgement in four words (a seed: "experts came to the conclusion that ...").
        Case(sentence: "After examining the wall, experts came to the conclusion that it was weak.", source: "experts",
             cue: "came to the conclusion", content: "that it was weak", kind: .vague),
    ]

    /// "called" naming a thing, phoning in or convening, and "more to say", are no statements;
    /// "called X a Y" after an appositive is one.
    @Test func wordsOfSpeechThatReportNothing() throws {
        for sentence in [
            "The fund, called the Selva River Trust, will own the land until 2030.",
            "The mill stands near a quiet stream called Miracle Run.",
            "Reservists, called to service by the governor, patrol the bridge.",
            "She called into a radio program on Friday.",
            "The council called an emergency meeting after the flood.",
            "The mayor will have more to say about the dam next week.",
            "Having said that, the dam is older than the town.",
            "Let's say you want to build a dam on the Selva.",
        ] {
            let doc = try analyze("Headline of the test\n\n" + sentence)
            #expect(doc.attributions.isEmpty, "\(sentence): \(doc.attributions.map { doc.substring($0.cue) })")
        }
        let doc = try analyze("Headline of the test\n\nAnna Berg, a senior adviser to the mayor, called Mr. Dask's plan \"a fantasy\".")
        let found = try #require(doc.attributions.first)
        #expect(found.source.map(doc.substring) == "Anna Berg, a senior adviser to the mayor")
        #expect(doc.substring(found.cue) == "called")
    }

    /// A word of speech after a determiner or a possessive is a noun ("his claims of"); "’s"
    /// after a pronoun is "is" or "has".
    @Test func wordsOfSpeechAsNouns() throws {
        let claims = try analyze("Headline of the test\n\nThe judge rejected the company’s claims about the spill.")
        #expect(claims.attributions.map { claims.substring($0.cue) } == ["rejected"])
        let doc = try analyze("Headline of the test\n\nHe's claiming that the dam is safe.")
        let found = try #require(doc.attributions.first)
        #expect(found.source.map(doc.substring) == "He")
        #expect(doc.substring(found.content) == "that the dam is safe")
    }

    /// "in hopes that" is no cue; a name and its appositive after "When" are the source.
    @Test func nounsAfterPrepositionsAndSubjectsAfterConjunctions() throws {
        let hopes = try analyze(
            "Headline of the test\n\nAnna Berg compared the mayor to a coach in hopes that the referees would relent.")
        #expect(!hopes.attributions.contains { hopes.substring($0.cue).contains("hopes") })
        let when = try analyze(
            "Headline of the test\n\nWhen Anna Berg, the Selva secretary of the economy, warned that the dam was unsafe, nobody listened.")
        let found = try #require(when.attributions.first)
        #expect(found.source.map(when.substring) == "Anna Berg, the Selva secretary of the economy")
    }

    /// A pronoun right after a noun opens a relative clause about it ("the loopholes he cited"):
    /// no statement; after a time, a venue or a reporting verb's object it is a speaker.
    @Test func relativeClausesWithoutThat() throws {
        let relative = try analyze("Headline of the test\n\nThe four loopholes he cited are all legal.")
        #expect(relative.attributions.isEmpty, "\(relative.attributions.map { relative.substring($0.cue) })")
        for sentence in [
            "In an interview he said the dam was unsafe.", "Last week she said the dam was unsafe.",
            "The mayor told the council that she believes the dam is unsafe.",
        ] {
            let doc = try analyze("Headline of the test\n\n" + sentence)
            #expect(doc.attributions.contains { ["he", "she"].contains($0.source.map(doc.substring)) }, "\(sentence)")
        }
    }

    /// What a learned cue reports through a passive, a verb of seeming or a noun has no
    /// speaker in the sentence: the statement stays, unattributed. A main verb before a learned
    /// cue is not part of its verb group, so its subject is not the cue's speaker.
    @Test func learnedCuesWithNoSpeaker() throws {
        for (sentence, cue) in [
            ("The final accord on the dam is expected to be ratified next month in Brenna.", "is expected"),
            ("Now the mayor seems to have vanished from the campaign trail.", "seems"),
            ("His returns would also help assess broader questions about the mayor's integrity.", "broader questions about"),
        ] {
            let doc = try analyze("Headline of the test\n\n" + sentence)
            let found = try #require(doc.attributions.first { doc.substring($0.cue) == cue }, "\(sentence)")
            #expect(found.source == nil && found.sourceKind == .unattributed, "\(sentence)")
        }
        let faced = try analyze("Headline of the test\n\nThe council faced withering criticism for its handling of the flood.")
        #expect(!faced.attributions.contains { $0.source.map(faced.substring) == "The council" })
    }

    @Test(arguments: cases)
    func layout(_ c: Case) throws {
        let doc = try analyze("Headline of the test\n\n" + c.sentence)
        let found = try #require(doc.attributions.first)
        #expect(doc.attributions.count == 1)
        #expect(found.source.map(doc.substring) == c.source)
        #expect(doc.substring(found.cue) == c.cue)
        #expect(doc.substring(found.content) == c.content)
        #expect(found.sourceKind == c.kind)
        #expect(found.direct == c.direct)
    }

    /// "came to the conclusion" is a cue of the rules, not a learned one: an "according to"
    /// inside what it reports does not replace it (the seed's "experts came to the conclusion
    /// that ..., since according to the information ..., ...").
    @Test func aConclusionKeepsTheStatementsInsideIt() throws {
        let doc = try analyze(
            "Headline of the test\n\nExperts came to the conclusion that the wall was weak, since according to the records, it was never repaired.")
        let cues = doc.attributions.map { doc.substring($0.cue) }
        #expect(cues.contains("came to the conclusion"), "\(cues)")
        #expect(cues.contains("according to"), "\(cues)")
    }

    @Test func statementsSignedAfterADash() throws {
        let headline = try analyze("Alarming signs: Militants fleeing Selva for the coast-Moscow\n\nThe convoy crossed at night.")
        let signed = try #require(headline.attributions.first { headline.substring($0.cue) == "-" })
        #expect(signed.source.map(headline.substring) == "Moscow")
        #expect(headline.substring(signed.content) == "Militants fleeing Selva for the coast")
        #expect(signed.sourceKind == .named)
        // A quote list: the splitter ends the sentence at the quote; the dash and name follow.
        let quote = try analyze("Headline of the test\n\n“We will never leave this valley to the miners.” ― Jane Doe")
        let q = try #require(quote.attributions.first)
        #expect(q.source.map(quote.substring) == "Jane Doe")
        #expect(quote.substring(q.cue) == "―")
        #expect(quote.substring(q.content) == "“We will never leave this valley to the miners.”")
        #expect(q.direct)
        // Not signatures: two places joined, a headline's last words, a name without a given name.
        for text in [
            "Talks on the border of Afghanistan-Pakistan resumed",
            "Police Arrest 22 Drivers During 3 - Day Operation",
            "The dam broke and the valley flooded — Pain Ensues",
            "“The river is gone.” — Mesk Courier",
        ] {
            let doc = try analyze("Headline of the test\n\n" + text)
            #expect(!doc.attributions.contains { ["-", "—", "―", "–"].contains(doc.substring($0.cue)) }, "\(text)")
        }
    }

    @Test func aQuotationResumedAfterItsAttributionKeepsItsSpeaker() throws {
        let doc = try analyze("""
            Dam report

            “The dam will hold,” the engineer Lara Moss said. “We checked every gate twice and found no cracks.”

            “The water is safe,” said Mayor Ivo Dask, “and the wells are clean.”

            “It is over,” Tom Reyes told “Morning Show” on Friday.
            """)
        let pieces = doc.attributions.map { (doc.substring($0.source!), doc.substring($0.content)) }
        #expect(pieces.contains { $0 == ("the engineer Lara Moss", "“We checked every gate twice and found no cracks.”") })
        // The source stops where the quotation resumes.
        #expect(pieces.contains { $0 == ("Mayor Ivo Dask", "“The water is safe,”") })
        #expect(pieces.contains { $0 == ("Mayor Ivo Dask", "“and the wells are clean.”") })
        // A quoted venue right after the cue is not a resumed quote.
        #expect(!pieces.contains { $0.1.contains("Morning Show") })
        // And the resumed pieces are not the author's own claims.
        #expect(!doc.assertions.contains { doc.substring($0.range).contains("gate") })
    }

    @Test func aQuoteOverTwoSentencesIsTakenFromItsOpeningMark() throws {
        let doc = try analyze("Headline of the test\n\n“The first sentence is here. The second one follows,” she said.")
        let found = try #require(doc.attributions.first)
        #expect(doc.substring(found.content) == "“The first sentence is here. The second one follows,”")
        #expect(found.direct)
    }

    @Test func aSentenceWithoutAReportingVerbHasNoAttribution() throws {
        #expect(try analyze("Headline of the test\n\nThe river rose by two metres overnight.").attributions.isEmpty)
    }

    @Test func polnearBratFilesAreParsed() {
        let ann = "T1\tSource 0 8\tOfficials\nT2\tCue 9 13\tsaid\nT3\tContent 14 20;25 30\tit rose\nE1\tAttribution:T2 Cue:T2 Source:T1 Content:T3\n"
        let gold = PolNeAR.parse(ann)
        #expect(gold == [PolNeAR.GoldAttribution(source: .init(0, 8), cue: .init(9, 13), content: .init(14, 30))])
    }

    /// A learned cue must end on a verb or noun phrase and not on an auxiliary, and a headline
    /// in title case is not read for learned cues.
    @Test func learnedCuesNeedAVerbOrANoun() {
        func sentence(_ chunked: [(String, String)]) -> AttributionExtractor.Sentence {
            var offset = 0
            var tokens: [Token] = []
            for (word, _) in chunked {
                tokens.append(Token(range: TextRange(offset, offset + word.utf8.count), kind: word.first!.isLetter ? .word : .punctuation))
                offset += word.utf8.count + 1
            }
            let chunkOf = chunked.indices.map { k in CoNLL.Chunk(type: chunked[k].1, start: k, end: k + 1) as CoNLL.Chunk? }
            let words = chunked.map(\.0)
            return .init(tokens: tokens, words: words, lower: words.map { $0.lowercased() }, chunkOf: chunkOf, range: TextRange(0, offset))
        }
        let extractor = AttributionExtractor()
        let plain = sentence([("The", "NP"), ("group", "NP"), ("actively", "ADVP"), ("recruits", "VP"), ("young", "NP"), ("people", "NP"), ("and", "O"), ("has", "VP"), ("called", "VP"), ("for", "PP"), ("more", "NP")])
        #expect(!extractor.isCuePhrase(plain, CoNLL.Chunk(type: "CUE", start: 2, end: 3)))  // "actively"
        #expect(!extractor.isCuePhrase(plain, CoNLL.Chunk(type: "CUE", start: 7, end: 8)))  // "has"
        #expect(extractor.isCuePhrase(plain, CoNLL.Chunk(type: "CUE", start: 3, end: 4)))  // "recruits"
        #expect(extractor.isCuePhrase(plain, CoNLL.Chunk(type: "CUE", start: 7, end: 10)))  // "has called for"
        let headline = sentence([("Ministry", "NP"), ("Supports", "VP"), ("the", "NP"), ("Influx", "NP"), ("of", "PP"), ("Foreign", "NP"), ("Fighters", "NP")])
        #expect(!extractor.isCuePhrase(headline, CoNLL.Chunk(type: "CUE", start: 1, end: 2)))
        // A reduced passive describes a noun: "fighters, backed by the ministry, ...".
        let reduced = sentence([("fighters", "NP"), (",", "O"), ("backed", "VP"), ("by", "PP"), ("the", "NP"), ("ministry", "NP")])
        #expect(!extractor.isCuePhrase(reduced, CoNLL.Chunk(type: "CUE", start: 2, end: 3)))
        let active = sentence([("fighters", "NP"), ("backed", "VP"), ("the", "NP"), ("ministry", "NP")])
        #expect(extractor.isCuePhrase(active, CoNLL.Chunk(type: "CUE", start: 1, end: 2)))

        // A learned cue gives a statement of its own, but not a second one for a content the
        // rules already found ("[said](#) in late January" gave "said" and "late").
        var tagged = sentence([("Mr.", "NP"), ("Dask", "NP"), ("pledged", "VP"), ("more", "NP"), ("money", "NP")])
        tagged.modelCues[2] = CoNLL.Chunk(type: "CUE", start: 2, end: 3)
        tagged.modelSources = [CoNLL.Chunk(type: "SOURCE", start: 0, end: 2)]
        tagged.modelContents = [CoNLL.Chunk(type: "CONTENT", start: 3, end: 5)]
        let text = "Mr. Dask pledged more money"
        var copy = text
        copy.withUTF8 { bytes in
            let used = [Bool](repeating: false, count: 5)
            let learned = extractor.learnedStatements(tagged, besides: [], used: used, bytes: bytes)
            #expect(learned.map { text.utf8Slice($0.content) } == ["more money"])
            let content = TextRange(17, 27)
            let known = Attribution(source: nil, cue: TextRange(0, 3), content: content, sourceKind: .unattributed, direct: false)
            #expect(extractor.learnedStatements(tagged, besides: [known], used: used, bytes: bytes).isEmpty)
        }
    }

    /// Predictions written as brat files read back as the same attributions, offsets in
    /// scalars (the "é" and "’" count one each), a line break inside a span shown as a space.
    @Test func polnearPredictionsRoundTripThroughBrat() {
        let text = "José Díaz said it’s\nover. Officials warned."
        let predicted = [
            PolNeAR.GoldAttribution(source: .init(0, 9), cue: .init(10, 14), content: .init(15, 25)),
            PolNeAR.GoldAttribution(source: nil, cue: .init(36, 42), content: .init(26, 35)),
        ]
        let ann = PolNeAR.brat(predicted, text: text)
        #expect(ann.contains("T1\tContent 15 25\tit’s over."))
        #expect(ann.contains("\tSource 0 9\tJosé Díaz\n"))
        #expect(ann.split(separator: "\n").filter { $0.hasPrefix("E") }.count == 2)
        #expect(PolNeAR.parse(ann) == predicted)
        #expect(PolNeAR.brat([], text: text).isEmpty)
    }

    /// Every annotator of an article is read, and agreement scores them against each other
    /// and the predictions against each of them.
    @Test func polnearAgreementComparesEveryAnnotator() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("polnear-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "Officials said it rose. Anna Berg warned of floods."
        let files: [(String, String)] = [
            ("dev/text/nyt_2016-10-01_floods.txt", text),
            ("dev/text/nyt_2016-10-02_alone.txt", text),
            // Two annotators agree on the first attribution; only one marks the second.
            ("dev/attributions/nyt_2016-10-01_floods_a1.ann",
                "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 22\tit rose\nE1\tAttribution:T2 Cue:T2 Source:T1 Content:T3\n"
                + "T4\tSource 24 33\tAnna Berg\nT5\tCue 34 40\twarned\nT6\tContent 41 50\tof floods\nE2\tAttribution:T5 Cue:T5 Source:T4 Content:T6\n"),
            ("dev/attributions/nyt_2016-10-01_floods_b2.ann",
                "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 22\tit rose\nE1\tAttribution:T2 Cue:T2 Source:T1 Content:T3\n"),
            ("dev/attributions/nyt_2016-10-02_alone_a1.ann", ""),
        ]
        for (path, contents) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        let articles = try PolNeAR.read(folder.path, split: "dev")
        #expect(articles.map(\.name) == ["nyt_2016-10-01_floods", "nyt_2016-10-02_alone"])
        #expect(articles[0].annotators.map(\.id) == ["a1", "b2"])
        #expect(articles[0].attributions.count == 2)
        #expect(articles[1].annotators.map(\.id) == ["a1"])
        // The predictions find only "Officials said".
        let found = [PolNeAR.GoldAttribution(source: .init(0, 9), cue: .init(10, 14), content: .init(15, 22))]
        let (count, people, ours) = PolNeAR.agreement(articles, predicted: [found, []])
        #expect(count == 1)
        // a1 against b2 and b2 against a1: 2 of 3 sources shared each way.
        let agreed = try #require(people.roles["source"]?.exact)
        #expect(agreed.truePositives == 2 && agreed.falsePositives == 1 && agreed.falseNegatives == 1)
        let ourSources = try #require(ours.roles["source"]?.exact)
        #expect(ourSources.truePositives == 2 && ourSources.falsePositives == 0 && ourSources.falseNegatives == 1)
    }

    @Test func polnearSourcesTakeAnAppositivesClosingComma() {
        let text = "Anna Berg, the spokeswoman, said it rose. Berg, who smiled, said no."
        let bytes = Array(text.utf8)
        #expect(PolNeAR.annotated(TextRange(0, 26), bytes) == TextRange(0, 27))
        // No inner comma ("Anna Berg" before a comma) or no comma after: unchanged.
        #expect(PolNeAR.annotated(TextRange(0, 9), bytes) == TextRange(0, 9))
        #expect(PolNeAR.annotated(TextRange(42, 46), bytes) == TextRange(42, 46))
    }

    @Test func polnearScoresExactAndOverlap() {
        let text = Array("Officials said it rose sharply today.".unicodeScalars)
        let gold = [PolNeAR.GoldAttribution(source: .init(0, 9), cue: .init(10, 14), content: .init(15, 36))]
        let predicted = [PolNeAR.GoldAttribution(source: .init(0, 9), cue: .init(10, 14), content: .init(15, 22))]
        var scores = PolNeAR.Scores()
        scores.add(gold: gold, predicted: predicted, text: text)
        #expect(scores.roles["source"]?.exact.f1 == 1)
        #expect(scores.roles["content"]?.exact.f1 == 0)
        #expect(scores.roles["content"]?.overlap.f1 == 1)
        #expect(scores.roles["attribution"]?.exact.f1 == 0)
        #expect(scores.roles["attribution"]?.overlap.f1 == 1)
    }
}

@Suite struct AttributionRuleTests {
    @Test(arguments: [
        "On Sunday, February 4, 2018, Defence Minister Amir Dastan stated that the barrels had moved.",
        "Moreover, Amir Dastan believes that the barrels had moved.",
        "Last week, Defence Minister Amir Dastan told reporters that the barrels had moved.",
    ])
    func leadingAdverbialsAreNotPartOfTheSource(_ sentence: String) throws {
        let doc = try analyze("Headline of the test\n\n" + sentence)
        let source = try #require(doc.attributions.first?.source.map(doc.substring))
        #expect(source.hasSuffix("Amir Dastan"))
        #expect(!source.contains(","))
        #expect(!source.hasPrefix("Moreover"))
    }

    @Test func passiveVerbsAreNotStatements() throws {
        let doc = try analyze("Headline of the test\n\nThe number of barrels is estimated at 400 by the port.")
        #expect(doc.attributions.isEmpty)
    }

    @Test func anInvertedCueNeedsTheSourceAtTheEnd() throws {
        let doc = try analyze(
            "Headline of the test\n\nOn March 21, the ambassador, Reza Tamar, accused the company of moving barrels to the coast.")
        let found = try #require(doc.attributions.first)
        #expect(doc.substring(found.cue) == "accused")
        #expect(found.source.map(doc.substring)?.contains("Reza Tamar") == true)
        #expect(doc.substring(found.content).hasPrefix("the company"))
    }

    /// Statements whose source and cue follow the content, with more after them.
    @Test(arguments: [
        // A quoted question the splitter must not cut from its lower-case attribution.
        ("“Is the dam safe?” she asked, but the engineer had already left.", "she", "“Is the dam safe?”"),
        // A whole quotation before the speaker, however long the tail.
        ("“The dam will hold,” Lara Moss said, pointing at the gates that the crew had painted.", "Lara Moss", "“The dam will hold,”"),
        // A quotation over two sentences in straight marks, and a party in parentheses.
        ("\"The dam is old. It will fail within a year,\" Rep. Anna Berg (D-Vt.) said, calling for repairs.", "Rep. Anna Berg (D-Vt.)",
         "\"The dam is old. It will fail within a year,\""),
        // An inverted source with a prepositional phrase.
        ("The pumps failed before the storm, said one engineer on the site.", "one engineer on the site", "The pumps failed before the storm"),
        // A parenthetical cue before a new clause.
        ("The repairs would take three weeks, he said, and the cost could double.", "he", "The repairs would take three weeks"),
        // A short phrase the speaker ends the sentence on.
        ("Nothing like the old mill, he said.", "he", "Nothing like the old mill"),
        // A clause after the cue that tells the occasion.
        ("The dam is safe, ministry engineers said Friday, as they inspected the gates after the storm.", "ministry engineers", "The dam is safe"),
        // Doubled apostrophes as quotation marks.
        ("''We checked every gate twice,'' Mr. Dask said, standing by the spillway that the crew had painted.", "Mr. Dask",
         "''We checked every gate twice,''"),
        // A quoted question that the splitter ends before its capitalised speaker.
        ("“Who will pay for the repairs?” Ostrova asked.", "Ostrova", "“Who will pay for the repairs?”"),
        // A day after the cue is not an inverted source.
        ("“The dam is safe,” Pavel Ostrov, the mayor, said Tuesday.", "Pavel Ostrov, the mayor", "“The dam is safe,”"),
    ])
    func contentBeforeTheSpeaker(_ sentence: String, _ source: String, _ content: String) throws {
        let doc = try analyze("Headline of the test\n\n" + sentence)
        let found = try #require(doc.attributions.first { $0.source.map(doc.substring) == source }, "\(doc.attributions.map { doc.substring($0.content) })")
        #expect(doc.substring(found.content) == content)
    }

    @Test func transcriptTurnsNameTheirSpeakerInCapitals() throws {
        let doc = try analyze(
            """
            Headline of the test

            HOST: Will the dam hold through the spring floods this year?

            "ANNA BERG: The dam will hold, and the gates were checked twice.

            UPDATE: The ministry answered our questions on Friday.

            ISBN: 979-8-2000-0417-1
            """)
        let turns = doc.attributions.filter { doc.substring($0.cue) == ":" }
        #expect(turns.map { $0.source.map(doc.substring) } == ["HOST", "ANNA BERG"])
        #expect(turns.map { doc.substring($0.content) } == [
            "Will the dam hold through the spring floods this year?", "The dam will hold, and the gates were checked twice.",
        ])
    }

    @Test(arguments: [
        ("Ostrova: The dam will not hold another winter", "Ostrova", "The dam will not hold another winter"),
        ("Anna Berg: ‘We checked every gate twice’", "Anna Berg", "‘We checked every gate twice’"),
        ("Poll: Ostrova and Dask tied before the vote", "Poll", "Ostrova and Dask tied before the vote"),
        ("Moravia: Floods close the mine", nil, nil),
        ("Analysis: Floods close the mine", nil, nil),
        ("The Latest: Floods close the mine", nil, nil),
        // A desk's dateline before a lede.
        ("Monitoring Desk-MESK: Luvania's ambassador to Selvania, Konrad Bayle, has denied that his country is receiving waste from the plant",
         nil, nil),
        ("Alarming signs: Floods close the mine", nil, nil),
        // A title-case headline, which the chunker reads as one noun phrase.
        ("New Poll Shows Minor Bump For Ostrova", "New Poll", "Minor Bump For Ostrova"),
        ("Moravia Says Dask Is Moving Barrels to the Coast", "Moravia", "Dask Is Moving Barrels to the Coast"),
    ] as [(String, String?, String?)])
    func aHeadlineNamesItsSpeaker(_ headline: String, _ source: String?, _ content: String?) throws {
        let doc = try analyze(headline + "\n\nThe river rose by two metres overnight.")
        let found = doc.attributions.first { doc.substring($0.cue) == ":" || doc.substring($0.cue).hasSuffix("s") }
        #expect(found?.source.map(doc.substring) == source)
        #expect(found.map { doc.substring($0.content) } == content)
    }

    @Test func aParticipleAfterAStatementSharesItsSpeaker() throws {
        let doc = try analyze("Headline of the test\n\n“The gates are old,” Ostrova said, emphasizing why the repairs cannot wait.")
        let participle = try #require(doc.attributions.first { doc.substring($0.cue) == "emphasizing" })
        #expect(participle.source.map(doc.substring) == "Ostrova")
        #expect(doc.substring(participle.content) == "why the repairs cannot wait")
        let quote = try #require(doc.attributions.first { doc.substring($0.cue) == "said" })
        #expect(doc.substring(quote.content) == "“The gates are old,”")
    }

    /// What stands between a speaker and the cue, or before the speaker, is not theirs: a
    /// negated auxiliary, an adverb after a topic put first.
    @Test(arguments: [
        ("The engineers and their lawyers haven't said when the gates will open.", "said", "The engineers and their lawyers"),
        ("Flood control, Mayor Berg often says, is a matter of money.", "says", "Mayor Berg"),
        // An "it" that acts, and a relative pronoun with its noun before it, are sources.
        ("The ministry's report is long, and it says the plant closed in May.", "says", "it"),
        ("Voters who said they had doubts stayed home.", "said", "who"),
    ])
    func speakerAlone(_ sentence: String, _ cue: String, _ source: String) throws {
        let doc = try analyze("Headline of the test\n\n" + sentence)
        let found = try #require(doc.attributions.first { doc.substring($0.cue).hasSuffix(cue) })
        #expect(found.source.map(doc.substring) == source)
    }

    /// A source that asks not to be named is anonymous, however it is written.
    @Test(arguments: [
        "One farmer, who asked not to be named, said his dog fell ill.",
        "A ministry engineer who declined to be identified said the gates were old.",
        "An engineer, speaking on condition of anonymity, said the gates were old.",
    ])
    func askingNotToBeNamedIsAnonymous(_ sentence: String) throws {
        let doc = try analyze("Headline of the test\n\n" + sentence)
        let found = try #require(doc.attributions.first { doc.substring($0.cue).hasSuffix("said") })
        #expect(found.sourceKind == .anonymous, "\(found.source.map(doc.substring) ?? "-")")
        // Asking is not itself a statement.
        #expect(!doc.attributions.contains { doc.substring($0.content).hasPrefix("not to be") || doc.substring($0.content).hasPrefix("to be") })
    }

    /// A relative pronoun's source names the phrase it stands for, with what that phrase is of or
    /// at, for the tables and the claims' speakers; the span stays the pronoun.
    @Test(arguments: [
        ("One farmer, who asked not to be named, said his dog fell ill.", "One farmer", SourceKind.anonymous),
        ("A researcher at the Hydrology Institute of Mesk, who asked not to be named, said the river was low.",
         "A researcher at the Hydrology Institute of Mesk", .anonymous),
        ("The ministry, which said the plant was safe, closed it a week later.", "The ministry", .named),
    ])
    func aRelativePronounStandsForItsAntecedent(_ sentence: String, _ antecedent: String, _ kind: SourceKind) throws {
        let doc = try analyze("Headline of the test\n\n" + sentence)
        let found = try #require(doc.attributions.first { doc.substring($0.cue) == "said" })
        #expect(found.source.map(doc.substring)?.lowercased() == (antecedent == "The ministry" ? "which" : "who"))
        #expect(found.antecedent.map(doc.substring) == antecedent)
        #expect(found.speaker.map(doc.substring) == antecedent)
        #expect(found.sourceKind == kind)
    }

    /// A clause between commas ends where the sentence's own verb resumes.
    @Test func aRelativeClauseBetweenCommasEndsAtItsComma() throws {
        let doc = try analyze("Headline of the test\n\nThe company, which denies sending any waste abroad, did not comment on the note.")
        let found = try #require(doc.attributions.first { doc.substring($0.cue) == "denies" })
        #expect(doc.substring(found.content) == "sending any waste abroad")
        #expect(found.antecedent.map(doc.substring) == "The company")
    }

    @Test func aSpeakerNamedBeforeNoPronounHasNoAntecedent() throws {
        let doc = try analyze("Headline of the test\n\nAnna Berg said the river was low.")
        let found = try #require(doc.attributions.first)
        #expect(found.antecedent == nil)
        #expect(found.speaker.map(doc.substring) == "Anna Berg")
    }

    @Test func anAppositiveSubjectOfARelativeClause() throws {
        let doc = try analyze("Headline of the test\n\nThe levy, which the plant's chief executive, Tomas Vesk, called a fantasy, was approved.")
        let found = try #require(doc.attributions.first { doc.substring($0.cue) == "called" })
        #expect(found.source.map(doc.substring) == "the plant's chief executive, Tomas Vesk")
    }

    @Test func aQuotedTitleBeforeTheSubjectIsNotTheContent() throws {
        for sentence in [
            "On Friday’s episode of “The Morning Show,” the minister said she wanted a new dam.",
            "In an interview on the station's \"Morning Show,\" Rep. Anna Berg (D-Vt.) said she wanted a new dam.",
        ] {
            let doc = try analyze("Headline of the test\n\n" + sentence)
            let found = try #require(doc.attributions.first)
            #expect(doc.substring(found.content) == "she wanted a new dam")
        }
    }

    @Test func aSentenceEndingOnItsCueDoesNotTakeTheNextOneAsItsContent() throws {
        let doc = try analyze("Headline of the test\n\nNothing like the old mill, he said.\n\nThe river rose by two metres overnight.")
        #expect(!doc.attributions.contains { doc.substring($0.content).contains("river") })
    }

    @Test func aTimeClauseAfterThePostPosedCueStaysOutOfTheContent() throws {
        let doc = try analyze(
            "Headline of the test\n\nThe group seeks to expand to the coast, Ivo Dask warned as he addressed the council on Friday.")
        let found = try #require(doc.attributions.first)
        #expect(doc.substring(found.content) == "The group seeks to expand to the coast")
        #expect(found.source.map(doc.substring) == "Ivo Dask")
    }
}

@Suite struct VenueAndDateTests {
    func attribution(_ body: String, published: String? = nil) throws -> (AnalyzedDocument, Attribution) {
        var doc = Document(id: "t", source: "t", format: .text, text: "Headline of the test\n\n" + body)
        doc.metadata.published = published.flatMap(Day.init(iso:))
        let analyzed = try Pipeline().analyze(doc)
        return (analyzed, try #require(analyzed.attributions.first))
    }

    @Test(arguments: [
        ("Deputy Minister Pavel Ostrov told Kestrel news agency that the barrels had crossed.", "Kestrel news agency"),
        ("In an interview with Radio Meridian, Ostrov said the plant would reopen.", "Radio Meridian"),
        ("Ostrov warned that the river was poisoned as he addressed two council committees on Friday.", "two council committees"),
        ("The ministry said in a statement that the plant had closed.", "a statement"),
        ("“The tests were clean,” the spokesman told the Rossiya-24 TV channel.", "the Rossiya-24 TV channel"),
    ])
    func venues(sentence: String, venue: String) throws {
        let (doc, a) = try attribution(sentence)
        #expect(a.venue.map(doc.substring) == venue)
    }

    @Test(arguments: [
        ("On Sunday, February 4, 2018, the minister said that the plant had closed.", nil, "2018-02-04"),
        ("The minister said on Friday that the plant had closed.", "2018-02-13", "2018-02-09"),
        ("In late January, the minister said that the plant had closed.", "2018-02-13", "2018-01"),
        ("Last September the minister stated that the plant had closed.", "2018-02-13", "2017-09"),
        ("On February 1, the minister warned that the plant had closed.", "2018-02-13", "2018-02-01"),
        ("The minister said yesterday that the plant had closed.", "2018-02-13", "2018-02-12"),
        ("The minister said that the plant had closed on Friday.", "2018-02-13", nil),
    ] as [(String, String?, String?)])
    func statementDates(sentence: String, published: String?, expected: String?) throws {
        let (_, a) = try attribution(sentence, published: published)
        #expect(a.date?.description == expected)
    }

    @Test func daysFromOrdinalsRoundTrip() {
        for iso in ["1970-01-01", "2000-02-29", "2018-02-06", "1999-12-31", "2024-03-01"] {
            let day = Day(iso: iso)!
            #expect(Day(ordinal: day.ordinal) == day)
        }
    }
}

@Suite struct MoreLayoutTests {
    @Test func byWordsOf() throws {
        let doc = try analyze("Headline of the test\n\nAt the same time, by words of Ostrov, the company intends to sell the plant.")
        let a = try #require(doc.attributions.first)
        #expect(doc.substring(a.cue) == "by words of")
        #expect(a.source.map(doc.substring) == "Ostrov")
        #expect(doc.substring(a.content) == "the company intends to sell the plant")
    }

    @Test func thereIsEvidenceThatHasNoSource() throws {
        let doc = try analyze("Headline of the test\n\nThere is evidence that recruiters won over young drivers from the poorest villages.")
        let a = try #require(doc.attributions.first)
        #expect(a.source == nil)
        #expect(a.sourceKind == .unattributed)
        #expect(doc.substring(a.content) == "that recruiters won over young drivers from the poorest villages")
    }

    @Test func authorAssertionsAreCheckWorthyUnattributedSentences() throws {
        let doc = try analyze(
            """
            Headline of the test

            The plant at Mesk dumped 400 barrels into the Selva River in 2024. The minister said that the river was clean.

            It is a sad story for everyone who loves the valley.
            """)
        let texts = doc.assertions.map { doc.substring($0.range) }
        #expect(texts == ["The plant at Mesk dumped 400 barrels into the Selva River in 2024."])
        #expect(doc.assertions.first?.reasons.contains("quantity") == true)
    }
}

@Suite struct ParagraphQuoteTests {
    @Test func aQuoteRunningOverParagraphsKeepsItsSpeaker() throws {
        let doc = try analyze(
            """
            Headline of the test

            “We warned them in January,” Deputy Minister Pavel Ostrov told reporters.

            “Since then the barrels have kept coming, and more than 1,000 have crossed.”
            """)
        #expect(doc.attributions.count == 2)
        let continued = try #require(doc.attributions.last)
        #expect(doc.substring(continued.content).hasPrefix("“Since then"))
        #expect(continued.source.map(doc.substring) == "Deputy Minister Pavel Ostrov")
        #expect(continued.direct)
    }

    @Test func aQuotationThatNamesItsOwnSpeakerDoesNotContinueThePreviousOne() throws {
        let doc = try analyze(
            """
            Headline of the test

            “We warned them in January,” Deputy Minister Pavel Ostrov told reporters.

            “The barrels kept coming,” said 9/11 widow Anna Berg.
            """)
        #expect(!doc.attributions.contains {
            $0.source.map(doc.substring) == "Deputy Minister Pavel Ostrov" && doc.substring($0.content).contains("barrels")
        })
    }
}
