#!/usr/bin/env bash
# Rewrites README.md's configuration table from the settings registry ('tillwatch config').
# ReadmeConfigTableTest fails when the two differ; run this after adding or changing a setting.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests >/dev/null
java -jar target/tillwatch.jar config 2>/dev/null > target/config-table.md
python3 - <<'PY'
readme = open('README.md').read().split('\n')
table = open('target/config-table.md').read().rstrip('\n').split('\n')
start = readme.index(table[0])
end = start
while end < len(readme) and readme[end].startswith('|'):
    end += 1
readme[start:end] = table
open('README.md', 'w').write('\n'.join(readme))
PY
