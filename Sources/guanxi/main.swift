import GuanxiShell
import Glibc

exit(GuanxiCommand.main(Array(CommandLine.arguments.dropFirst())))
