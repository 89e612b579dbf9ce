import CancelbenchCLI
#if canImport(Glibc)
import Glibc
#endif

exit(CancelbenchCLI.main(Array(CommandLine.arguments.dropFirst()), handleSignals: true))
