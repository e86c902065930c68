internal import CBLASShim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Row-major single-precision matrix products: OpenBLAS's cblas_sgemm when the library could be
/// loaded, else our own loops (correct, several times slower).
public enum MatrixBackend: String, Sendable {
    case openBLAS = "OpenBLAS"
    case swift = "pure Swift"
}

/// What the BLAS loader found, for `model info` and benchmark headers.
public struct BLASStatus: Sendable, CustomStringConvertible {
    public let backend: MatrixBackend
    public let library: String
    public let corename: String
    public let config: String
    /// The OPENBLAS_CORETYPE value claimtrace set, or nil when it set none.
    public let coretypeSet: String?

    public var description: String {
        switch backend {
        case .swift:
            return "pure-Swift matrix products (OpenBLAS not found: install libopenblas0 or libopenblas-dev)"
        case .openBLAS:
            var text = "OpenBLAS \(library), core \(corename.isEmpty ? "?" : corename)"
            if let coretypeSet { text += " (OPENBLAS_CORETYPE=\(coretypeSet) set by claimtrace)" }
            return text
        }
    }
}

enum Gemm {
    /// Loads OpenBLAS once. `CLAIMTRACE_BLAS` may name the library file; `CLAIMTRACE_NO_BLAS=1`
    /// forces the Swift loops (tests use it to check both give the same vectors).
    static let status: BLASStatus = {
        if let flag = getenv("CLAIMTRACE_NO_BLAS"), String(cString: flag) == "1" {
            return BLASStatus(backend: .swift, library: "", corename: "", config: "", coretypeSet: nil)
        }
        var coretype = [CChar](repeating: 0, count: 32)
        let path = getenv("CLAIMTRACE_BLAS")
        let loaded = ct_blas_load(path, &coretype, Int32(coretype.count)) == 1
        guard loaded else {
            return BLASStatus(backend: .swift, library: "", corename: "", config: "", coretypeSet: nil)
        }
        // Our own threads split the work; OpenBLAS's pool stays at one unless asked.
        ct_blas_set_threads(1)
        let set = String(cString: coretype)
        return BLASStatus(
            backend: .openBLAS,
            library: String(cString: ct_blas_library_path()),
            corename: String(cString: ct_blas_corename()),
            config: String(cString: ct_blas_config()),
            coretypeSet: set.isEmpty ? nil : set)
    }()

    static func setBLASThreads(_ threads: Int) {
        if status.backend == .openBLAS { ct_blas_set_threads(Int32(threads)) }
    }

    /// C[m×n] = alpha · A · Bᵀ + beta · C, where A is m×k (row stride lda) and B is n×k (row
    /// stride ldb): the layout of a linear layer with PyTorch's [out, in] weights.
    static func multiplyTransposed(
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
        backend: MatrixBackend
    ) {
        if m == 0 || n == 0 { return }
        if backend == .openBLAS {
            ct_sgemm(0, 1, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            return
        }
        // Four rows of A against four rows of B at a time: sixteen dot products share each
        // load, which keeps the loop from waiting on memory.
        var i = 0
        while i < m {
            let rows = min(4, m - i)
            var j = 0
            while j < n {
                let columns = min(4, n - j)
                if rows == 4 && columns == 4 {
                    Self.tile4x4(
                        a + i * lda, lda, b + j * ldb, ldb, k, alpha: alpha, beta: beta, c + i * ldc + j, ldc)
                } else {
                    for r in 0..<rows {
                        for q in 0..<columns {
                            let dot = Self.dot(a + (i + r) * lda, b + (j + q) * ldb, k)
                            let out = c + (i + r) * ldc + j + q
                            out.pointee = alpha * dot + (beta == 0 ? 0 : beta * out.pointee)
                        }
                    }
                }
                j += 4
            }
            i += 4
        }
    }

    /// Sixteen dot products: rows a0…a3 against rows b0…b3.
    @inline(__always)
    static func tile4x4(
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ k: Int,
        alpha: Float, beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
        typealias V = SIMD8<Float>
        var s00 = V(), s01 = V(), s02 = V(), s03 = V()
        var s10 = V(), s11 = V(), s12 = V(), s13 = V()
        var s20 = V(), s21 = V(), s22 = V(), s23 = V()
        var s30 = V(), s31 = V(), s32 = V(), s33 = V()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        let la = lda * 4, lb = ldb * 4
        var p = 0
        while p + 8 <= k {
            let offset = p * 4
            let a0 = ra.loadUnaligned(fromByteOffset: offset, as: V.self)
            let a1 = ra.loadUnaligned(fromByteOffset: offset + la, as: V.self)
            let a2 = ra.loadUnaligned(fromByteOffset: offset + 2 * la, as: V.self)
            let a3 = ra.loadUnaligned(fromByteOffset: offset + 3 * la, as: V.self)
            let b0 = rb.loadUnaligned(fromByteOffset: offset, as: V.self)
            let b1 = rb.loadUnaligned(fromByteOffset: offset + lb, as: V.self)
            let b2 = rb.loadUnaligned(fromByteOffset: offset + 2 * lb, as: V.self)
            let b3 = rb.loadUnaligned(fromByteOffset: offset + 3 * lb, as: V.self)
            s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3
            s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3
            s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3
            s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3
            p += 8
        }
        var sums: [Float] = [
            s00.sum(), s01.sum(), s02.sum(), s03.sum(), s10.sum(), s11.sum(), s12.sum(), s13.sum(),
            s20.sum(), s21.sum(), s22.sum(), s23.sum(), s30.sum(), s31.sum(), s32.sum(), s33.sum(),
        ]
        while p < k {
            for r in 0..<4 {
                for q in 0..<4 { sums[r * 4 + q] += a[r * lda + p] * b[q * ldb + p] }
            }
            p += 1
        }
        for r in 0..<4 {
            for q in 0..<4 {
                let out = c + r * ldc + q
                out.pointee = alpha * sums[r * 4 + q] + (beta == 0 ? 0 : beta * out.pointee)
            }
        }
    }

    /// C[m×n] = alpha · A · B + beta · C, where A is m×k and B is k×n.
    static func multiply(
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
        backend: MatrixBackend
    ) {
        if m == 0 || n == 0 { return }
        if backend == .openBLAS {
            ct_sgemm(0, 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            return
        }
        for i in 0..<m {
            let out = c + i * ldc
            if beta == 0 {
                out.update(repeating: 0, count: n)
            } else if beta != 1 {
                for j in 0..<n { out[j] *= beta }
            }
            for p in 0..<k {
                let scale = alpha * a[i * lda + p]
                if scale == 0 { continue }
                let source = b + p * ldb
                for j in 0..<n { out[j] += scale * source[j] }
            }
        }
    }

    /// A dot product in eight lanes. (Multiply and add, not addProduct: without FMA enabled
    /// at compile time, a fused product becomes one libm call per lane.)
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var index = 0
        let rawX = UnsafeRawPointer(x), rawY = UnsafeRawPointer(y)
        while index + 8 <= count {
            let vx = rawX.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            let vy = rawY.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            lanes += vx * vy
            index += 8
        }
        var sum = lanes.sum()
        while index < count {
            sum += x[index] * y[index]
            index += 1
        }
        return sum
    }
}
