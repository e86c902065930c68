import ArgumentParser
import Foundation
import Testing

@testable import claimtrace

/// `claimtrace eval claims` on a story of three articles written here: an article, its
/// republished copy, and an unrelated one.
@Suite struct EvalClaimsTests {
    /// Two claims told by the article and its copy, one by the third article.
    static let gold = """
        # claim\tfile\tstance\tdenies\tsnippet
        K\ta.txt\tasserts\t-\tthe Orlen mill dumped dye into the Pellin river
        K\tb.txt\tasserts\t-\tthe Orlen mill dumped dye into the Pellin river
        L\ta.txt\tasserts\t-\tthe Kessel gang smuggled cigarettes
        L\tb.txt\tasserts\t-\tthe Kessel gang smuggled cigarettes
        F\tc.txt\tasserts\t-\tFarmers near Sallow are worried

        """

    func withStory<T>(gold: String, _ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("claimtrace-story-\(UUID().uuidString)")
        let story = folder.appendingPathComponent("dam")
        try FileManager.default.createDirectory(at: story, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (file, outlet) in [("a.txt", "Tolmar Post | March 3, 2025"), ("b.txt", "Lakes Wire | March 4, 2025")] {
            try Data(
                """
                Mill dumped dye in the river, minister says

                By Ana Reis
                \(outlet)

                Minister Ilse Varga said on Monday that the Orlen mill dumped dye into the Pellin river in June.

                Police chief Tomas Brandl said the Kessel gang smuggled cigarettes through the port of Arvik.

                """.utf8
            ).write(to: story.appendingPathComponent(file))
        }
        try Data(
            """
            Farmers fear for the harvest

            By Ken Holt
            Sallow Daily | March 5, 2025

            Farmers near Sallow are worried about the harvest, said Mara Lund, who leads the farmers union.

            """.utf8
        ).write(to: story.appendingPathComponent("c.txt"))
        try Data(gold.utf8).write(to: story.appendingPathComponent("gold.tsv"))
        return try body(folder.path)
    }

    /// Each sentence and its copy form one cluster, as gold has them: every score is 1.
    @Test func aStoryClusteredAsGoldHasItScoresOne() throws {
        let (report, totals) = try withStory(gold: Self.gold) { folder in
            try EvalClaimsCommand.parse(["--data", folder + "/dam"]).evaluate()
        }
        #expect(report.hasPrefix("dam: 3 articles, 3 gold claims, 5 tellings (4 matched by a predicted member), 2 predicted clusters"))
        #expect(report.contains("B-cubed P 1.000 R 1.000 F1 1.000   pairwise P 1.000 R 1.000 F1 1.000 (2/2 pairs, 2 gold)"))
        #expect(report.contains("(every telling a cluster of its own would score B-cubed F1 0.750, pairwise F1 0.000)"))
        #expect(!report.contains("split"))
        #expect(totals.items == 5)
    }

    /// With gold saying the sentence and its copy tell two claims (K1, K2), the predicted cluster
    /// mixes them: B-cubed precision (1/2 + 1/2 + 1 + 1 + 1)/5 = 0.8, recall 1, F1 0.889;
    /// pairwise 1 of 2 predicted pairs, of 1 gold pair. Under the pin, the run fails.
    @Test func aClusterThatMixesGoldClaimsCostsPrecisionAndFailsThePin() throws {
        let gold = Self.gold.replacingOccurrences(of: "K\ta.txt", with: "K1\ta.txt").replacingOccurrences(of: "K\tb.txt", with: "K2\tb.txt")
        try withStory(gold: gold) { folder in
            let (report, totals) = try EvalClaimsCommand.parse(["--data", folder]).evaluate()
            #expect(report.contains("B-cubed P 0.800 R 1.000 F1 0.889   pairwise P 0.500 R 1.000 F1 0.667 (1/2 pairs, 1 gold)"))
            #expect(report.contains("mixed cluster"))
            #expect(report.contains("all 1 story (micro): 5 tellings"))
            #expect(abs(totals.bcubedF1 - 8.0 / 9) < 1e-9)
            do {
                try EvalClaimsCommand.parse(["--data", folder, "--min-bcubed-f1", "0.9"]).run()
                Issue.record("a score under the pin did not fail the run")
            } catch let exit as ExitCode {
                #expect(exit.rawValue == 1)
            }
            try EvalClaimsCommand.parse(["--data", folder, "--min-bcubed-f1", "0.88"]).run()
        }
    }

    @Test func aMissingSnippetIsRefusedWithExitStatusTwo() throws {
        let gold = Self.gold.replacingOccurrences(of: "Farmers near Sallow", with: "Farmers near Pellin")
        try withStory(gold: gold) { folder in
            do {
                _ = try EvalClaimsCommand.parse(["--data", folder]).evaluate()
                Issue.record("a snippet that is not in its article was accepted")
            } catch let exit as ExitCode {
                #expect(exit.rawValue == 2)
            }
        }
    }

    @Test func helpHasAnExample() {
        #expect(EvalClaimsCommand.helpMessage().contains("claimtrace eval claims --data Tests/Fixtures/stories"))
        #expect(throws: (any Error).self) { try EvalClaimsCommand.parse(["--data", "x", "--misses", "-1"]) }
    }
}
