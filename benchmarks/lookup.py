"""Lookup benchmark: exact keys and name/address search through the lookup service.

    .venv/bin/python benchmarks/lookup.py [--customers 1000000] [--samples 5000]

Targets (issue 2), on the cache of 1,000,000 consumers and 3,000,000 bills:
  exact-key lookup p99 <= 1 ms and <= 10x the same statement in raw sqlite3 on the same file;
  name/address search p99 <= 20 ms and <= 3x the same FTS5 search in raw sqlite3 on the file.
The floors are the lookup's own SQL (services/lookup_queries.py) run through plain sqlite3, so
the ratios are what the service adds. Two more FTS5 figures are printed for context, not
judged: a bare MATCH of the first 101 rowids (the least any FTS5 search costs) and FTS5's own
bm25-ranked search (ORDER BY rank), which the lookup does not use because it costs a pass over
every match (docs/storage.md, "Search").
The floors run in the same process, on the same file, interleaved with the service's calls.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
from pathlib import Path

from benchkit import Report, percentile, time_calls
from build_cache import build
from ebill_desktop.services import lookup_queries as sql
from ebill_desktop.services.lookup import LookupService
from ebill_desktop.services.lookup_results import LookupKind
from ebill_desktop.storage.database import open_cache, set_pragmas
from ebill_desktop.storage.search_text import text_query

# Context for the name search, not a target: the bare MATCH, and FTS5's own full ranking.
BARE_MATCH = "SELECT rowid FROM account_search WHERE account_search MATCH ? LIMIT ?"
RANKED_MATCH = "SELECT rowid FROM account_search WHERE account_search MATCH ? ORDER BY rank LIMIT ?"


def sample_keys(raw: sqlite3.Connection, count: int, rng: random.Random) -> list[tuple]:
    """Random accounts with the keys a cashier types: account, meter, mobile, bill, legacy."""
    top = raw.execute("SELECT max(id) FROM accounts").fetchone()[0]
    ids = rng.sample(range(1, top + 1), count)
    rows = []
    for account_id in ids:
        row = raw.execute(
            """SELECT a.account_no, a.legacy_no, c.name, a.address, c.mobile_key,
                      (SELECT meter_no FROM meters WHERE account_id = a.id LIMIT 1),
                      (SELECT bill_no FROM bills WHERE account_id = a.id LIMIT 1)
               FROM accounts a JOIN consumers c USING (consumer_id) WHERE a.id = ?""",
            (account_id,),
        ).fetchone()
        if row is not None:
            rows.append(row)
    return rows


def text_queries(rows: list[tuple], rng: random.Random) -> list[str]:
    """What a cashier types for a name or address: whole words, fragments, name + locality."""
    queries = []
    for _, _, name, address, *_ in rows:
        words = [w for w in name.split() if len(w) >= 3]
        places = [w.strip(",") for w in address.split() if len(w.strip(",")) >= 4]
        if not words:
            continue
        shape = rng.randrange(3)
        if shape == 0:
            queries.append(" ".join(words))  # the full name
        elif shape == 1:
            queries.append(f"{words[0][:4]} {words[-1]}")  # "Anit Sharma"
        else:
            queries.append(f"{words[-1]} {rng.choice(places) if places else ''}".strip())
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=5000)
    args = parser.parse_args()

    folder = build(args.customers)
    path = Path(folder) / "cache.sqlite3"
    db = open_cache(path)
    service = LookupService(db)
    raw = sqlite3.connect(path)
    set_pragmas(raw)
    rng = random.Random(7)
    rows = sample_keys(raw, args.samples, rng)

    exact_inputs = []
    for account_no, legacy_no, _, _, mobile, meter_no, bill_no in rows:
        keys = [account_no, meter_no, bill_no, legacy_no, mobile]
        key = rng.choice([key for key in keys if key])
        exact_inputs.append(key)
    exact_inputs = [key for key in exact_inputs if key]

    def exact(key: str) -> None:
        outcome = service.search(key)
        assert outcome.kind in (LookupKind.EXACT, LookupKind.BARCODE) and outcome.hits, key

    raw_account = [row[0] for row in rows]

    def raw_exact(account_no: str) -> None:
        assert raw.execute(sql.BY_ACCOUNT_NO, (account_no,)).fetchall()

    def by_account(account_no: str) -> None:
        assert service.search(account_no).hits

    queries = text_queries(rows, rng)

    def text(query: str) -> None:
        service.search(query)

    matches = [(text_query(q).fts_match, q) for q in queries]

    def raw_text(match: tuple[str, str]) -> None:
        ids = [row[0] for row in raw.execute(sql.MATCHING_IDS, (match[0], 101))]
        if ids:
            raw.execute(sql.BY_IDS, (json.dumps(ids),)).fetchall()

    def bare_match(match: tuple[str, str]) -> None:
        raw.execute(BARE_MATCH, (match[0], 101)).fetchall()

    def ranked_match(match: tuple[str, str]) -> None:
        raw.execute(RANKED_MATCH, (match[0], 101)).fetchall()

    report = Report("lookup")
    report.figure("accounts", raw.execute("SELECT count(*) FROM accounts").fetchone()[0])
    report.figure("bills", raw.execute("SELECT count(*) FROM bills").fetchone()[0])
    # Service and floor alternate in rounds so that both see the same cache and machine state.
    service_any, service_account, floor_account, service_text, floor_text = [], [], [], [], []
    bare, ranked = [], []
    half = len(raw_account) // 2
    for part in (slice(0, half), slice(half, None)):
        service_any += time_calls(exact, exact_inputs[part])
        service_account += time_calls(by_account, raw_account[part])
        floor_account += time_calls(raw_exact, raw_account[part])
        service_text += time_calls(text, queries[part], warmup=20)
        floor_text += time_calls(raw_text, matches[part], warmup=20)
        bare += time_calls(bare_match, matches[part], warmup=20)
        ranked += time_calls(ranked_match, matches[part], warmup=20)

    p99 = {
        "exact_any_key_p99_ms": percentile(service_any, 0.99),
        "exact_account_p99_ms": percentile(service_account, 0.99),
        "exact_account_raw_p99_ms": percentile(floor_account, 0.99),
        "text_p99_ms": percentile(service_text, 0.99),
        "text_raw_fts5_p99_ms": percentile(floor_text, 0.99),
        "fts5_bare_match_p99_ms": percentile(bare, 0.99),
        "fts5_ranked_all_p99_ms": percentile(ranked, 0.99),
    }
    for key, value in p99.items():
        report.figure(key, value)
    report.figure("exact_any_key_p50_ms", percentile(service_any, 0.50))
    report.figure("text_p50_ms", percentile(service_text, 0.50))
    exact_ratio = p99["exact_account_p99_ms"] / p99["exact_account_raw_p99_ms"]
    text_ratio = p99["text_p99_ms"] / p99["text_raw_fts5_p99_ms"]
    report.figure("exact_ratio_to_raw", exact_ratio)
    report.figure("text_ratio_to_raw", text_ratio)
    report.target("exact lookup p99 (ms), any key", p99["exact_any_key_p99_ms"], "<=", 1.0)
    report.target("exact lookup p99 / raw sqlite3 p99", exact_ratio, "<=", 10.0)
    report.target("name/address search p99 (ms)", p99["text_p99_ms"], "<=", 20.0)
    report.target("name/address p99 / same FTS5 in raw sqlite3", text_ratio, "<=", 3.0)
    db.close()
    raise SystemExit(0 if report.print() else 1)


if __name__ == "__main__":
    main()
