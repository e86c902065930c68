import Testing

@testable import ClaimTrace

@Suite struct EntityTests {
    @Test func pronounsSurnamesAndRolePhrasesReachTheSpeaker() throws {
        let doc = try analyze(
            """
            Headline of the test

            Deputy Minister Pavel Ostrov said that the barrels crossed the border at night.

            “We have proof,” he said. Ostrov added that the drivers were paid in cash.

            The minister told reporters that the plant would close.
            """)
        let entities = doc.entities
        let speakers = doc.attributions.indices.map { entities.attributionEntity[$0].map { entities.entities[$0].name } }
        #expect(speakers == ["Pavel Ostrov", "Pavel Ostrov", "Pavel Ostrov", "Pavel Ostrov"])
        let ostrov = try #require(entities.entities.first { $0.name == "Pavel Ostrov" })
        #expect(ostrov.aliases.contains("Ostrov"))
        #expect(ostrov.roles.contains("Deputy Minister"))
        #expect(entities.attributionRole.last == "The minister")
    }

    @Test func aRelativePronounReachesTheNameBeforeIt() throws {
        let doc = try analyze("Headline of the test\n\nThe deal was signed by Anna Berg, who said the terms were fair.")
        let speakers = doc.attributions.indices.map { doc.entities.attributionEntity[$0].map { doc.entities.entities[$0].name } }
        #expect(speakers == ["Anna Berg"])
    }

    @Test func anonymousSourcesHaveNoEntity() throws {
        let doc = try analyze("Headline of the test\n\nBarrels crossed the border, sources in the region say.")
        #expect(doc.attributions.count == 1)
        #expect(doc.entities.attributionEntity == [nil])
    }

    @Test func transliterationsMergeAcrossDocumentsWithEvidence() {
        let a = DocumentEntity(name: "Mohammad Bagheri", type: .person, aliases: [], roles: ["Chief of Staff of the Armed Forces"], canonical: nil)
        let b = DocumentEntity(name: "Mohammad Baqeri", type: .person, aliases: [], roles: ["Chief of Staff"], canonical: nil)
        let c = DocumentEntity(name: "Zamir Kabulov", type: .person, aliases: [], roles: [], canonical: nil)
        let d = DocumentEntity(name: "Zemir Kabulov", type: .person, aliases: [], roles: ["Special Envoy"], canonical: nil)
        let output = EntityResolver().resolve([
            .init(document: "one", entities: [a, c]), .init(document: "two", entities: [b, d]),
        ])
        #expect(output.entities.count == 2)
        let bagheri = output.entities.first { $0.aliases.contains("Mohammad Baqeri") }
        #expect(bagheri?.aliases.contains("Mohammad Bagheri") == true)
        #expect(bagheri?.merges.first?.contains("transliterations") == true)
        #expect(output.corpusId["one"] == output.corpusId["two"])
    }

    @Test func aNameInThousandsOfDocumentsKeepsAShortExplanation() {
        let inputs = (0..<5000).map { i in
            EntityResolver.Input(
                document: "d\(i)",
                entities: [DocumentEntity(name: "Mira Talvik", type: .person, aliases: [], roles: i % 2 == 0 ? ["Minister"] : [], canonical: nil)])
        }
        let output = EntityResolver().resolve(inputs)
        #expect(output.entities.count == 1)
        let mira = output.entities[0]
        #expect(mira.documents.count == 5000)
        #expect(mira.roles == ["Minister"])
        #expect(mira.merges.count == EntityResolver.evidenceLines + 1)
        #expect(mira.merges.last == "… and \(4999 - EntityResolver.evidenceLines) more merges of the kinds above")
    }

    @Test func differentPeopleWithOneSurnameStayApart() {
        let ilona = DocumentEntity(name: "Ilona Vesk", type: .person, aliases: [], roles: ["Dr."], canonical: nil)
        let tomas = DocumentEntity(name: "Tomas Vesk", type: .person, aliases: [], roles: ["spokesman"], canonical: nil)
        let bare = DocumentEntity(name: "Vesk", type: .person, aliases: [], roles: [], canonical: nil)
        let output = EntityResolver().resolve([
            .init(document: "one", entities: [ilona, tomas]), .init(document: "two", entities: [bare]),
            .init(document: "three", entities: [bare]),
        ])
        // The bare surname is ambiguous: it joins neither, and nothing says the Vesk of two and
        // the Vesk of three are one person, so they stay apart too.
        #expect(output.entities.count == 4)
        #expect(output.corpusId["two"] != output.corpusId["three"])
        #expect(output.entities.filter { $0.name == "Vesk" }.map(\.documents) == [["two"], ["three"]])
    }

    @Test func listedAliasesMergeByCanonicalName() {
        let daesh = DocumentEntity(name: "Islamic State", type: .group, aliases: ["Daesh"], roles: [], canonical: "Islamic State")
        let isis = DocumentEntity(name: "Islamic State", type: .group, aliases: ["ISIS"], roles: [], canonical: "Islamic State")
        let output = EntityResolver().resolve([.init(document: "one", entities: [daesh]), .init(document: "two", entities: [isis])])
        #expect(output.entities.count == 1)
        #expect(output.entities[0].aliases.contains("Daesh") && output.entities[0].aliases.contains("ISIS"))
        #expect(output.entities[0].documents == ["one", "two"])
    }

    @Test(arguments: [("Bagheri", "Baqeri"), ("Zamir", "Zemir"), ("Mohammad", "Muhammad"), ("Kabulov", "Kabulov")])
    func transliterationSkeletonsAgree(a: String, b: String) {
        #expect(EntityResolver.skeleton(a) == EntityResolver.skeleton(b))
    }

    /// The byte-level skeleton of plain ASCII words is the one Foundation's folding gives, on
    /// every given name and surname the lists hold and on words of every shape.
    @Test func theASCIISkeletonIsTheFoldedOne() throws {
        let names = try String(
            contentsOf: repositoryRoot.appendingPathComponent("Sources/ClaimTrace/Resources/gazetteers/given-names.txt"), encoding: .utf8)
        var words = names.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") && $0.allSatisfy(\.isASCII) }
        words += ["O'Brien", "MacGhee", "Ckckc", "THOMAS", "ghq", "Khwaja", "y", "", "3rd", "Al-Qaeda", "phth", "Ayyub", "Jean-Luc"]
        #expect(words.count > 500)
        for word in words { #expect(EntityResolver.skeleton(word) == EntityResolver.foldedSkeleton(word), "\(word)") }
    }

    /// Markdown left in a name ("**[Kabulov](#)**") is dropped and spaces folded, as removing
    /// each mark in turn would.
    @Test(arguments: [
        ("**[Zamir Kabulov](#)**", "Zamir Kabulov"), ("[Mesk]]](#) Courier", "Mesk Courier"), ("  Renée\u{A0}\u{A0}Dufort ", "Renée Dufort"),
        ("a*[b](#)c]d", "abcd"), ("]](#)", ""), ("Plain name", "Plain name"), ("*(#)", "(#)"), ("x](#](#)y", "x(#y"),
    ])
    func cleaningANameDropsMarkdownAndFoldsSpaces(raw: String, clean: String) {
        #expect(EntityLinker.clean(raw) == clean)
    }

    @Test func differentNamesHaveDifferentSkeletons() {
        #expect(EntityResolver.skeleton("Ilona") != EntityResolver.skeleton("Tomas"))
        #expect(EntityResolver.skeleton("Hatami") != EntityResolver.skeleton("Bahrami"))
    }
}
