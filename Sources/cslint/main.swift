import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
exit(CommandRouter.run(arguments))
