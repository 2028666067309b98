# Sourced by the plugin scripts (e2e-plugin.sh, bench-plugin.sh).
#
# write_consumer_package DIR REPO: makes DIR a minimal executable package
# that depends on the cslint checkout at REPO by path, as a user's would.
write_consumer_package() {
  local dir="$1" repo="$2"
  mkdir -p "$dir/Sources/App"
  cat >"$dir/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription
let package = Package(
  name: "Consumer",
  dependencies: [.package(path: "$repo")],
  targets: [.executableTarget(name: "App")])
SWIFT
  echo 'print("consumer")' >"$dir/Sources/App/main.swift"
}
