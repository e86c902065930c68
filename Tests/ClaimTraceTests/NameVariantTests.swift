import Testing

@testable import ClaimTrace

/// Name variants beyond one transliteration skeleton (issue 25, item 6): pairs of people in two
/// documents that must be one entity, with the rule the merge names, and pairs that must stay two.
@Suite struct NameVariantTests {
    struct Person: Sendable {
        var name: String
        var roles: [String] = []
        var country: String? = nil
        var entity: DocumentEntity { DocumentEntity(name: name, type: .person, aliases: [], roles: roles, canonical: nil, country: country) }
    }

    /// The two people resolved from two documents: whether they are one entity, and its merge reasons.
    func resolve(_ a: Person, _ b: Person) -> (same: Bool, merges: [String]) {
        let output = EntityResolver().resolve([.init(document: "one", entities: [a.entity]), .init(document: "two", entities: [b.entity])])
        let same = output.corpusId["one"] == output.corpusId["two"]
        return (same, same ? output.entities[0].merges : [])
    }

    @Test(arguments: [
        // Diacritics folded.
        (Person(name: "Ömer Öztürk"), Person(name: "Omer Ozturk"), "diacritics"),
        (Person(name: "Mehmet Öztürk"), Person(name: "Mehmet Ozturk"), "diacritics"),
        (Person(name: "Jürgen Müller", roles: ["finance minister"]), Person(name: "Juergen Mueller", roles: ["the minister"]), "translit:vowels"),
        (Person(name: "Renée Dufort"), Person(name: "Renee Dufort"), "diacritics"),
        // Given and family name in either order.
        (Person(name: "Chen Jianguo"), Person(name: "Jianguo Chen"), "name-order"),
        (Person(name: "Tanaka Hiroshi", roles: ["trade minister"]), Person(name: "Hiroshi Tanaka"), "name-order"),
        // Particles joined or apart.
        (Person(name: "Karim Ben Youssef"), Person(name: "Karim Benyoussef"), "particle"),
        (Person(name: "Khalid al-Rashid"), Person(name: "Khalid Al Rashid"), "particle"),
        (Person(name: "Khalid Alrashid"), Person(name: "Khalid al-Rashid"), "particle"),
        (Person(name: "Pieter van Dijk"), Person(name: "Pieter Vandijk"), "particle"),
        // Transliteration families.
        (Person(name: "Ivan Kowalenko"), Person(name: "Ivan Kovalenko"), "translit:w/v"),
        (Person(name: "Aleksandr Zhukov"), Person(name: "Alexandr Zhukov"), "translit:x/ks"),
        (Person(name: "Moussa Diallo"), Person(name: "Musa Diallo"), "translit:ou/u"),
        (Person(name: "Djamel Haddad", roles: ["mayor of Oran"]), Person(name: "Jamel Hadad", roles: ["the mayor"]), "translit:dj/j"),
        (Person(name: "Dmitry Volkov", country: "Russia"), Person(name: "Dmitri Wolkov", country: "Russia"), "translit:w/v"),
        (Person(name: "Cemal Kaya", country: "Turkey"), Person(name: "Jemal Kaya", country: "Turkey"), "translit:c/j"),
        (Person(name: "Cemal Ecevit", roles: ["party leader"]), Person(name: "Djemal Ejevit", roles: ["the leader"]), "translit:c/j"),
        (Person(name: "Youssef Khalil", roles: ["police chief"]), Person(name: "Yusuf Halil", roles: ["chief of police"]), "translit:kh/h"),
    ] as [(Person, Person, String)])
    func variantsMerge(a: Person, b: Person, rule: String) {
        let (same, merges) = resolve(a, b)
        #expect(same, "\(a.name) / \(b.name)")
        #expect(merges.contains { $0.contains(rule) }, "\(merges)")
    }

    @Test(arguments: [
        // One surname, different people.
        (Person(name: "Ilona Vesk", roles: ["doctor"]), Person(name: "Tomas Vesk", roles: ["spokesman"])),
        (Person(name: "Ahmet Öztürk", roles: ["minister"]), Person(name: "Mehmet Ozturk", roles: ["farmer"])),
        (Person(name: "Li Wei", country: "China"), Person(name: "Li Na", country: "China")),
        // A similar full name with nothing shared: transliterations of every word need a role or country.
        (Person(name: "Dmitry Volkov", country: "Russia"), Person(name: "Dmitri Wolkov", country: "Ukraine")),
        (Person(name: "Djamel Haddad"), Person(name: "Jamel Hadad")),
        // The same surname with a particle, other given names.
        (Person(name: "Karim Ben Youssef"), Person(name: "Amina Benyoussef")),
        // A particle is part of the name: "al-Rashid" is not "Rashid", and "Van Dijk" not "Dijk".
        (Person(name: "Khalid al-Rashid"), Person(name: "Khalid Rashid", roles: ["banker"])),
        // Similar skeletons of different names.
        (Person(name: "Ivan Smith"), Person(name: "Evan Smith")),
        (Person(name: "Jim Kowalski"), Person(name: "Kim Kowalski")),
        // A regnal number tells two people apart, whatever they share.
        (Person(name: "Pius XI", roles: ["pope"]), Person(name: "Pius XII", roles: ["the pope"])),
        // Turkish c read as j needs a shared role or country.
        (Person(name: "Cemal Kaya"), Person(name: "Jemal Kaya")),
        (Person(name: "Carlos Mendes", country: "Brazil"), Person(name: "Jarlos Mendes", country: "Portugal")),
    ] as [(Person, Person)])
    func differentPeopleStayApart(a: Person, b: Person) {
        #expect(!resolve(a, b).same, "\(a.name) / \(b.name)")
    }

    @Test(arguments: [
        ("Kowalenko", "Kovalenko", ["translit:w/v"]), ("Öztürk", "Ozturk", ["diacritics"]), ("Zamir", "Zemir", ["translit:vowels"]),
        ("Djamel", "Jamel", ["translit:dj/j"]), ("al-Rashid", "Alrashid", ["particle"]), ("Bagheri", "Baqeri", ["translit:gh/g", "translit:q/g"]),
    ])
    func rulesAreNamed(a: String, b: String, rules: [String]) {
        #expect(EntityResolver.rules(a, b) == rules)
        #expect(EntityResolver.skeleton(a) == EntityResolver.skeleton(b))
    }
}
