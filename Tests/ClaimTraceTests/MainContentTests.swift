import Testing

@testable import ClaimTrace

/// Main-text extraction on pages we write: what stays is the article, the rest is excluded
/// with a kind.
@Suite struct MainContentTests {
    static let paragraph1 = "The ministry said on Monday that barrels, drums and crates were moved across the border at night, according to three drivers."
    static let paragraph2 = "Officials in the river town, who asked not to be named, said the convoys had run for weeks before anyone checked the permits."
    static let paragraph3 = "A spokesman for the plant denied the claims, saying every kilogram of waste was burned on site, as the licence requires."

    /// The main text of a page as the reader marks it.
    func main(_ html: String, includeComments: Bool = false) -> (text: String, page: HTMLReader.Page) {
        let page = HTMLReader(includeComments: includeComments).read(html)
        return (WebExtract.mainText(page.text, excluded: page.hints.furniture), page)
    }

    var body: String { "<p>\(Self.paragraph1)</p><p>\(Self.paragraph2)</p><p>\(Self.paragraph3)</p>" }

    @Test func aTeaserArticleDoesNotHideTheRealText() {
        // The page's only <article> is a teaser card in the sidebar; the story is in a <div>.
        let html = """
            <html><body><ul class="nav"><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul>
            <div class="story">\(body)</div>
            <div class="side"><article><a href="/x">Another story about something else entirely</a></article></div>
            </body></html>
            """
        let (text, _) = main(html)
        #expect(text.contains(Self.paragraph1))
        #expect(text.contains(Self.paragraph3))
        #expect(!text.contains("Another story"))
        #expect(!text.contains("Home"))
    }

    @Test func anArticleHalfMadeOfTeasersIsNotALinkList() {
        // A paywalled story: three short paragraphs, each in its own box, and more teaser
        // links than text inside the one <article>. The article is chosen; it must not then be
        // excluded as a list of links.
        let teasers = (1...8).map { "<li><a href=\"/s\($0)\">Another story about the river and the barrels, part \($0) of the series</a></li>" }
            .joined()
        let html = """
            <html><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><div class="a"><p>\(Self.paragraph1)</p></div><div class="b"><p>\(Self.paragraph2)</p></div>
            <div class="c"><p>\(Self.paragraph3)</p></div><ul>\(teasers)</ul></article></body></html>
            """
        let (text, _) = main(html)
        #expect(text.contains(Self.paragraph1))
        #expect(text.contains(Self.paragraph3))
        #expect(!text.contains("part 3 of the series"))
        #expect(!text.contains("World"))
    }

    @Test func aBoxHoldingMostOfAWideChoicesTextIsNotFurniture() {
        // The paragraphs sit in boxes of their own, so the choice is their shared ancestor; the
        // box that holds two of the three is named like a sidebar. It stays article text.
        let html = """
            <html><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <div id="page"><div class="sidebar-layout"><div><p>\(Self.paragraph1)</p></div><div><p>\(Self.paragraph2)</p></div></div>
            <div><p>\(Self.paragraph3)</p></div><div class="sidebar"><a href="/a">Most read</a> <a href="/b">Weather</a></div></div>
            </body></html>
            """
        let (text, _) = main(html)
        #expect(text.contains(Self.paragraph1))
        #expect(text.contains(Self.paragraph2))
        #expect(text.contains(Self.paragraph3))
        #expect(!text.contains("Most read"))
    }

    @Test func aFurnitureWordOnTheArticlesWrapperDoesNotSwallowIt() {
        let html = """
            <html><body><div class="menu-open layout"><nav><a href="/">Home</a> <a href="/a">About</a></nav>
            <div class="text">\(body)</div></div></body></html>
            """
        let (text, _) = main(html)
        #expect(text.contains(Self.paragraph2))
        #expect(!text.contains("About"))
    }

    @Test func commentsAreExcludedUnlessAskedFor() {
        let comment = "I was there that night and saw the lorries myself, honestly it was frightening."
        let html = """
            <html><body><div class="entry-content">\(body)
            <div id="comments" class="comment-list"><p>\(comment)</p></div></div></body></html>
            """
        let (text, page) = main(html)
        #expect(text.contains(Self.paragraph1))
        #expect(!text.contains(comment))
        #expect(page.hints.furniture.contains { $0.kind == .comments })
        let (kept, keptPage) = main(html, includeComments: true)
        #expect(kept.contains(comment))
        #expect(!keptPage.hints.furniture.contains { $0.kind == .comments })
    }

    @Test func proseInAnotherContainerJoinsTheArticleButLabelsAndSidebarsDoNot() {
        // The story goes on in a second container that is neither the chosen element's
        // sibling nor in one of its few parents (`paragraph-rescue`).
        let more = "The drivers said that they had been paid in cash at the end of each week, and that they were told not to ask what was in the drums or where the crates would go after they had crossed the river into the next town."
        let labels = "Price 12 EUR, colour red, size large, weight 3 kg, material steel, delivery 2 days, warranty 5 years, stock 14 units, model XR-200."
        let aside = "Our weekly letter is where we tell you about all of the stories that we have found in the last days, and it is free for all of our readers who want it."
        let html = """
            <html><body><div class="top"><div class="col"><div class="story">\(body)</div></div></div>
            <div class="wrap"><div class="inner"><p>\(more)</p><p>\(labels)</p></div></div>
            <div class="sidebar"><p>\(aside)</p></div>
            </body></html>
            """
        let (text, _) = main(html)
        #expect(text.contains(Self.paragraph1))
        #expect(text.contains(more))
        #expect(!text.contains(labels))
        #expect(!text.contains(aside))
    }

    @Test func stopwordsAreCountedWithoutRegardToCase() {
        let text = "The drivers SAID that Über für"
        let (words, stopwords) = text.utf8.withContiguousStorageIfAvailable { Stopwords.shared.count($0) }!
        #expect(words == 6)
        // "the", "said" (folded from "SAID"), "that", "für" and "über" (folded from "Über").
        #expect(stopwords == 5)
    }

    @Test func aTableInsideTheArticleIsKept() {
        let html = """
            <html><body><div class="nav"><a href="/">Home</a></div><article>\(body)
            <table><tr><td>Barrels counted</td><td>412</td></tr></table></article></body></html>
            """
        let (text, _) = main(html)
        #expect(text.contains("Barrels counted 412"))
    }

    @Test func aNulByteDoesNotEndThePage() {
        // libxml2 stops at a NUL; saved pages hold stray ones.
        let html = "<html><body><div class=\"nav\"><a href=\"/\">Home</a></div>\u{0}<div>\(body)</div></body></html>"
        let (text, _) = main(html)
        #expect(text.contains(Self.paragraph3))
    }

    @Test func anArticleInsideAPageWideFormIsRead() {
        // ASP.NET pages wrap their whole body in one <form>.
        let html = """
            <html><body><form action="/page.aspx"><div class="menu"><a href="/">Home</a></div>
            <div class="article">\(body)</div><form><label>Your e-mail for our weekly letter</label><input type="email"></form>
            </form></body></html>
            """
        let (text, page) = main(html)
        #expect(text.contains(Self.paragraph2))
        #expect(!text.contains("Your e-mail"))
        #expect(page.hints.furniture.contains { $0.kind == .form })
    }

    @Test func badPagesGiveOneWarningEach() {
        let shell = "<html><head><script src=\"app.js\"></script></head><body><div id=\"root\">Loading</div><script>start()</script></body></html>"
        #expect(HTMLReader().read(shell).warnings == ["no article text found: a JavaScript shell (2 scripts, 7 characters of text)"])
        let login = """
            <html><body><h1>Sign in to read</h1><form><input type="text" name="user"><input type="password" name="pw"></form>
            <a href="/forgot">Forgot password?</a></body></html>
            """
        #expect(HTMLReader().read(login).warnings.first?.hasPrefix("no article text found: a login wall") == true)
        let links = "<html><body><ul>" + (1...40).map { "<li><a href=\"/\($0)\">Section number \($0)</a></li>" }.joined() + "</ul></body></html>"
        #expect(HTMLReader().read(links).warnings.first?.hasPrefix("no article text found: no paragraph of text") == true)
        // An article page and a short fragment say nothing.
        #expect(HTMLReader().read("<html><body>\(body)</body></html>").warnings.isEmpty)
        #expect(HTMLReader().read("<p>Second.</p>").warnings.isEmpty)
    }
}

/// The evaluation deals its halves by the order in which evaldata.json names the pages.
@Suite struct WebExtractOrderTests {
    @Test func pagesAreFoundInTheOrderTheFileNamesThemAndEscapedNamesComeLast() throws {
        let json = #"{"u3": {"file": "c.html", "with": []}, "u1": {"file":"a.html"}, "u2": {"file": "caf\u00e9.html"}, "u4": {"file": "b.html", "note": "\"file\": \"c.html\""}}"#
        let positions = WebExtract.filePositions(Array(json.utf8))
        #expect(positions.keys.sorted() == ["a.html", "b.html", "c.html"])
        let c = try #require(positions["c.html"]), a = try #require(positions["a.html"]), b = try #require(positions["b.html"])
        #expect(c < a && a < b)
    }
}
