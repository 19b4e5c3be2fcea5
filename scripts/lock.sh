#!/usr/bin/env bash
# Re-resolve the lock files from pyproject.toml, with a sha256 hash for every file (uv, from PyPI).
#   requirements/site.lock  building and serving: universal, Python 3.11.5 to 3.13, any OS
#   requirements/test.lock  what the tests add: Python 3.11 on Linux x86-64 (where the CPU torch is)
# Current pins are kept where they still resolve; UPGRADE=1 make lock takes the newest versions.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/uv"
"$tmp/uv/bin/pip" install --quiet "uv==0.13.9"
uv="$tmp/uv/bin/uv"

pins() {  # the "name==version ; marker" lines of a hashed lock, as constraints
  grep -E '^[A-Za-z0-9]' "$1" | sed -E 's/[[:space:]]*\\$//' || true
}
: > "$tmp/pins.txt"
if [ -z "${UPGRADE:-}" ]; then
  pins requirements/site.lock >> "$tmp/pins.txt"
  pins requirements/test.lock >> "$tmp/pins.txt"
fi
echo "torch==2.13.0+cpu" >> "$tmp/pins.txt"  # the CPU wheel of /opt/wheels, never the CUDA build

common=(--generate-hashes --no-header --index-url https://pypi.org/simple -c "$tmp/pins.txt")
"$uv" pip compile pyproject.toml --universal --python-version 3.11.5 "${common[@]}" -o "$tmp/site.txt"
"$uv" pip compile pyproject.toml --extra test --python-version 3.11.7 --python-platform x86_64-manylinux_2_28 \
  --find-links /opt/wheels --no-emit-package torch "${common[@]}" -o "$tmp/test.txt"

python3 - "$tmp/site.txt" "$tmp/test.txt" "$tmp" <<'PY'
import re, sys
# the constraints file lives in a temporary folder: name it the same way in every run
site_txt, test_txt = (open(p).read().replace(f"-c {sys.argv[3]}/pins.txt", "-c the current pins")
                      for p in sys.argv[1:3])
def blocks(text):  # one requirement with its hashes and "via" comments per block
    return re.findall(r"^[A-Za-z0-9][^\n]*(?:\n[ \t]+[^\n]*)*", text, re.M)
def name(block):
    return re.split(r"[=<>; ]", block, 1)[0].lower().replace("_", "-")
site_names = {name(b) for b in blocks(site_txt)}
with open("requirements/site.lock", "w") as out:
    out.write("# Building and serving the site: Python 3.11.5 to 3.13, any OS. Every file is pinned by its\n"
              "# sha256 hash (pip install --require-hashes). Regenerate with: make lock\n")
    out.write("\n".join(blocks(site_txt)) + "\n")
with open("requirements/test.lock", "w") as out:
    out.write("# What the tests add to site.lock: Python 3.11, Linux x86-64. Hashed like site.lock.\n"
              "# Regenerate with: make lock\n"
              "#\n"
              "# Not in this file: torch==2.13.0. The Makefile installs it by name, without a hash: on this\n"
              "# kind of machine pip resolves it to the local CPU wheel (/opt/wheels), whose hash is not\n"
              "# PyPI's (PyPI's torch 2.13.0 is the CUDA build and pulls several GB of CUDA packages).\n"
              "-r site.lock\n")
    out.write("\n".join(b for b in blocks(test_txt) if name(b) not in site_names) + "\n")
PY
echo "wrote requirements/site.lock and requirements/test.lock"
