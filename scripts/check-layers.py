#!/usr/bin/env python3
"""The dependency rules of src/ (docs/architecture.md, "Layers"), checked on the #include lines.

Fails (exit 1, one line per breach) when:
  * api/ includes store/ (routes reach the store only through services);
  * a domain module includes api/, store/, clearance/ or app/ (domain code is pure);
  * store/ includes api/, clearance/ or app/ (backends hold SQL, not services);
  * clearance/ (the services) includes api/ or app/;
  * a service header (clearance/*.h) includes store/store.h: a service names the storage facets
    it uses (store/*_store.h), never the whole store;
  * the folders' include graph has a cycle.

Known breaches being removed are listed in scripts/layers-baseline.txt (one "file: rule" line
each): they are reported but tolerated. A listed breach that is gone fails too, so the list only
shrinks (delete its line).
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
DOMAIN = {"common", "declaration", "tariff", "payment", "risk", "classify", "ledger", "identity", "refdata", "demo",
          "tracking", "xray"}
FORBIDDEN = {
    "api": {"store"},
    "store": {"api", "clearance", "app"},
    "clearance": {"api", "app"},
    "devices": {"api", "store", "clearance", "app"},  # device transports: bytes in, no business
}
for d in DOMAIN:
    FORBIDDEN[d] = {"api", "store", "clearance", "app"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"(([a-z_]+)/[^"]+)"', re.M)
WHOLE_STORE = "store/store.h"


def includes(root):
    """(folder, file, included folder) for every project include under src/."""
    for folder in sorted(os.listdir(root)):
        path = os.path.join(root, folder)
        if not os.path.isdir(path):
            continue
        for dirpath, _, files in os.walk(path):
            for name in sorted(files):
                if not name.endswith((".h", ".cc")):
                    continue
                file = os.path.join(dirpath, name)
                with open(file, encoding="utf-8") as f:
                    for included, target in INCLUDE.findall(f.read()):
                        if target != folder and os.path.isdir(os.path.join(root, target)):
                            yield folder, os.path.relpath(file, os.path.join(root, "..")), target, included


def find_cycle(graph):
    """One cycle of the graph as a list of folders, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def read_baseline(path):
    if not path or not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip() and not line.startswith("#")}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else ROOT
    baseline = read_baseline(sys.argv[2] if len(sys.argv) > 2 else
                             os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers-baseline.txt"))
    breaches, graph, where = [], {}, {}
    for folder, file, target, included in includes(root):
        if folder == "clearance" and file.endswith(".h") and included == WHOLE_STORE:
            breaches.append(f"{file}: a service header names its storage facets, not {WHOLE_STORE}")
        graph.setdefault(folder, set()).add(target)
        where.setdefault((folder, target), file)
        if target in FORBIDDEN.get(folder, ()):
            breaches.append(f"{file}: {folder}/ may not include {target}/")
    cycle = find_cycle(graph)
    if cycle:
        edges = ", ".join(f"{a}->{b} ({where[(a, b)]})" for a, b in zip(cycle, cycle[1:]))
        breaches.append("include cycle: " + " -> ".join(cycle) + " [" + edges + "]")
    tolerated = [b for b in breaches if b in baseline]
    breaches = [b for b in breaches if b not in baseline]
    gone = sorted(baseline - set(tolerated))
    for b in tolerated:
        print("check-layers: known, to remove: " + b)
    for b in gone:
        breaches.append(b + " is listed in layers-baseline.txt but no longer happens: delete its line")
    for b in breaches:
        print("check-layers: " + b)
    if breaches:
        return 1
    print(f"check-layers: {sum(len(v) for v in graph.values())} folder dependencies, no breach, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
