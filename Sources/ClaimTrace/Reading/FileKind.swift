#if canImport(Glibc)
    import Glibc
#endif

/// Names of the kinds of file a `stat` mode gives, for messages ("a FIFO (named pipe)").
public enum FileKind {
    public static func name(_ mode: UInt32) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "regular file"
        case S_IFDIR: return "folder"
        case S_IFLNK: return "symbolic link"
        case S_IFIFO: return "FIFO (named pipe)"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        default: return "special file"
        }
    }
}
