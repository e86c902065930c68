import Foundation
import Testing

@testable import ClaimTrace

/// One saved page of the shared web-extraction set, with the metadata a careful reader finds
/// on it (checked by eye on the page's visible header; nil or empty where the page truly has
/// none). `language` is what the page declares (`<html lang>`, `og:locale`,
/// `content-language`), nil when it declares nothing.
struct WebPage: Sendable, CustomStringConvertible {
    let file: String
    let title: String?
    let authors: [String]
    let published: String?
    let modified: String?
    let outlet: String?
    let language: String?
    let url: String?
    /// Fields the collector still gets wrong on this page, with why: checked as known issues, so
    /// that the test says when one comes right.
    let misses: [String: String]

    init(
        _ file: String, title: String?, authors: [String], published: String?, modified: String?,
        outlet: String?, language: String?, url: String?, misses: [String: String] = [:]
    ) {
        self.file = file
        self.title = title
        self.authors = authors
        self.published = published
        self.modified = modified
        self.outlet = outlet
        self.language = language
        self.url = url
        self.misses = misses
    }

    var description: String { file }

    /// The page's folder: `../shared/eval/webextract/pages` from the repository root. The pages
    /// are third-party data, read where they are and never copied into the repository.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/eval/webextract/pages")

    /// The page's metadata as the HTML reader collects it; throws, naming the path, when the
    /// shared set is missing.
    func read() throws -> DocumentMetadata {
        let url = Self.folder.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MissingSharedPage(path: url.path)
        }
        return try Self.metadata(of: data)
    }

    /// What the HTML reader collects from a page's bytes, decoded as files are.
    static func metadata(of data: Data) throws -> DocumentMetadata {
        HTMLReader().read(try TextDecoder().decode(Array(data)).text).metadata
    }

    /// The fields the reader got right, of the seven.
    func fieldsRight(_ m: DocumentMetadata) -> [String: Bool] {
        [
            "title": m.title == title, "authors": m.authors == authors, "published": m.published?.description == published,
            "modified": m.modified?.description == modified, "outlet": m.outlet == outlet, "url": m.url == url,
            "language": m.language == language,
        ]
    }

    /// Thirty pages of `../shared/eval/webextract`, news first, over ten languages.
    static let all: [WebPage] = [
        WebPage("latimes.com.bloomberg.html",
            title: "As his first debate nears, Bloomberg is having to answer about his past",
            authors: ["Evan Halper"], published: "2020-02-19", modified: "2020-02-19",
            outlet: "Los Angeles Times", language: "en-US",
            url: "https://www.latimes.com/politics/story/2020-02-19/mike-bloomberg-democratic-debate-history"),
        WebPage("theverge.com.ios13.html",
            title: "iOS 13 will fix the FaceTime eye contact problem",
            authors: ["Jon Porter"], published: "2019-07-03", modified: "2019-07-03",
            outlet: "The Verge", language: nil,
            url: "https://www.theverge.com/2019/7/3/20680681/ios-13-beta-3-facetime-attention-correction-eye-contact"),
        WebPage("wired.com.burn.html",
            title: "AI Can Do Great Things—if It Doesn't Burn the Planet",
            authors: ["Will Knight"], published: "2020-01-21", modified: "2020-01-21",
            outlet: "Wired", language: "en",
            url: "https://www.wired.com/story/ai-great-things-burn-planet/"),
        WebPage("telegraph.co.uk.plumber.html",
            title: "Plumber jailed after boiler killed millionaire's daughter",
            authors: [], published: "2012-04-17", modified: nil,
            outlet: "The Telegraph", language: "en-GB",
            url: "https://www.telegraph.co.uk/news/uknews/law-and-order/9209302/Plumber-jailed-after-boiler-killed-millionaires-daughter.html"),
        WebPage("theintercept.com-Gaza.html",
            title: "What It’s Like to Give Birth in Gaza",
            authors: ["Ibtisam Mahdi", "Ruwaida Kamal Amer"], published: "2023-11-08", modified: "2023-11-08",
            outlet: "The Intercept", language: "en-US",
            url: "https://theintercept.com/2023/11/08/gaza-hospitals-babies-doctors-patients/"),
        WebPage("bostonherald.com-Brothel-catering.html",
            title: "Brothel catering to politicians, doctors, lawyers busted in Boston",
            authors: ["Grace Zokovitch"], published: "2023-11-08", modified: "2023-11-08",
            outlet: "Boston Herald", language: "en-US",
            url: "https://www.bostonherald.com/2023/11/08/brothel-catering-to-politicians-doctors-lawyers-busted-in-boston/"),
        WebPage("timesofisrael.com.washington.html",
            title: "State of Washington swears in first Native American-Jewish Supreme Court justice",
            authors: ["Emily Burack"], published: "2020-01-08", modified: nil,
            outlet: "The Times of Israel", language: "en-US",
            url: "https://www.timesofisrael.com/state-of-washington-swears-in-first-native-american-jewish-supreme-court-justice/"),
        WebPage("citylimits.org-Nycha.html",
            title: "VIDEO: Voting on NYCHA’s Future",
            authors: ["Tatyana Turner"], published: "2023-11-08", modified: "2023-11-08",
            outlet: "City Limits", language: "en-US",
            url: "https://citylimits.org/2023/11/08/video-voting-on-nychas-future/"),
        WebPage("lemire.me.json.html",
            title: "JSON parsing: simdjson vs. JSON for Modern C++",
            authors: ["Daniel Lemire"], published: "2019-08-02", modified: "2019-08-02",
            outlet: "Daniel Lemire's blog", language: "en-US",
            url: "https://lemire.me/blog/2019/08/02/json-parsing-simdjson-vs-json-for-modern-c/",
            misses: ["authors": "the byline is in the entry footer, after the text"]),
        WebPage("spiegel.de.albtraum.html",
            title: "Ein Albtraum",
            authors: ["Clemens Höges"], published: "2018-12-22", modified: "2018-12-22",
            outlet: "SPIEGEL ONLINE", language: "de",
            url: "https://www.spiegel.de/spiegel/print/d-161500790.html"),
        WebPage("faz.net.streaming.html",
            title: "Nutzerbasierte Abrechnung: Musik-Stars fordern neues Streaming-Modell",
            authors: ["Benjamin Fischer", "Marcus Theurer"], published: "2020-01-28", modified: "2020-01-28",
            outlet: "FAZ.NET", language: "de",
            url: "https://www.faz.net/aktuell/wirtschaft/nutzerbasierte-abrechnung-musik-stars-fordern-neues-streaming-modell-16604622.html"),
        WebPage("taz.de.siemens.html",
            title: "Siemens und die Kohlemine Adani: Kaeser verarscht Neubauer",
            authors: ["Ingo Arzt"], published: "2020-01-13", modified: "2020-01-14",
            outlet: "taz.de", language: "de",
            url: "https://taz.de/Siemens-und-die-Kohlemine-Adani/!5655255/"),
        WebPage("sueddeutsche.de.flixtrain.html",
            title: "Flixbus attackiert Deutsche Bahn",
            authors: ["Markus Balser"], published: "2019-05-15", modified: "2019-05-17",
            outlet: "Süddeutsche.de", language: "de",
            url: "https://www.sueddeutsche.de/wirtschaft/bahn-flixbus-flixtrain-deutschlandtakt-fernverkehr-1.4445845",
            misses: ["modified": "only a German last-modified meta says it (Fr, 17 Mai 2019)"]),
        WebPage("correctiv.org.zusage.html",
            title: "„Wir haben bereits die Zusage“",
            authors: ["Marcus Bensmann", "Justus von Daniels", "Ulrich Stoll"], published: "2019-05-14", modified: "2019-05-16",
            outlet: "correctiv.org", language: "de-DE",
            url: "https://correctiv.org/aktuelles/neue-rechte/2019/05/14/wir-haben-bereits-die-zusage/"),
        WebPage("t3n.de-Laufzeit.html",
            title: "Apple arbeitet angeblich an eigenen iPhone-Akkus für mehr Laufzeit",
            authors: ["Andreas Floemer"], published: "2023-11-06", modified: "2023-11-06",
            outlet: "t3n Magazin", language: "de",
            url: "https://t3n.de/news/apple-eigener-iphone-akku-1587177/"),
        WebPage("www1.wdr.de-Correctiv-Recherche.html",
            title: "Correctiv-Recherche: Deutsche Waffen für Russland",
            authors: ["Sabine Schmitt"], published: "2023-11-06", modified: "2023-11-07",
            outlet: "wdr.de", language: "de",
            url: "https://www1.wdr.de/nachrichten/correctiv-recherche-deutsche-waffen-fuer-russland-100.html"),
        WebPage("nh24.de-Bundeswehr.html",
            title: "Mitarbeiter fordern Bundeswehr-Aufträge für deutsche Unternehmen",
            authors: ["Alexander Wittke"], published: "2023-11-06", modified: "2023-11-06",
            outlet: "nh24.de", language: "de-DE",
            url: "https://nh24.de/2023/11/06/mitarbeiter-fordern-bundeswehr-auftraege-fuer-deutsche-unternehmen/"),
        WebPage("scienceblogs.de-zufaellig.html",
            title: "Münzwürfe sind nicht zufällig",
            authors: ["Thilo"], published: "2023-11-06", modified: "2023-11-06",
            outlet: "Mathlog", language: "de-DE",
            url: "https://scienceblogs.de/mathlog/2023/11/06/muenzwuerfe-sind-nicht-zufaellig/"),
        WebPage("elpais.com.ciencia.html",
            title: "¿Ha llegado realmente la Antártida a los 20 grados?",
            authors: ["Nuño Domínguez"], published: "2020-02-19", modified: "2020-02-19",
            outlet: "EL PAÍS", language: "es",
            url: "https://elpais.com/elpais/2020/02/18/ciencia/1582045946_459487.html"),
        WebPage("elcomercio.pe-kenjifujimori.html",
            title: "Kenji Fujimori: juicio por presunta compra de votos continuará el 18 de mayo",
            authors: ["Redacción EC"], published: "2022-05-07", modified: "2022-05-07",
            outlet: "El Comercio Perú", language: "es",
            url: "https://elcomercio.pe/politica/justicia/kenji-fujimori-juicio-contra-excongresista-por-presunta-compra-de-votos-continuara-el-18-de-mayo-pedro-pablo-kuczynski-ppk-fiscalia-rmmn-noticia/"),
        WebPage("cubadebate.cu-sesiona.html",
            title: "Sesiona IV Pleno del Comité Central del Partido",
            authors: ["Yaima Puig Meneses", "Alina Perera Robbio", "René Tamayo"], published: "2022-04-26", modified: "2022-04-27",
            outlet: "Cubadebate", language: "es",
            url: "http://www.cubadebate.cu/noticias/2022/04/26/sesiona-iv-pleno-del-comite-central-del-partido/"),
        WebPage("ledevoir.com.trottinettes.html",
            title: "La fin des trottinettes en libre-service à Montréal",
            authors: ["Jeanne Corriveau"], published: "2020-02-19", modified: "2020-02-19",
            outlet: "Le Devoir", language: "fr",
            url: "https://www.ledevoir.com/politique/montreal/573258/la-fin-des-trottinettes-en-libre-service-a-montreal"),
        WebPage("bondyblog.fr.paris-8.html",
            title: "A Paris-8, un peu de tension, beaucoup d’actions",
            authors: ["Kab Niang"], published: "2020-02-17", modified: "2020-02-17",
            outlet: "Bondy Blog", language: "fr-FR",
            url: "https://www.bondyblog.fr/societe/a-paris-8-un-peu-de-tension-beaucoup-d-actions/"),
        WebPage("lapresse.tn.parite.html",
            title: "Parité hommes-femmes en Tunisie : Au-dessous de la moyenne mondiale",
            authors: ["Chokri GHARBI"], published: "2020-02-18", modified: "2020-02-18",
            outlet: "La Presse de Tunisie", language: "fr-FR",
            url: "https://lapresse.tn/48915/parite-hommes-femmes-en-tunisie-au-dessous-de-la-moyenne-mondiale/"),
        WebPage("lastampa.it.temperature.html",
            title: "Perturbazione polare al Centro e al Sud. Il Nord, scavalcato, mantiene temperature alte",
            authors: [], published: "2020-02-19", modified: "2020-02-19",
            outlet: "lastampa.it", language: "it-IT",
            url: "https://www.lastampa.it/cronaca/2020/02/19/news/temperature-in-calo-in-tutta-italia-attesa-neve-sull-appennino-1.38487954"),
        WebPage("yle.fi.3-11212601.html",
            title: "Leudot talvet tekevät meistä väsyneempiä – näillä keinoilla torjut kaamosoireita",
            authors: ["Markus Mäki"], published: "2020-02-19", modified: nil,
            outlet: "Yle Uutiset", language: "fi",
            url: "https://yle.fi/uutiset/3-11212601"),
        WebPage("assabah.com.tn.article.html",
            title: "الناشط الحقوقي السوداني خالد عبد الكريم ماسا لـ«الصباح»: كل الشروط متوفرة لثورة سودانية ولا حاجة لنستورد شيئا",
            authors: [], published: "2019-02-08", modified: nil,
            outlet: "Assabah News", language: "ar",
            url: "http://www.assabah.com.tn/article/164913/%D8%A7%D9%84%D9%86%D8%A7%D8%B4%D8%B7-%D8%A7%D9%84%D8%AD%D9%82%D9%88%D9%82%D9%8A-%D8%A7%D9%84%D8%B3%D9%88%D8%AF%D8%A7%D9%86%D9%8A-%D8%AE%D8%A7%D9%84%D8%AF-%D8%B9%D8%A8%D8%AF-%D8%A7%D9%84%D9%83%D8%B1%D9%8A%D9%85-%D9%85%D8%A7%D8%B3%D8%A7-%D9%84%D9%80%C2%AB%D8%A7%D9%84%D8%B5%D8%A8%D8%A7%D8%AD%C2%BB-%D9%83%D9%84-%D8%A7%D9%84%D8%B4%D8%B1%D9%88%D8%B7-%D9%85%D8%AA%D9%88%D9%81%D8%B1%D8%A9-%D9%84%D8%AB%D9%88%D8%B1%D8%A9",
            misses: ["published": "the date is written in Arabic, with the Maghreb month name"]),
        WebPage("gazetadopovo.com.br-pacheco.html",
            title: "O que Pacheco pretende com acenos ao STF e à limitação do indulto",
            authors: ["Rodolfo Costa"], published: "2022-05-03", modified: "2022-05-03",
            outlet: "Gazeta do Povo", language: "pt-BR",
            url: "https://www.gazetadopovo.com.br/republica/o-que-pacheco-pretende-acenos-ao-stf-e-propor-limites-ao-indulto-presidencial/",
            misses: ["published": "JSON-LD gives the UTC date, a day after the one the page shows"]),
        WebPage("„Królowa Elżbieta” wypływa w świat. Sygnał dla Chin i Rosji - Polityka.pl.html",
            title: "„Królowa Elżbieta” wypływa w świat. Sygnał dla Chin i Rosji",
            authors: ["Marek Świerczyński"], published: "2021-05-04", modified: "2021-05-04",
            outlet: "Polityka", language: "pl",
            url: "https://www.polityka.pl/tygodnikpolityka/swiat/2116825,1,krolowa-elzbieta-wyplywa-w-swiat-sygnal-dla-chin-i-rosji.read",
            misses: ["outlet": "JSON-LD names the publisher by its legal name (POLITYKA Sp. z o.o. S.K.A)"]),
        WebPage("Windows 10 od lipca przestanie obsługiwać Adobe Flash.html",
            title: "Zasłużony, ale żegnany z ulgą. Windows 10 pozbywa się Flasha",
            authors: ["Maciej Gajewski"], published: "2021-05-05", modified: "2021-05-05",
            outlet: "Spider's Web", language: "pl",
            url: "https://spidersweb.pl/2021/05/windows-10-flash.html"),
    ]
}

struct MissingSharedPage: Error, CustomStringConvertible {
    let path: String
    var description: String {
        "the shared web-extraction page \(path) is missing: check out the shared data next to the repository (../shared/eval/webextract)"
    }
}

/// Metadata of real web pages, checked field by field against what a reader sees on them.
@Suite struct WebMetadataTests {
    func metadata(_ html: String) -> DocumentMetadata { HTMLReader().read(html).metadata }

    @Test func jsonLDAuthorsByReferenceAndNoOrganisationAsAuthor() {
        let m = metadata("""
            <html lang="en_gb"><head><title>Storm hits the coast | Daily Example</title>
            <meta name="author" content="null">
            <script type="application/ld+json">{"@graph":[
              {"@type":"WebPage","@id":"p","inLanguage":"en-GB"},
              {"@type":"NewsArticle","headline":"Storm hits the coast","datePublished":"2020-02-17T23:31:49-05:00",
               "dateModified":"20200218T101010Z","author":[{"@id":"#jane"},{"@type":"Organization","name":"Daily Example"}],
               "publisher":{"@id":"#org"}},
              {"@type":"Person","@id":"#jane","name":"Jane Roe"},
              {"@type":"Organization","@id":"#org","name":"Daily Example"}]}</script>
            </head><body><h1>Storm hits the coast</h1><p>Text.</p></body></html>
            """)
        #expect(m.title == "Storm hits the coast")
        #expect(m.authors == ["Jane Roe"])
        #expect(m.published?.description == "2020-02-17")
        #expect(m.modified?.description == "2020-02-18")
        #expect(m.outlet == "Daily Example")
        #expect(m.language == "en-GB")
    }

    @Test func theSiteIsCutFromTheTitleAndNamesTheOutlet() {
        let m = metadata("""
            <html><head><title>Daily Example - Storm hits the coast</title>
            <meta property="og:title" content="Storm hits the coast">
            <link rel="canonical" href="/news/storm"><meta property="og:url" content="https://example.org/x?y">
            </head><body><h1>Storm hits the coast</h1></body></html>
            """)
        #expect(m.title == "Storm hits the coast")
        #expect(m.outlet == "Daily Example")
        #expect(m.url == "https://example.org/news/storm")
        #expect(metadata("<html><head><link rel=canonical href=\"//example.org/a\"></head></html>").url == "https://example.org/a")
        // A relative link with nothing to resolve it against is no URL.
        #expect(metadata("<html><head><link rel=canonical href=\"/a\"></head></html>").url == nil)
        let suffixed = metadata("""
            <html><head><meta property="og:title" content="Storm hits the coast – Weather – Daily Example">
            <meta property="og:site_name" content="Daily Example"></head><body></body></html>
            """)
        #expect(suffixed.title == "Storm hits the coast")
    }

    @Test func bylineAndDateOfTheHeaderNotOfTeasersOrComments() {
        let long = String(repeating: "The storm reached the coast on Monday night. ", count: 8)
        let m = metadata("""
            <html><body><div class="teaser"><a rel="author" href="/a/x">Max Mustermann</a>
            <time datetime="2019-01-01">1 Jan</time></div>
            <article><h1>Storm hits the coast</h1><p class="byline">By Jane Roe and John Doe | jroe@example.org</p>
            <p>\(long)</p>
            <div class="comments"><time datetime="2020-03-01">1 March</time></div></article>
            <div class="teaser"><span>By Max Mustermann</span></div></body></html>
            """)
        #expect(m.authors == ["Jane Roe", "John Doe"])
        #expect(MetadataCollector.authorNames(["Von Markus Balser, Berlin"], siteKeys: []) == ["Markus Balser"])
        #expect(MetadataCollector.authorNames(["Posted on September 3, 2020 by Jane Roe"], siteKeys: []) == ["Jane Roe"])
        #expect(MetadataCollector.authorNames(["Web Agency GmbH www.agency.de", "Justus von Daniels"], siteKeys: []) == ["Justus von Daniels"])
        let organisation = metadata("""
            <html><head><meta name="author" content="Daily Example GmbH, Hamburg, Germany">
            <meta property="og:site_name" content="Daily Example"></head><body><h1>Storm</h1></body></html>
            """)
        #expect(organisation.authors == [])
        #expect(m.published == nil)
        let dated = metadata("""
            <html><body><h1>Storm hits the coast</h1><p>Por: <a href="/autor/ana">Ana Pérez</a></p>
            <time datetime="2020-02-19T08:51+0100">19 February</time><time class="updated" datetime="2020-02-20">20</time>
            <p>\(long)</p><time datetime="2021-01-01">later</time></body></html>
            """)
        #expect(dated.authors == ["Ana Pérez"])
        #expect(dated.published?.description == "2020-02-19")
        #expect(dated.modified?.description == "2020-02-20")
    }

    @Test func theHostIsTheOutletOnlyWhenNeitherMarkupNorTextNamesOne() throws {
        let page = """
            <html><head><link rel="canonical" href="https://www.example.org/a"></head><body><h1>Storm hits the coast</h1>
            <p>The storm reached the coast on Monday night, the weather service said.</p>%@</body></html>
            """
        func outlet(_ tail: String) throws -> String? {
            let html = page.replacingOccurrences(of: "%@", with: tail)
            let read = HTMLReader().read(html)
            #expect(read.metadata.outlet == nil)
            let document = Document(id: "a", source: "a.html", format: .html, text: read.text, metadata: read.metadata, hints: read.hints)
            return try Pipeline().analyze(document).metadata.outlet
        }
        #expect(try outlet("") == "example.org")
        #expect(try outlet("<p>© 2025 East Meridian Monitor. All rights reserved.</p>") == "East Meridian Monitor")
    }

    @Test func hostileJSONLDIsReadBoundedAndDeepNestingIsSkipped() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let wide = "[" + Array(repeating: "{\"@type\":\"Thing\"}", count: 50_000).joined(separator: ",")
            + ",{\"@type\":\"NewsArticle\",\"headline\":\"Late\"}]"
        let m = metadata("""
            <html><head><script type="application/ld+json">\(deep)</script>
            <script type="application/ld+json">\(wide)</script></head><body><h1>Shown title</h1></body></html>
            """)
        // The article past the item bound is not reached; the page's heading stands.
        #expect(m.title == "Shown title")
        #expect(MetadataCollector.nestingDepth(deep) == 100_000)
    }

    @Test func nestedBylineBoxesAndWideElementsAreReadInBoundedPieces() {
        let nested = String(repeating: "<div class=\"author\">", count: 3_000) + String(repeating: "word ", count: 2_000)
            + String(repeating: "</div>", count: 3_000)
        let wide = "<div class=\"byline\">" + String(repeating: "<span>x</span>", count: 100_000) + "</div>"
        let m = metadata("<html><body><h1>Storm hits the coast</h1><p>By Jane Roe</p>\(nested)\(wide)</body></html>")
        #expect(m.title == "Storm hits the coast")
        // Neither the long boxes nor the wide one is a byline; the short one is.
        #expect(m.authors == ["Jane Roe"])
    }

    @Test(arguments: [("en_us", "en-US"), ("de-de", "de-DE"), ("zh-hant-tw", "zh-Hant-TW"), ("fr", "fr"), ("*", nil), ("english", nil)])
    func languageTags(_ value: String, _ expected: String?) {
        #expect(MetadataCollector.languageTag(value) == expected)
    }

    @Test(arguments: WebPage.all)
    func metadataOfARealPage(_ page: WebPage) throws {
        let m = try page.read()
        func check(_ field: String, _ body: () -> Void) {
            if let reason = page.misses[field] { withKnownIssue(Comment(rawValue: reason)) { body() } } else { body() }
        }
        check("title") { #expect(m.title == page.title) }
        check("authors") { #expect(m.authors == page.authors) }
        check("published") { #expect(m.published?.description == page.published) }
        check("modified") { #expect(m.modified?.description == page.modified) }
        check("outlet") { #expect(m.outlet == page.outlet) }
        check("url") { #expect(m.url == page.url) }
        check("language") { #expect(m.language == page.language) }
    }

    /// Prints the 30-page score per field and, over every page of the shared set, how many get
    /// each field: a measurement, not a check (run with CLAIMTRACE_METADATA_REPORT=1).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CLAIMTRACE_METADATA_REPORT"] != nil))
    func printScoreAndCoverage() throws {
        let fields = ["title", "authors", "published", "modified", "outlet", "url", "language"]
        var right: [String: Int] = [:]
        for page in WebPage.all {
            for (field, ok) in page.fieldsRight(try page.read()) where ok { right[field, default: 0] += 1 }
        }
        print("30-page score: " + fields.map { "\($0) \(right[$0] ?? 0)/30" }.joined(separator: ", ")
            + "; total \(right.values.reduce(0, +))/210")
        let names = try FileManager.default.contentsOfDirectory(atPath: WebPage.folder.path).filter { $0.hasSuffix(".html") }
        var have: [String: Int] = [:]
        for name in names {
            guard let data = FileManager.default.contents(atPath: WebPage.folder.appendingPathComponent(name).path) else { continue }
            guard let m = try? WebPage.metadata(of: data) else { continue }
            let got = [
                "title": m.title != nil, "authors": !m.authors.isEmpty, "published": m.published != nil,
                "modified": m.modified != nil, "outlet": m.outlet != nil || MetadataCollector.host(of: m.url) != nil,
                "url": m.url != nil, "language": m.language != nil,
            ]
            for (field, ok) in got where ok { have[field, default: 0] += 1 }
        }
        print("coverage over \(names.count) pages: " + fields.map { "\($0) \(have[$0] ?? 0)" }.joined(separator: ", "))
    }
}
