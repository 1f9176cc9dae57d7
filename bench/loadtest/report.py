"""The load test's tables (README-ready Markdown) and results file (`var/loadtest-results.json`)."""

import json

from bench.loadtest.mix import WHOLE

BUILT_TARGET, BILAN_TARGET, WRITE_TARGET, CONTENTION_TARGET = 0.10, 0.05, 0.4, 0.5
WRITE_P95_MS = 250  # the autosave's and the answer's p95 in the mix, at the pace people walk
AUTOSAVE, ANSWER = "titulaire enregistrement auto (POST)", "étudiant réponse (POST)"  # as the journeys name them
FLOOR_PREFIX = "plancher"
WRITE_SUFFIX = "(POST)"


def ceiling_of(endpoints: dict) -> float:
    figures = [endpoints[name]["rps"] for name in ("ceiling", "ceiling (après)") if name in endpoints]
    return sum(figures) / len(figures) if figures else 0.0


def floor_of(endpoints: dict) -> float:
    """The mean of the floor measured before and after the pages and writes, as the ceiling is: on a
    shared machine, a neighbour's burst during one of them weighs half."""
    figures = [r["rps"] for name, r in endpoints.items() if name.startswith(FLOOR_PREFIX)]
    return sum(figures) / len(figures) if figures else 0.0


def with_ratios(endpoints: dict) -> float:
    """Adds `ratio` (to the endpoint's own ceiling, measured just before and after it, else the run's
    mean ceiling) and, for the writes, `floor_ratio` (to its own floor likewise); returns the run's
    mean ceiling."""
    ceiling, floor = ceiling_of(endpoints), floor_of(endpoints)
    for name, r in endpoints.items():
        own_ceiling = r.get("local_ceiling") or ceiling
        r["ratio"] = r["rps"] / own_ceiling if own_ceiling else 0.0
        own_floor = r.get("local_floor") or floor
        if name.endswith(WRITE_SUFFIX) and own_floor:
            r["floor_ratio"] = r["rps"] / own_floor
    return ceiling


def endpoint_table(endpoints: dict, meta: dict) -> str:
    lines = [
        f"| endpoint seul ({meta['connections']} connexions, {meta['duration_s']} s chacun, gunicorn "
        f"{meta['workers']} workers) | req/s | part du plafond | part du plancher | p50 ms | p95 ms | p99 ms | erreurs "
        "| plafond autour (plancher) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in endpoints.items():
        floor = f"{r['floor_ratio']:.2f}" if "floor_ratio" in r else ""
        around = f"{r['local_ceiling']:.0f}" if "local_ceiling" in r else ""
        around += f" ({r['local_floor']:.0f})" if "local_floor" in r else ""
        lines.append(f"| {name} | {r['rps']:.1f} | {r['ratio']:.2f} | {floor} | {r['p50_ms']:.1f} | "
                     f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} | {around} |")
    return "\n".join(lines)


def mix_table(mixed: dict, ceiling: float, meta: dict, paced_from: dict | None = None) -> str:
    """The mix per endpoint and in all; `paced_from`: the closed loop's figures, when `mixed` is the
    paced mix (its load then said as a share of the closed loop's)."""
    if paced_from:
        share = mixed[WHOLE]["rps"] / paced_from[WHOLE]["rps"] if paced_from.get(WHOLE, {}).get("rps") else 0.0
        title = (f"mélange au pas ({meta['connections']} personnes, {meta['mix_s']} s, pause moyenne "
                 f"{meta.get('think_s', 0):.2f} s : {share:.2f} du débit de la boucle fermée)")
    else:
        title = f"mélange en boucle fermée ({meta['connections']} personnes sans pause, {meta['mix_s']} s)"
    lines = [f"| {title} | req/s | p50 ms | p95 ms | p99 ms | erreurs |", "|---|---|---|---|---|---|"]
    for name in sorted(mixed, key=lambda n: (n == WHOLE, n)):
        r = mixed[name]
        label = name
        if name == WHOLE:  # the closed loop's also as a share of the ceiling
            label = f"**{name}**" + (f" ({r['rps'] / ceiling:.2f} du plafond)" if ceiling and not paced_from else "")
        lines.append(f"| {label} | {r['rps']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['errors']} |")
    return "\n".join(lines)


def targets(endpoints: dict) -> list[str]:
    """The issue's targets for each page alone: built ≥ 0.10 of the ceiling (the bilan ≥ 0.05),
    the writes ≥ 0.4 of the signed-in write floor, no error."""
    lines = []
    for name, r in endpoints.items():
        if name.endswith("[construite]"):
            target = BILAN_TARGET if "bilan" in name else BUILT_TARGET
            lines.append(f"{'OK ' if r['ratio'] >= target and not r['errors'] else 'NON'} {name}: "
                         f"{r['ratio']:.2f} du plafond (objectif {target:.2f})")
        elif "floor_ratio" in r:
            lines.append(f"{'OK ' if r['floor_ratio'] >= WRITE_TARGET and not r['errors'] else 'NON'} {name}: "
                         f"{r['floor_ratio']:.2f} du plancher (objectif {WRITE_TARGET:.2f}), p95 {r['p95_ms']:.0f} ms")
    return lines


def paced_targets(paced: dict) -> list[str]:
    """The writes' p95 at the pace people walk (under `WRITE_P95_MS`), and the paced mix without error."""
    lines = []
    for name in (AUTOSAVE, ANSWER):
        if name in paced:
            r = paced[name]
            lines.append(f"{'OK ' if r['p95_ms'] < WRITE_P95_MS and not r['errors'] else 'NON'} {name} au pas : "
                         f"p95 {r['p95_ms']:.0f} ms (objectif < {WRITE_P95_MS} ms), {r['errors']} erreur(s)")
    if WHOLE in paced:
        r = paced[WHOLE]
        lines.append(f"{'OK ' if not r['errors'] else 'NON'} mélange au pas : {r['rps']:.1f} req/s, p95 "
                     f"{r['p95_ms']:.0f} ms, {r['errors']} erreur(s)")
    return lines


def contention_table(quiet: dict, busy: dict) -> str:
    lines = ["| endpoint seul | part du plafond, calme | sous contention | rapport | ≥ 0,5 |", "|---|---|---|---|---|"]
    for name, r in busy.items():
        if name.startswith("ceiling") or name not in quiet:
            continue
        base = quiet[name].get("floor_ratio", quiet[name]["ratio"]) if FLOOR_PREFIX not in name else quiet[name]["ratio"]
        now = r.get("floor_ratio", r["ratio"]) if FLOOR_PREFIX not in name else r["ratio"]
        share = now / base if base else 0.0
        unit = " (du plancher)" if "floor_ratio" in r else ""
        lines.append(f"| {name}{unit} | {base:.2f} | {now:.2f} | {share:.2f} | {'oui' if share >= CONTENTION_TARGET else 'NON'} |")
    return "\n".join(lines)


def write(stdout, runs: dict, meta: dict, output) -> dict:
    tables = {}
    for phase, run in runs.items():
        ceiling = with_ratios(run["endpoints"])
        run["ceiling_rps"], run["floor_rps"] = ceiling, floor_of(run["endpoints"])
        tables[phase] = endpoint_table(run["endpoints"], meta)
        if run["mix"]:
            tables[phase] += "\n\n" + mix_table(run["mix"], ceiling, meta)
        if run.get("paced"):
            paced_meta = {**meta, "think_s": run.get("think_s", 0.0)}
            tables[phase] += "\n\n" + mix_table(run["paced"], ceiling, paced_meta, paced_from=run["mix"])
        run["targets"] = targets(run["endpoints"]) + paced_targets(run.get("paced") or {})
        stdout.write(f"\n== {phase} : plafond {ceiling:.0f} req/s, plancher {run['floor_rps']:.0f} req/s ==\n")
        stdout.write(tables[phase] + "\n\n" + "\n".join(run["targets"]) + "\n")
    if "contention" in runs:
        tables["contention"] += "\n\n" + contention_table(runs["quiet"]["endpoints"], runs["contention"]["endpoints"])
        stdout.write("\n" + tables["contention"].rsplit("\n\n", 1)[-1] + "\n")
    output.parent.mkdir(parents=True, exist_ok=True)
    quiet = runs.get("quiet", {})
    data = {**meta, "ceiling_rps": quiet.get("ceiling_rps"), "endpoints": quiet.get("endpoints", {}),
            "mix": quiet.get("mix", {}), "paced": quiet.get("paced", {}), "runs": runs, "tables": tables}
    output.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    stdout.write(f"Résultats : {output}\n")
    return data


def cpu_table(log_path) -> str:
    """Where the portal's CPU went, from its request log (`portal.infrastructure.logs`): per view,
    the requests, the CPU in all and its share, the mean CPU per request."""
    import json
    from collections import defaultdict

    totals = defaultdict(lambda: [0, 0.0])
    with open(log_path, encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("{"):
                continue  # gunicorn's own lines
            entry = json.loads(line)
            if "cpu_ms" in entry and entry.get("view"):
                total = totals[f"{entry['method']} {entry['view']}"]
                total[0] += 1
                total[1] += entry["cpu_ms"]
    spent = sum(cpu for _, cpu in totals.values()) or 1.0
    rows = [f"| {view} | {count} | {cpu / 1000:.1f} | {cpu / spent:.0%} | {cpu / count:.1f} |"
            for view, (count, cpu) in sorted(totals.items(), key=lambda item: -item[1][1])]
    head = ["", "| vue (journal des requêtes) | requêtes | CPU s | part | CPU ms par requête |", "|---|---|---|---|---|"]
    return "\n".join(head + rows)
