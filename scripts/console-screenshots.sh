#!/usr/bin/env bash
# Copies the console screenshots of the last browser-test run (target/console-screenshots, written by
# ConsoleBrowserIT) to docs/console/, where docs/console.md and the README show them. Run the test first:
#   mvn -o verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ConsoleBrowserIT
#   scripts/console-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
src=target/console-screenshots
shopt -s nullglob
shots=("$src"/*.png)
if ((${#shots[@]} == 0)); then
  echo "no screenshots in $src: run ConsoleBrowserIT first (see the top of this script)" >&2
  exit 1
fi
mkdir -p docs/console
cp "${shots[@]}" docs/console/
echo "copied ${#shots[@]} screenshots to docs/console/:"
ls -1 docs/console/*.png
