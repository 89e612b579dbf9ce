import CEpoll
import Glibc

/// Thin wrappers over the POSIX socket calls the server makes.
enum Socket {
    /// Opens a non-blocking TCP listener on 127.0.0.1 (never any other address) and returns it with its port.
    ///
    /// `port` 0 lets the kernel choose. `reusePort` sets SO_REUSEPORT so each event loop can have its own
    /// listener on the same port and the kernel spreads connections over them.
    static func listen(port: UInt16, reusePort: Bool, backlog: Int32 = 1024)
        throws(HTTPServerError) -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                                   | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .last("socket") }
        do throws(HTTPServerError) {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)")
            if reusePort { try setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1, "setsockopt(SO_REUSEPORT)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1: loopback only, by design.
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw HTTPServerError.last("bind") }
            guard Glibc.listen(fd, backlog) == 0 else { throw HTTPServerError.last("listen") }
            return (fd, try localPort(fd))
        } catch {
            close(fd)
            throw error
        }
    }

    /// Sets an integer socket option.
    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32,
                          _ label: String) throws(HTTPServerError) {
        var v = value
        guard setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) == 0 else { throw .last(label) }
    }

    /// The local port a socket is bound to.
    static func localPort(_ fd: Int32) throws(HTTPServerError) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { throw .last("getsockname") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Registers, changes or removes `fd` in an epoll set with `events` and the opaque `token`.
    @discardableResult
    static func epollControl(_ epollFD: Int32, _ op: Int32, _ fd: Int32, events: UInt32, token: UInt64) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        return epoll_ctl(epollFD, op, fd, &event) == 0
    }
}
