import Glibc
import GuanxiShell

exit(GuanxiCommand.main(Array(CommandLine.arguments.dropFirst())))
