import Testing

@testable import ClaimTrace

@Suite struct HTMLReaderTests {
    let page = """
        <!DOCTYPE html>
        <html><head>
          <title>River claims spread | The Daily Example</title>
          <meta property="og:site_name" content="The Daily Example">
          <meta property="article:published_time" content="2025-02-10T08:30:00Z">
          <meta name="author" content="Jane Roe">
          <link rel="canonical" href="https://news.example/river">
          <style>p { color: red }</style>
          <script>var tracking = "<p>not text</p>";</script>
        </head><body>
          <nav><a href="/">Home</a> <a href="/news">News</a></nav>
          <div class="breadcrumbs"><a href="/">Home</a> › <a href="/world">World</a></div>
          <article>
            <h1>River claims spread</h1>
            <p>The ministry said on Monday that&nbsp;barrels &amp; drums were moved.</p>
            <p>“We have evidence,” <em>she</em> told <a href="https://x.example">reporters</a>.</p>
            <figure><img src="a.jpg"><figcaption>Photo: Staff</figcaption></figure>
            <div class="share-buttons"><a>Facebook</a> <a>Twitter</a></div>
          </article>
          <aside><h3>Related</h3><ul><li><a href="/1">Another story</a></li></ul></aside>
          <footer>© 2025 The Daily Example</footer>
        </body></html>
        """

    @Test func rendersParagraphsAndIgnoresScriptsAndStyles() {
        let result = HTMLReader().read(page)
        #expect(result.text.contains("The ministry said on Monday that\u{A0}barrels & drums were moved."))
        #expect(result.text.contains("\n\n“We have evidence,” she told reporters.\n\n"))
        #expect(!result.text.contains("tracking"))
        #expect(!result.text.contains("color"))
        #expect(!result.text.contains("\n\n\n"))
    }

    @Test func readsMetadataFromTheHead() {
        let meta = HTMLReader().read(page).metadata
        #expect(meta.title == "River claims spread")
        #expect(meta.outlet == "The Daily Example")
        #expect(meta.published == Day(year: 2025, month: 2, day: 10))
        #expect(meta.authors == ["Jane Roe"])
        #expect(meta.url == "https://news.example/river")
    }

    @Test func marksPageFurnitureFromMarkup() throws {
        let result = HTMLReader().read(page)
        let analyzed = try Pipeline().analyze(
            Document(id: "p", source: "p", format: .html, text: result.text, metadata: result.metadata, hints: result.hints))
        let excluded = analyzed.excludedTexts.map(\.0)
        #expect(excluded.contains("Home News"))
        #expect(excluded.contains("Photo: Staff"))
        #expect(excluded.contains("Facebook Twitter"))
        #expect(excluded.contains("© 2025 The Daily Example"))
        #expect(excluded.contains("Another story"))
        #expect(analyzed.sentenceTexts.contains("“We have evidence,” she told reporters."))
        #expect(!analyzed.sentenceTexts.contains { $0.contains("Facebook") })
    }

    @Test func jsonLDAndTimeElementFillMissingMetadata() {
        let html = """
            <html><head><script type="application/ld+json">
            {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},
             {"@type": "NewsArticle", "headline": "Barrels found", "datePublished": "2025-03-27",
              "author": [{"@type": "Person", "name": "Aurel Danek"}, {"name": "Second Author"}],
              "publisher": {"@type": "Organization", "name": "Frontier Dispatch"}}]}
            </script></head><body><p>Text <time datetime="2024-01-01">then</time>.</p></body></html>
            """
        let meta = HTMLReader().read(html).metadata
        #expect(meta.title == "Barrels found")
        #expect(meta.published == Day(year: 2025, month: 3, day: 27))
        #expect(meta.authors == ["Aurel Danek", "Second Author"])
        #expect(meta.outlet == "Frontier Dispatch")

        let onlyTime = HTMLReader().read("<p>Posted <time datetime=\"2024-05-06T10:00\">May 6</time></p>").metadata
        #expect(onlyTime.published == Day(year: 2024, month: 5, day: 6))
    }

    @Test func malformedMarkupIsRepaired() {
        let result = HTMLReader().read("<p>One <b>bold<p>Two</div></span><li>Item one<li>Item two")
        #expect(result.text == "One bold\n\nTwo\n\nItem one\n\nItem two")
        #expect(HTMLReader().read("").text.isEmpty)
        #expect(HTMLReader().read("<<<>>>&&&").text.contains("&&&"))
    }

    @Test func deeplyNestedMarkupIsRead() {
        // Runs of unclosed inline tags nest deeply; libxml2's default limit (256) would drop the
        // page, and recursive walks would exhaust the stack.
        func nested(_ depth: Int) -> String {
            String(repeating: "<font>", count: depth) + "deep text" + String(repeating: "</font>", count: depth)
        }
        #expect(HTMLReader().read(nested(1_000)).text == "deep text")
        #expect(HTMLReader().read(nested(20_000)).text == "deep text")
    }

    @Test func markupWithoutTextGivesAWarning() {
        let document = DocumentReader().makeDocument(
            text: "<html><head><title>Only a title</title></head><body><script>x()</script></body></html>",
            format: .html, id: "d", source: "d")
        #expect(document.text.isEmpty)
        #expect(document.warnings == ["the HTML holds no visible text"])
    }
}

@Suite struct MarkdownReaderTests {
    @Test func rendersInlineMarkupToText() {
        let page = MarkdownReader().read(
            "# The *Big* Title\n\nA **bold** claim with a [link](https://x.example) and `code`, snake_case kept.\n")
        #expect(page.text == "The Big Title\n\nA bold claim with a link and code, snake_case kept.")
        #expect(page.metadata.title == "The Big Title")
        let link = page.hints.links.first!
        #expect(page.text.utf8Slice(link) == "link")
        #expect(page.text.utf8Slice(page.hints.headings[0]) == "The Big Title")
    }

    @Test func blocksBecomeParagraphs() {
        let page = MarkdownReader().read(
            "Intro line one\ncontinues here.\n\n- first item\n- second item\n\n> quoted words\n\n---\n\n1. numbered\n\n```\ncode  block\n```\n\n![image](a.png)\n\\*escaped\\*")
        #expect(
            page.text
                == "Intro line one continues here.\n\nfirst item\n\nsecond item\n\nquoted words\n\nnumbered\n\ncode  block\n\n*escaped*")
        #expect(page.hints.sectionBreaks.count == 1)
    }

    @Test func frontMatterGivesMetadata() {
        let page = MarkdownReader().read(
            "---\ntitle: \"Follow the money\"\nauthor: Jo Brell\ndate: 2025-03-10\noutlet: Open Review\n---\n\nBody text.")
        #expect(page.text == "Body text.")
        #expect(page.metadata.title == "Follow the money")
        #expect(page.metadata.authors == ["Jo Brell"])
        #expect(page.metadata.published == Day(year: 2025, month: 3, day: 10))
        #expect(page.metadata.outlet == "Open Review")
    }

    @Test func setextHeading() {
        let page = MarkdownReader().read("Headline Here\n=============\n\nBody.")
        #expect(page.text == "Headline Here\n\nBody.")
        #expect(page.metadata.title == "Headline Here")
    }
}
