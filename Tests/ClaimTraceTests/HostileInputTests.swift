import Testing

@testable import ClaimTrace

@Suite struct GrowthCheckTests {
    @Test func linearGrowthPasses() {
        let check = GrowthCheck()
        // 1 ms of overhead, then 10, 100 and 1000 ms of work.
        let ratios = check.ratios([0.011, 0.101, 1.001], overhead: 0.001)
        #expect(ratios.count == 2)
        #expect(ratios.allSatisfy { ($0 ?? 0) > 9.9 && ($0 ?? 0) < 10.1 })
        #expect(!check.isSuperlinear([0.011, 0.101, 1.001], overhead: 0.001))
        // n log n at these sizes grows about 13 times a step.
        #expect(!check.isSuperlinear([0.010, 0.133, 1.77], overhead: 0))
    }

    @Test func quadraticGrowthFails() {
        let check = GrowthCheck()
        #expect(check.isSuperlinear([0.002, 0.1, 10.0], overhead: 0.001))
        // n^1.5: 31.6 a step.
        #expect(check.isSuperlinear([0.01, 0.316, 10.0], overhead: 0))
        // Quadratic only at the last step (a linear part dominating the small sizes).
        #expect(check.isSuperlinear([0.01, 0.11, 4.0], overhead: 0))
    }

    @Test func timesTooSmallToMeasureAreNotJudged() {
        let check = GrowthCheck()
        // Under the 4 ms floor: no ratio at all.
        #expect(check.ratios([0.0001, 0.0005, 0.003], overhead: 0) == [nil, nil])
        // A small time is counted as at least the floor, so noise in it cannot make a large
        // ratio: 50 ms after 0.1 ms reads 12.5, not 500.
        let ratios = check.ratios([0.00005, 0.0001, 0.05], overhead: 0)
        #expect(ratios[0] == nil)
        #expect(abs((ratios[1] ?? 0) - 12.5) < 1e-9)
    }
}

@Suite struct HostileInputTests {
    @Test func everyInputReachesItsSizeAndItsFormat() throws {
        let reader = DocumentReader()
        for input in HostileInput.all {
            let (bytes, pieces) = input.content(bytes: 2_000)
            #expect(bytes.count >= 2_000, "\(input.name)")
            #expect(pieces > 1, "\(input.name)")
            let read = reader.read(bytes, as: InputFile(path: "h.\(input.format.rawValue)", id: "h", format: input.format))
            #expect(read.issues.isEmpty, "\(input.name): \(read.issues)")
            #expect(read.documents.count == 1, "\(input.name)")
        }
        #expect(Set(HostileInput.all.map(\.name)).count == HostileInput.all.count)
    }

    @Test func piecesDifferWhereNamesMustNotMerge() {
        #expect(HostileInput.word(0) == "Ba")
        #expect(HostileInput.word(25) == "Bz")
        #expect(HostileInput.word(26) == "Bba")
        #expect(Set((0..<1000).map(HostileInput.word)).count == 1000)
    }
}
