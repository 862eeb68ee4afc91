#!/usr/bin/env python3
"""Puts the imports of Java sources in the project's one order: static imports, a blank line, then
all other imports, each block sorted in ASCII order (Google Java Style). Duplicates are dropped.
Usage: scripts/sort-imports.py [DIR_OR_FILE ...]   (default: src)"""
import os
import re
import sys

IMPORT = re.compile(r'^import\s+(static\s+)?([\w.]+(?:\.\*)?)\s*;\s*$')


def sort_file(path):
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    idx = [i for i, l in enumerate(lines) if IMPORT.match(l)]
    if not idx:
        return False
    first, last = idx[0], idx[-1]
    # Only blank lines may stand between imports: anything else means a layout we do not touch.
    if any(lines[i].strip() and not IMPORT.match(lines[i]) for i in range(first, last + 1)):
        print(f'{path}: something other than imports between imports; left alone', file=sys.stderr)
        return False
    statics = sorted({IMPORT.match(lines[i]).group(2) for i in idx if IMPORT.match(lines[i]).group(1)})
    others = sorted({IMPORT.match(lines[i]).group(2) for i in idx if not IMPORT.match(lines[i]).group(1)})
    block = ['import static ' + s + ';' for s in statics]
    if statics and others:
        block.append('')
    block += ['import ' + o + ';' for o in others]
    new = lines[:first] + block + lines[last + 1:]
    if new != lines:
        with open(path, 'w', encoding='utf-8') as f:
            f.write('\n'.join(new))
        return True
    return False


def main(args):
    changed = 0
    for root in args or ['src']:
        paths = [root] if root.endswith('.java') else [
            os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith('.java')]
        for p in sorted(paths):
            changed += sort_file(p)
    print(f'{changed} file(s) reordered')


if __name__ == '__main__':
    main(sys.argv[1:])
