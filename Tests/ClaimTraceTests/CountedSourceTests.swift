import Testing

@testable import ClaimTrace

/// Sources of the form number + role (issue 25, item 7), in sentences we wrote: a number or
/// quantifier and a noun for a person name nobody, whatever the noun.
@Suite struct CountedSourceTests {
    /// The kind and source text of the statement whose cue is `cue`.
    func source(_ sentence: String, cue: String) throws -> (SourceKind, String?) {
        let doc = try analyze("Headline of the test\n\n" + sentence)
        let found = try #require(doc.attributions.first { doc.substring($0.cue) == cue }, "no “\(cue)” in \(doc.attributions.map { doc.substring($0.cue) })")
        return (found.sourceKind, found.source.map(doc.substring))
    }

    @Test(arguments: [
        ("One farm hand said the river had turned red overnight.", "said", "One farm hand"),
        ("A port employee said the ship left without papers.", "said", "A port employee"),
        ("Two police officers told reporters that the gate had been open all night.", "told", "Two police officers"),
        ("One of the fishermen said the nets came up empty for a week.", "said", "One of the fishermen"),
        ("Four ministry inspectors said the plant was safe to reopen.", "said", "Four ministry inspectors"),
        ("A Pentagon official said the troops would stay until spring.", "said", "A Pentagon official"),
        ("12 dock workers said they had not been paid since March.", "said", "12 dock workers"),
        ("The nets came up empty, two local fishermen said.", "said", "two local fishermen"),
        // Already anonymous by their head word; the pattern must keep them so.
        ("Two officials said the barrels were moved at night.", "said", "Two officials"),
        ("A senior diplomat said the talks had stalled.", "said", "A senior diplomat"),
        ("Three people familiar with the matter said the deal was off.", "said", "Three people familiar with the matter"),
        ("Several residents said the water smelled of oil.", "said", "Several residents"),
    ])
    func countedPeopleAreAnonymous(sentence: String, cue: String, expected: String) throws {
        let (kind, text) = try source(sentence, cue: cue)
        #expect(text == expected)
        #expect(kind == .anonymous, "\(text ?? "-")")
    }

    @Test func aCrowdIsVague() throws {
        let (kind, text) = try source("Many farmers say the rains came late this year.", cue: "say")
        #expect(text == "Many farmers")
        #expect(kind == .vague)
    }

    /// A role with a name, a definite role, and a count followed by the names stay named.
    @Test(arguments: [
        ("One Nation leader Pauline Hanson said the rules were unfair.", "said"),
        ("The farm hand said the river had turned red overnight.", "said"),
        ("Farm hand Ali Veli said the river had turned red overnight.", "said"),
        ("Two officials, Ann Lee and Bo Park, said the gate had been open.", "said"),
        ("A spokesman named Ivo Dask said the plant was safe.", "said"),
        // A person noun that modifies another noun: the source is not a person.
        ("A local report said the plant was safe.", "said"),
        ("An executive order says the plant must close.", "says"),
        ("A student paper reported that the plant was closing.", "reported"),
        ("A British newspaper reported that the plant was closing.", "reported"),
    ])
    func namedSourcesStayNamed(sentence: String, cue: String) throws {
        let (kind, text) = try source(sentence, cue: cue)
        #expect(kind == .named, "\(text ?? "-")")
    }

    @Test(arguments: [
        ("farmer", true), ("farmers", true), ("fishermen", true), ("witnesses", true), ("people", true), ("deputies", false),
        ("barrels", false), ("report", false), ("hands", true),
    ])
    func personNouns(word: String, isPerson: Bool) {
        #expect(CountedSources.shared.isPerson(word) == isPerson)
    }
}
