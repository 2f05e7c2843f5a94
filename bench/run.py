"""Performance budgets of rsd-checklist, each measured as a ratio to a floor taken in the same run.

    python bench/run.py            # all benchmarks, a report on stdout
    python bench/run.py --quick    # fewer repetitions

Machines differ and are loaded differently from one run to the next, so every budget is stated
against a floor measured alongside it (interleaved, medians), never as a bare time in a test.
Results and the machine they were taken on go to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rsd_checklist.casefile import load_case  # noqa: E402
from rsd_checklist.conditions import walk  # noqa: E402
from rsd_checklist.corpus import load_corpus  # noqa: E402
from rsd_checklist.engine import evaluate  # noqa: E402
from rsd_checklist.loader import load_rule_base  # noqa: E402
from rsd_checklist.validator import check_citations, validate  # noqa: E402

RESULTS: list[tuple[str, str, str, str]] = []  # (benchmark, measured, budget, verdict)


def report(name: str, measured: str, budget: str, ok: bool) -> None:
    RESULTS.append((name, measured, budget, "ok" if ok else "OVER BUDGET"))
    print(f"{'ok ' if ok else 'OVER'}  {name}: {measured}  (budget: {budget})", flush=True)


def timed(func: Callable[[], object], repeat: int) -> float:
    """Median seconds of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run_process(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env, cwd=tempfile.gettempdir())
    return time.perf_counter() - start


def process_env(**extra: str) -> dict[str, str]:
    """The environment of measured processes: empty caches, and bytecode cached as it is once installed.

    pip compiles an installed package's modules to bytecode; a checkout run with
    PYTHONDONTWRITEBYTECODE would compile rsd_checklist afresh in every process while the
    floor's libraries load from bytecode. A private bytecode folder puts both on the same footing.
    """
    env = dict(os.environ, PYTHONPYCACHEPREFIX=tempfile.mkdtemp(prefix="rsd-bench-pyc-"), **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def bench_cold_evaluate(repeat: int) -> None:
    """A fresh process evaluating a bundled case, against Python importing what it cannot avoid."""
    env = process_env(XDG_CACHE_HOME=tempfile.mkdtemp(prefix="rsd-bench-"))
    floor_cmd = [sys.executable, "-c", "import yaml; from pydantic import BaseModel"]
    eval_cmd = [sys.executable, "-m", "rsd_checklist", "evaluate", "musan_bible_study", "--format", "json"]
    run_process(floor_cmd, env)  # writes the floor's bytecode
    first = run_process(eval_cmd, env)  # no rule-base cache yet; writes rsd_checklist's bytecode
    floors, evals = [], []
    for _ in range(repeat):  # interleaved, so load on the machine falls on both alike
        floors.append(run_process(floor_cmd, env))
        evals.append(run_process(eval_cmd, env))
    floor, warm = statistics.median(floors), statistics.median(evals)
    report(
        "cold `evaluate CASE --format json` vs `import yaml; from pydantic import BaseModel`",
        f"{warm * 1000:.0f} ms vs {floor * 1000:.0f} ms = {warm / floor:.2f}x (first run, compiling bytecode and building the rule cache: {first / floor:.2f}x)",
        "at most 2x",
        warm / floor <= 2.0,
    )


def bench_app_start(repeat: int) -> None:
    try:
        from rsd_checklist.tui.app import RsdApp  # noqa: F401
    except ImportError:
        report("app cold start to the first screen", "no app in this build", "under 1 s", False)
        return
    env = process_env(
        XDG_CACHE_HOME=tempfile.mkdtemp(prefix="rsd-bench-"),
        XDG_DATA_HOME=tempfile.mkdtemp(prefix="rsd-bench-"),
    )
    floor_cmd = [sys.executable, "-c", "import textual.app"]
    run_process(floor_cmd, env)  # writes the floor's bytecode
    # The first screen is up once the pilot's first pause returns; the time is taken from the
    # start of the interpreter's own code, so it excludes shutting the app down afterwards.
    code = (
        "import time; t = time.perf_counter()\n"
        "import asyncio\n"
        "from rsd_checklist.tui.app import RsdApp\n"
        "async def main():\n"
        "    app = RsdApp()\n"
        "    async with app.run_test(size=(100, 32)) as pilot:\n"
        "        await pilot.pause()\n"
        "        print(time.perf_counter() - t, flush=True)\n"
        "asyncio.run(main())\n"
    )
    startup = run_process([sys.executable, "-c", "pass"], env)
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)  # writes bytecode
    floors, apps = [], []
    for _ in range(repeat):
        floors.append(run_process(floor_cmd, env))
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
        apps.append(float(out.stdout.strip().splitlines()[-1]) + startup)
    floor, app = statistics.median(floors), statistics.median(apps)
    report(
        "app start to the first screen (headless, with interpreter start-up) vs `import textual.app`",
        f"{app * 1000:.0f} ms vs {floor * 1000:.0f} ms = {app / floor:.2f}x",
        "under 1 s on this machine",
        app < 1.0,
    )


def generated_facts(rule_base, rng: random.Random) -> dict[str, object]:  # type: ignore[no-untyped-def]
    facts: dict[str, object] = {}
    for fact in rule_base.facts.values():
        if rng.random() < 0.5:
            continue
        if fact.type == "bool":
            facts[fact.id] = rng.random() < 0.5
        elif fact.type == "int":
            facts[fact.id] = rng.randint(fact.min or 0, fact.max if fact.max is not None else 80)
        elif fact.type == "choice":
            facts[fact.id] = rng.choice(fact.choices).value
        else:
            facts[fact.id] = sorted({rng.choice(fact.choices).value for _ in range(rng.randint(0, 3))})
    for fact_id, derivations in rule_base.derivations.items():
        if any(when(facts, {}) is True for when, _ in derivations):
            facts.pop(fact_id, None)
    return facts


def bench_evaluation(repeat: int) -> None:
    rule_base = load_rule_base(ROOT / "rules")
    case = load_case(ROOT / "cases" / "musan_bible_study.yaml", rule_base)
    nodes = sum(1 for a in rule_base.arguments.values() for _ in walk(a.when))
    facts = case.facts
    per_case = timed(lambda: evaluate(rule_base, facts).next_question, repeat * 200)
    keys = [f"k{i}" for i in range(nodes)]
    table = {k: True for k in keys}
    floor = timed(lambda: [table.get(k) for k in keys], repeat * 200)
    report(
        "evaluate one case against the whole rule base (statuses, missing facts, next question)",
        f"{per_case * 1e6:.0f} µs; {nodes} condition nodes = {per_case / nodes * 1e9:.0f} ns a node, "
        f"{per_case / floor:.0f}x a plain dict lookup per node ({floor / nodes * 1e9:.0f} ns)",
        "under 1 ms",
        per_case < 0.001,
    )
    rng = random.Random(7)
    cases = [generated_facts(rule_base, rng) for _ in range(10_000)]
    start = time.perf_counter()
    for facts in cases:
        _ = evaluate(rule_base, facts).next_question  # the next question needs the missing facts too
    total = time.perf_counter() - start
    report("10,000 generated cases", f"{total:.2f} s", "under 5 s", total < 5.0)


def write_generated_rules(directory: Path, arguments: int, files: int = 50) -> None:
    directory.mkdir(parents=True)
    facts = [f"f{i}" for i in range(200)]
    (directory / "facts.yaml").write_text(
        "facts:\n" + "".join(f"  - {{id: {f}, label: F{f}, prompt: '{f}?', type: bool}}\n" for f in facts)
    )
    names = ["facts.yaml"]
    rng = random.Random(3)
    per_file = arguments // files
    for n in range(files):
        name = f"g{n}.yaml"
        names.append(name)
        lines = ["arguments:"]
        for i in range(per_file):
            ident = f"g{n}.a{i}"
            picks = rng.sample(facts, 4)
            # chains of ten arguments, each referring to the one before, whatever the total
            ref = f"\n            - {{argument: g{n}.a{i - 1}}}" if i % 10 else ""
            lines.append(
                f"  - id: {ident}\n    group: g\n    title: Argument {ident}\n    test: A test.\n"
                f"    when:\n      all:\n        - {{fact: {picks[0]}}}\n        - any:\n"
                f"            - {{fact: {picks[1]}}}\n            - not: {{fact: {picks[2]}}}{ref}\n"
                f"        - {{fact: {picks[3]}, is: true}}\n"
                f"    citations: [{{doc: charny-2004, at: p. 93, quote: 'Almost all North Korean refugees face severe punishment'}}]"
            )
        (directory / name).write_text("\n".join(lines) + "\n")
    (directory / "index.yaml").write_text(
        "title: generated\ngroups: [{id: g, title: G}]\nfiles: [" + ", ".join(names) + "]\n"
    )


def bench_scaling(repeat: int) -> None:
    import yaml

    corpus = load_corpus(ROOT / "corpus")
    work = Path(tempfile.mkdtemp(prefix="rsd-bench-rules-"))
    write_generated_rules(work / "r5000", 5000)
    start = time.perf_counter()
    rule_base = load_rule_base(work / "r5000")  # first load: parses the YAML, writes the cache
    findings = validate(rule_base, corpus)
    first = time.perf_counter() - start
    start = time.perf_counter()
    rule_base = load_rule_base(work / "r5000")  # as `rsd-checklist validate` does on a clean rule base
    findings = validate(rule_base, corpus)
    load_validate = time.perf_counter() - start
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    gc.disable()  # as the loader does while it builds a rule base: a fair floor
    floor = timed(lambda: [yaml.load(p.read_text(), Loader=loader) for p in sorted((work / "r5000").glob("*.yaml"))], 1)
    gc.enable()
    report(
        "generated rule base: 5,000 arguments in 50 files, load and validate",
        f"{load_validate:.2f} s ({len(findings)} findings) from the cache; first load {first:.2f} s = "
        f"{first / floor:.1f}x parsing the YAML alone ({floor:.2f} s)",
        "under 3 s",
        load_validate < 3.0,
    )
    report("  the same, first load (no cache yet)", f"{first:.2f} s", "under 3 s", first < 3.0)
    sizes = (500, 1000, 2000, 5000)
    loaded = {}
    for size in sizes:
        directory = work / f"s{size}"
        write_generated_rules(directory, size)
        rb = load_rule_base(directory, use_cache=False)
        rng = random.Random(11)
        loaded[size] = (rb, [{f: rng.random() < 0.5 for f in rb.facts if rng.random() < 0.6} for _ in range(20)])
    gc.collect()
    gc.freeze()  # as the app does once its rule base is loaded
    samples: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(repeat):  # round robin, so a change in the machine's load falls on every size alike
        for size in sizes:
            rb, cases = loaded[size]
            start = time.perf_counter()
            for case in cases:
                _ = evaluate(rb, case).next_question
            samples[size].append((time.perf_counter() - start) / len(cases))
    gc.unfreeze()
    rows = [(size, statistics.median(samples[size])) for size in sizes]
    base_size, base = rows[0]
    lines = ", ".join(f"{n}: {t * 1000:.2f} ms ({t / base / (n / base_size):.2f})" for n, t in rows)
    worst = max(t / base / (n / base_size) for n, t in rows)
    report(
        "evaluation time by number of arguments (per case; in brackets, time per argument relative to 500)",
        lines,
        "linear: time per argument within 1.5x of the smallest",
        worst <= 1.5,
    )
    RESULTS.append(("scaling table", json.dumps([[n, round(t * 1000, 3)] for n, t in rows]), "", ""))


def bench_corpus(repeat: int) -> None:
    from rsd_checklist.corpus import Corpus, Document, DocumentMeta, Region

    corpus = load_corpus(ROOT / "corpus")
    rule_base = load_rule_base(ROOT / "rules")
    corpus.search("warm up")
    lookups = timed(lambda: check_citations(rule_base, corpus), repeat)
    report(
        f"verify all {len(rule_base.citation_sites)} citations of the rule base (quotation and pinpoint)",
        f"{lookups * 1000:.0f} ms",
        "milliseconds",
        lookups < 1.0,
    )
    query = timed(lambda: corpus.search("forced repatriation torture"), repeat * 20)
    report("search the four reports (cached index)", f"{query * 1000:.2f} ms a query", "milliseconds", query < 0.05)

    # 500 generated documents of about 100 KB each, built from the reports' own sentences
    work = Path(tempfile.mkdtemp(prefix="rsd-bench-corpus-"))
    words = " ".join(doc.text for doc in corpus.documents.values()).split()
    rng = random.Random(5)
    big = Corpus(work)
    for i in range(500):
        text = "\n\n".join(" ".join(rng.choices(words, k=120)) for _ in range(140))
        path = work / f"d{i}.txt"
        path.write_text(text)
        meta = DocumentMeta(
            id=f"d{i}",
            file=path.name,
            short=f"D{i}",
            citation=f"Doc {i}",
            scheme="page",
            regions=[Region(line=1, locator="p. 1")],
        )
        big.documents[meta.id] = Document(meta, path)
    (work / "corpus.yaml").write_text("documents: []\n")
    size_mb = sum(p.stat().st_size for p in work.glob("*.txt")) / 1_048_576
    start = time.perf_counter()
    big.search("index")
    indexing = time.perf_counter() - start
    queries = ["deported women punishment", "labor training center", "refugee convention article", "Bible missionary"]
    per_query = statistics.median(timed(lambda q=q: big.search(q), repeat) for q in queries)
    report(
        f"search 500 generated documents ({size_mb:.0f} MB) after indexing ({indexing:.1f} s to index)",
        f"{per_query * 1000:.1f} ms a query",
        "under 100 ms",
        per_query < 0.1,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", help="run only benchmarks whose name contains this")
    args = parser.parse_args()
    repeat = 5 if args.quick else 15
    # Caches (rule base, search indexes) start empty, so indexing is measured, not remembered.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="rsd-bench-cache-")
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    benches = [bench_cold_evaluate, bench_app_start, bench_evaluation, bench_scaling, bench_corpus]
    for bench in benches:
        if not args.only or args.only in bench.__name__:
            bench(repeat)
    over = [r for r in RESULTS if r[3] == "OVER BUDGET"]
    print(f"\n{len(RESULTS)} results, {len(over)} over budget")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
