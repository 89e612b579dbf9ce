import Harness
import Foundation
import LoadModel

/// Finds and reads profiles: `--profile pika` looks for `pika.json` in the profile folders; a path reads that file.
enum ProfileLoader {
    static let builtIn = ["pika", "beatra", "praison"]

    /// Folders searched for `NAME.json`, first match wins: $CANCELBENCH_PROFILES, ./profiles, a `profiles`
    /// folder beside the executable or above it, the installed `PREFIX/share/cancelbench/profiles` (the Debian
    /// package puts the binary in /usr/bin and the profiles in /usr/share/cancelbench/profiles), and the
    /// `profiles` folder of the checkout the executable was built in.
    static var searchPath: [String] {
        // The running binary itself: argv[0] is only a name when it was found on $PATH (`cancelbench run`).
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
        return searchPath(executable: exe,
                                 environment: ProcessInfo.processInfo.environment,
                                 currentDirectory: FileManager.default.currentDirectoryPath)
    }

    static func searchPath(executable: String, environment: [String: String], currentDirectory: String) -> [String] {
        var dirs: [String] = []
        if let env = environment["CANCELBENCH_PROFILES"], !env.isEmpty { dirs.append(env) }
        dirs.append(currentDirectory + "/profiles")
        let bin = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        var exe = bin
        for _ in 0..<5 {
            dirs.append(exe.appendingPathComponent("profiles").path)
            exe.deleteLastPathComponent()
        }
        // An installed binary: PREFIX/bin/cancelbench reads PREFIX/share/cancelbench/profiles.
        dirs.append(bin.deletingLastPathComponent().appendingPathComponent("share/cancelbench/profiles").path)
        // The source checkout this binary was compiled from (works for `swift run` and tests anywhere).
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        dirs.append(source.appendingPathComponent("profiles").path)
        var seen = Set<String>()
        return dirs.filter { seen.insert($0).inserted }
    }

    /// The names `--profile NAME` finds now: the shipped ones and every `NAME.json` in the search path, sorted.
    static var knownNames: [String] {
        let found = searchPath.flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) }
        }
        // A name a shell would split or expand is left out; its file still completes as a path.
        .filter { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) } }
        return Set(builtIn + found).sorted()
    }

    /// A profile as read: the parsed value, the file's bytes (a run copies them into its results folder) and
    /// the path.
    struct Loaded {
        var profile: Profile
        var bytes: [UInt8]
        var source: String
    }

    /// Loads a profile by name or path. An unknown name is a usage error; a bad file is a data error (65).
    static func load(_ nameOrPath: String) throws -> Loaded {
        let fm = FileManager.default
        var path: String?
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            guard fm.fileExists(atPath: nameOrPath) else {
                throw UsageError("--profile: no such file '\(nameOrPath)'")
            }
            path = nameOrPath
        } else {
            path = searchPath.map { "\($0)/\(nameOrPath).json" }.first(where: { fm.fileExists(atPath: $0) })
            guard path != nil else {
                let hint = builtIn.contains(nameOrPath)
                    ? "its file \(nameOrPath).json was not found in: \(searchPath.joined(separator: ", ")) (set CANCELBENCH_PROFILES to the profiles folder)"
                    : "known profiles: \(builtIn.joined(separator: ", ")), or give a path to a .json file"
                throw UsageError("--profile: unknown profile '\(nameOrPath)'; \(hint)")
            }
        }
        let bytes = try read(path!)
        return Loaded(profile: try Profile.parse(bytes, file: path), bytes: bytes, source: path!)
    }

    /// The file's bytes, refused when over `Profile.maxBytes` before it is read whole: the size is checked
    /// first, and the read stops one byte past the limit for files whose size says nothing (pipes, /dev/zero).
    static func read(_ path: String) throws(DataError) -> [UInt8] {
        let limit = Profile.maxBytes
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue > limit {
            throw DataError(file: path, path: "$", message: "the file is \(size.intValue) bytes; \(Profile.sizeLimitText)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError(file: path, path: "$", message: "cannot read the file")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
            throw DataError(file: path, path: "$", message: "cannot read the file: \(error.localizedDescription)")
        }
        if data.count > limit {
            throw DataError(file: path, path: "$", message: "more than \(limit) bytes; \(Profile.sizeLimitText)")
        }
        return Array(data)
    }
}
