#!/usr/bin/env bash
# Builds a release of cslint for Linux x86_64:
#   dist/cslint-<version>-x86_64-unknown-linux-gnu.tar.gz (+ .sha256)
#       the statically linked binary (Swift runtime and C library inside:
#       runs on any x86_64 Linux), README.md, CHANGELOG.md
#   dist/cslint.artifactbundle.zip (+ .checksum)
#       a SwiftPM artifact bundle (info.json) for a binary target; the
#       checksum is `swift package compute-checksum`'s
#   dist/cslint-plugins/
#       the SwiftPM plugins on that bundle (Distribution/): a package whose
#       binary target points at the release's bundle URL
#       ($CSLINT_RELEASE_BASE_URL/v<version>/cslint.artifactbundle.zip)
#
#   Scripts/release.sh            build into dist/ (DIST=dir to change)
#   Scripts/release.sh --check    only check that the version is consistent
#
# The version is CommandRouter.version (Sources/cslint/CommandRouter.swift),
# the only place it is written; CHANGELOG.md's top entry must match and the
# tag is v<version> (printed at the end, not created).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

version=$(sed -n 's/^ *static let version = "\([^"]*\)".*/\1/p' Sources/cslint/CommandRouter.swift)
[[ -n "$version" ]] || { echo "error: no version in Sources/cslint/CommandRouter.swift" >&2; exit 1; }
changelog=$(sed -n 's/^## \[\{0,1\}\([0-9][^] ]*\).*/\1/p' CHANGELOG.md | head -n 1)
if [[ "$changelog" != "$version" ]]; then
  echo "error: CHANGELOG.md's top entry is '${changelog:-none}', the version is '$version'" >&2
  exit 1
fi
tag="v$version"
echo "version $version (CHANGELOG.md agrees; tag $tag)"
[[ "${1:-}" == "--check" ]] && exit 0

if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  echo "error: release.sh builds the Linux x86_64 binary; this is $(uname -s) $(uname -m)" >&2
  exit 1
fi
triple=x86_64-unknown-linux-gnu
dist="${DIST:-$repo/dist}"
mkdir -p "$dist"
dist=$(cd "$dist" && pwd)
name="cslint-$version-$triple"

# The static Linux SDK (musl) when installed, else glibc with the Swift
# standard library and the C library linked in (-static-executable).
scratch=.build-release
if swift sdk list 2>/dev/null | grep 'x86_64-swift-linux-musl' >/dev/null; then
  flags=(--swift-sdk x86_64-swift-linux-musl --scratch-path "$scratch-musl")
else
  flags=(--static-swift-stdlib -Xswiftc -static-executable --scratch-path "$scratch")
fi
echo "== swift build -c release --product cslint ${flags[*]}"
log=$(mktemp)
swift build -c release --product cslint "${flags[@]}" 2>&1 | tee "$log"
# Compiler warnings fail the release. (The linker's notes about getpwnam_r
# and friends in a static glibc binary are not: cslint never looks up users.)
if grep -qE '\.swift:[0-9]+:[0-9]+: warning:' "$log"; then
  echo "error: the release build printed compiler warnings" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
bin="$(swift build -c release "${flags[@]}" --show-bin-path)/cslint"
reported=$("$bin" --version)
[[ "$reported" == "cslint $version" ]] || { echo "error: the binary says '$reported'" >&2; exit 1; }
if ldd "$bin" 2>&1 | grep '=>' >/dev/null; then
  echo "error: $bin is dynamically linked:" >&2
  ldd "$bin" >&2
  exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# Tarball: <name>/cslint plus the documents; fixed owner, order and times.
mkdir -p "$stage/$name"
install -m 755 "$bin" "$stage/$name/cslint"
command -v strip >/dev/null && strip "$stage/$name/cslint"
cp README.md CHANGELOG.md "$stage/$name/"
mtime="@$(git log -1 --format=%ct 2>/dev/null || echo 0)"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$mtime" -C "$stage" -czf "$dist/$name.tar.gz" "$name"
(cd "$dist" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")

# Artifact bundle (SE-0305): info.json names the executable per triple.
bundle="$stage/cslint.artifactbundle"
mkdir -p "$bundle/$name/bin"
install -m 755 "$stage/$name/cslint" "$bundle/$name/bin/cslint"
cat > "$bundle/info.json" <<JSON
{
  "schemaVersion": "1.0",
  "artifacts": {
    "cslint": {
      "version": "$version",
      "type": "executable",
      "variants": [
        { "path": "$name/bin/cslint", "supportedTriples": ["$triple"] }
      ]
    }
  }
}
JSON
find "$bundle" -exec touch -d "$mtime" {} +
rm -f "$dist/cslint.artifactbundle.zip"
(cd "$stage" && zip -qrX "$dist/cslint.artifactbundle.zip" cslint.artifactbundle)
checksum=$(swift package compute-checksum "$dist/cslint.artifactbundle.zip")
echo "$checksum" > "$dist/cslint.artifactbundle.zip.checksum"

# The plugin package on that bundle (SwiftLint's pattern): publish it as its
# own repository (or tag) so consumers get the plugins without compiling cslint.
base_url="${CSLINT_RELEASE_BASE_URL:-https://github.com/OWNER/cslint/releases/download}"
plugins="$dist/cslint-plugins"
rm -rf "$plugins"
mkdir -p "$plugins"
cp -R Distribution/Plugins "$plugins/Plugins"
sed -e "s|@VERSION@|$version|" -e "s|@URL@|$base_url/$tag/cslint.artifactbundle.zip|" -e "s|@CHECKSUM@|$checksum|" \
  Distribution/Package.swift.in > "$plugins/Package.swift"

echo
echo "== release $version in $dist"
(cd "$dist" && ls -l "$name.tar.gz" cslint.artifactbundle.zip && cat "$name.tar.gz.sha256")
echo "artifact bundle checksum: $checksum"
echo "tag it: git tag $tag && git push origin $tag"
