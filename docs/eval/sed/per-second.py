#!/usr/bin/env python3
"""Generalization error at equal debugger time per task: k = calls/s x T, from an eval-debugger report's
per-task results (.jsonl) and its calls/s column (.md), both of one run."""
import json, re, sys, collections
base = sys.argv[1]
rates = {}
for line in open(base + ".md"):
    cells = [c.strip() for c in line.split("|")]
    if len(cells) > 5 and cells[2] in ("best-first", "greedy") and cells[-2] not in ("—", "calls/s"):
        rates[(cells[1], cells[2])] = float(cells[-2])
rows = collections.defaultdict(list)
for line in open(base + ".jsonl"):
    r = json.loads(line)
    rows[(r["debugger"].split("/")[-1], r["strategy"])].append(r)
budgets = [float(t) for t in sys.argv[2].split(",")]
print("| debugger | search | calls/s | " + " | ".join(f"T = {t:g} s" for t in budgets) + " |")
print("|---|---|---|" + "---|" * len(budgets))
for key, rs in rows.items():
    rate = rates[key]
    cells = []
    for t in budgets:
        k = min(100, int(rate * t))
        g = sum(1 for r in rs if r["solved_at"] >= 0 and r["solved_at"] <= k and r["generalizes"])
        cells.append(f"{100 - 100 * g / len(rs):.1f} (k = {k})")
    print(f"| {key[0]} | {key[1]} | {rate} | " + " | ".join(cells) + " |")
