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
        for i in 0..<m {
            let row = a + i * lda
            let out = c + i * ldc
            for j in 0..<n {
                let dot = Self.dot(row, b + j * ldb, k)
                out[j] = alpha * dot + (beta == 0 ? 0 : beta * out[j])
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

    /// A dot product in eight lanes.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var index = 0
        let rawX = UnsafeRawPointer(x), rawY = UnsafeRawPointer(y)
        while index + 8 <= count {
            let vx = rawX.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            let vy = rawY.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            lanes.addProduct(vx, vy)
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
