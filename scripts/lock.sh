#!/usr/bin/env bash
# Re-resolve the lock files from pyproject.toml in throw-away virtual environments.
#   requirements/site.lock  what building and serving the site needs
#   requirements/test.lock  what the tests need on top (includes the pinned CPU torch)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/site"
"$tmp/site/bin/pip" install --quiet --upgrade pip
"$tmp/site/bin/pip" install --quiet .
"$tmp/site/bin/pip" freeze --exclude dl-cheatsheet > "$tmp/site.txt"
python3 -m venv "$tmp/test"
"$tmp/test/bin/pip" install --quiet --upgrade pip
"$tmp/test/bin/pip" install --quiet ".[test]" "torch==2.13.0"
"$tmp/test/bin/pip" freeze --exclude dl-cheatsheet > "$tmp/test.txt"
{
  echo "# Exact versions for building the site. Regenerate with: make lock"
  cat "$tmp/site.txt"
} > requirements/site.lock
{
  echo "# Exact versions the tests add to site.lock. Regenerate with: make lock"
  echo "-r site.lock"
  grep -vxFf "$tmp/site.txt" "$tmp/test.txt"
} > requirements/test.lock
echo "wrote requirements/site.lock and requirements/test.lock"
