"""Signed exports of unsynced payments, from a real terminal to head office, on both backends.

The terminal enrols with the live server through the real enrolment (its export key pair made
then), takes payments into a real cache's outbox, and a supervisor exports them with
:func:`ebill_desktop.sync.payment_export.export_unsynced`; head office imports the file with
:func:`ebill_central.services.payment_import.import_payments` and with ``ebill-central
import-payments``.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import random
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import func, select

from ebill_central.cli import issue_code, run
from ebill_central.db.models import AttentionRow, TerminalRow
from ebill_central.errors import CentralError
from ebill_central.services.payment_import import import_payments, read_export_file
from ebill_central.services.terminals import add_terminal
from ebill_core.protocol.payment_export import encode_bytes, signed_bytes
from ebill_desktop.config import Settings, SettingsStore
from ebill_desktop.security.keyring_store import CredentialStore
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.enrolment import TerminalIdentity, enrol, terminal_connection
from ebill_desktop.sync.file_lock import SyncLock
from ebill_desktop.sync.outbox import outbox_status
from ebill_desktop.sync.payment_export import export_unsynced
from ebill_desktop.sync.sender import OutboxSender
from tests.central.conftest import LiveServer, SeededUtility, bearer
from tests.desktop.security_support import SUPERVISOR
from tests.desktop.test_payment_helpers import make_cache
from tests.sync.soak_sender import enqueue_payments, make_payments, open_bills, server_payments


@dataclass
class Counter:
    """An enrolled terminal: its data folder, settings, keyring and cache."""

    folder: Path
    settings: Settings
    credentials: CredentialStore
    identity: TerminalIdentity
    db: CacheDatabase

    def private_key(self) -> Ed25519PrivateKey:
        raw = self.credentials.load(self.identity.export_key_account)
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(raw))


@pytest.fixture
def counters() -> Iterator[list[Counter]]:
    made: list[Counter] = []
    yield made
    for counter in made:
        counter.db.close()


def new_counter(
    made: list[Counter], server: LiveServer, seeded: SeededUtility, folder: Path
) -> Counter:
    code = add_terminal(
        seeded.engine, "BR-A", f"Counter {uuid.uuid4().hex[:6]}", code_hours=1
    ).enrolment_code
    store = SettingsStore(folder / "settings.json")
    credentials = CredentialStore(keyring.get_keyring())
    identity = enrol(server.base_url, code, socket.gethostname(), store, credentials)
    counter = Counter(
        folder,
        store.load().settings,
        credentials,
        identity,
        make_cache(folder / "cache.sqlite3"),
    )
    made.append(counter)
    return counter


def take_payments(counter: Counter, seeded: SeededUtility, seqs: range) -> dict[str, int]:
    """Payments to real accounts into the counter's outbox: UUID -> terminal sequence.

    Unallocated (credit on the account), so the bills other tests pick stay unpaid.
    """
    tid = counter.identity.terminal_id
    payments = [
        dataclasses.replace(p, allocations=())
        for p in make_payments(open_bills(seeded.engine), seqs, random.Random(tid), tid)
    ]
    enqueue_payments(counter.db, payments)
    return {p.payment_id: p.terminal_seq for p in payments}


def export(counter: Counter, path: Path) -> dict[str, object]:
    export_unsynced(counter.db, counter.credentials, counter.settings, path, SUPERVISOR)
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def attention_rows(seeded: SeededUtility) -> int:
    with seeded.engine.connect() as connection:
        found = int(connection.execute(select(func.count()).select_from(AttentionRow)).scalar())
        connection.rollback()
    return found


def test_enrolment_gives_head_office_the_public_key_and_keeps_the_private_key_in_the_keyring(
    server: LiveServer, seeded: SeededUtility, counters: list[Counter], tmp_path: Path
) -> None:
    counter = new_counter(counters, server, seeded, tmp_path / "a")
    private = counter.credentials.load(counter.identity.export_key_account)
    public = counter.private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    with seeded.engine.connect() as connection:
        stored = connection.scalar(
            select(TerminalRow.export_key).where(
                TerminalRow.terminal_id == counter.identity.terminal_id
            )
        )
        connection.rollback()
    assert stored == encode_bytes(public)
    for path in counter.folder.rglob("*"):  # neither the settings nor the cache hold it
        if path.is_file():
            assert private.encode() not in path.read_bytes(), path


def test_enrolling_again_replaces_the_key_and_old_files_no_longer_verify(
    server: LiveServer,
    seeded: SeededUtility,
    client: httpx.Client,
    counters: list[Counter],
    tmp_path: Path,
) -> None:
    counter = new_counter(counters, server, seeded, tmp_path / "a")
    tid = counter.identity.terminal_id
    take_payments(counter, seeded, range(1, 3))
    document = export(counter, tmp_path / "export.json")
    new_key = Ed25519PrivateKey.generate()
    public = encode_bytes(new_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    code = issue_code(seeded.engine, tid, code_hours=1).enrolment_code
    again = client.post(
        "/api/v1/enrol", json={"code": code, "machine_name": "new-pc", "export_key": public}
    )
    assert again.status_code == 200, again.text
    with pytest.raises(CentralError, match="signed by another terminal"):
        import_payments(seeded.engine, document)
    document["signature"] = encode_bytes(new_key.sign(signed_bytes(document)))
    assert import_payments(seeded.engine, document).posted == 2


def test_an_export_imported_posts_every_payment_once_however_often(
    server: LiveServer, seeded: SeededUtility, counters: list[Counter], tmp_path: Path
) -> None:
    counter = new_counter(counters, server, seeded, tmp_path / "a")
    expected = take_payments(counter, seeded, range(1, 8))
    document = export(counter, tmp_path / "export.json")
    first = import_payments(seeded.engine, document)
    assert (first.payments, first.already_held) == (7, 0)
    assert (first.posted, first.suspense, first.conflict, first.rejected) == (7, 0, 0, 0)
    assert server_payments(seeded.engine, counter.identity.terminal_id) == expected
    again = import_payments(seeded.engine, document)
    assert (again.already_held, again.posted, again.suspense, again.conflict) == (7, 0, 0, 0)
    assert server_payments(seeded.engine, counter.identity.terminal_id) == expected


def test_an_import_after_part_synced_and_a_sync_after_it_post_nothing_twice(
    server: LiveServer,
    seeded: SeededUtility,
    client: httpx.Client,
    counters: list[Counter],
    tmp_path: Path,
) -> None:
    counter = new_counter(counters, server, seeded, tmp_path / "a")
    tid = counter.identity.terminal_id
    expected = take_payments(counter, seeded, range(1, 6))
    document = export(counter, tmp_path / "export.json")
    payments = document["payments"]
    assert isinstance(payments, list)
    # Two of them reach head office through the API (the link came back for a moment).
    credential = counter.credentials.load(counter.identity.keyring_account)
    answer = client.post(
        "/api/v1/payments", json={"payments": payments[:2]}, headers=bearer(credential)
    )
    assert answer.status_code == 200, answer.text
    summary = import_payments(seeded.engine, document)
    assert (summary.already_held, summary.posted, summary.suspense) == (2, 3, 0)
    # The terminal syncs afterwards: every answer names the first posting, nothing doubles.
    with SyncLock(counter.folder) as lock:
        connection = terminal_connection(counter.settings, counter.credentials)
        with connection:
            report = OutboxSender(counter.db, connection, lock).send_due()
    assert (report.done, report.attention) == (5, 0)
    assert outbox_status(counter.db).pending == 0
    assert server_payments(seeded.engine, tid) == expected


def test_a_payment_held_with_other_content_is_counted_as_a_conflict(
    server: LiveServer,
    seeded: SeededUtility,
    client: httpx.Client,
    counters: list[Counter],
    tmp_path: Path,
) -> None:
    counter = new_counter(counters, server, seeded, tmp_path / "a")
    take_payments(counter, seeded, range(1, 4))
    document = export(counter, tmp_path / "export.json")
    payments = document["payments"]
    assert isinstance(payments, list)
    changed = json.loads(json.dumps(payments[0]))
    changed["tenders"][0]["amount"]["minor"] += 1
    credential = counter.credentials.load(counter.identity.keyring_account)
    answer = client.post(
        "/api/v1/payments", json={"payments": [changed]}, headers=bearer(credential)
    )
    assert answer.status_code == 200, answer.text
    summary = import_payments(seeded.engine, document)
    assert (summary.conflict, summary.already_held, summary.posted) == (1, 0, 2)


def test_a_tampered_file_is_refused_and_nothing_is_written(
    server: LiveServer, seeded: SeededUtility, counters: list[Counter], tmp_path: Path
) -> None:
    counter = new_counter(counters, server, seeded, tmp_path / "a")
    take_payments(counter, seeded, range(1, 4))
    document = export(counter, tmp_path / "export.json")
    payments = document["payments"]
    assert isinstance(payments, list)
    payments[1]["tenders"][0]["amount"]["minor"] += 100  # the signature is kept
    attention = attention_rows(seeded)
    with pytest.raises(CentralError, match="signature does not match") as refused:
        import_payments(seeded.engine, document)
    assert refused.value.code == "signature_invalid"
    assert server_payments(seeded.engine, counter.identity.terminal_id) == {}
    assert attention_rows(seeded) == attention


def test_a_file_signed_by_another_terminal_is_refused(
    server: LiveServer, seeded: SeededUtility, counters: list[Counter], tmp_path: Path
) -> None:
    ours = new_counter(counters, server, seeded, tmp_path / "a")
    other = new_counter(counters, server, seeded, tmp_path / "b")
    take_payments(ours, seeded, range(1, 3))
    document = export(ours, tmp_path / "export.json")
    # Signed again, properly, but with the other terminal's key.
    document["signature"] = encode_bytes(other.private_key().sign(signed_bytes(document)))
    with pytest.raises(CentralError, match="signed by another terminal"):
        import_payments(seeded.engine, document)
    # The other terminal's own file, relabelled as ours, is refused the same way.
    take_payments(other, seeded, range(1, 3))
    theirs = export(other, tmp_path / "theirs.json")
    theirs["terminal_id"] = ours.identity.terminal_id
    with pytest.raises(CentralError, match="signed by another terminal"):
        import_payments(seeded.engine, theirs)
    assert server_payments(seeded.engine, ours.identity.terminal_id) == {}
    assert server_payments(seeded.engine, other.identity.terminal_id) == {}


def test_files_that_cannot_be_checked_are_refused_clearly(
    server: LiveServer,
    seeded: SeededUtility,
    client: httpx.Client,
    counters: list[Counter],
    tmp_path: Path,
) -> None:
    counter = new_counter(counters, server, seeded, tmp_path / "a")
    take_payments(counter, seeded, range(1, 3))
    good = export(counter, tmp_path / "export.json")
    cases: list[tuple[object, str]] = [
        ([], "expected an object"),
        ({**good, "format": "something-else/1"}, "expected 'ebill-payments-export/1'"),
        ({**good, "extra": 1}, "unknown field"),
        ({**good, "signature": "!!"}, "signature"),
        ({**good, "terminal_id": 10**12}, "is not known"),
        ({**good, "branch_code": "BR-B"}, "branch BR-B"),
    ]
    for document, message in cases:
        with pytest.raises(CentralError, match=message):
            import_payments(seeded.engine, document)
    # A terminal enrolled without a key (an older program) has nothing to verify with.
    code = add_terminal(seeded.engine, "BR-A", "Old counter", code_hours=1).enrolment_code
    old = client.post("/api/v1/enrol", json={"code": code, "machine_name": "old-pc"})
    assert old.status_code == 200, old.text
    relabelled = {**good, "terminal_id": old.json()["terminal_id"]}
    with pytest.raises(CentralError, match="sent no export key") as refused:
        import_payments(seeded.engine, relabelled)
    assert refused.value.code == "no_export_key"
    # A malformed payment inside a properly signed file: refused whole.
    payments = good["payments"]
    assert isinstance(payments, list)
    broken = {**good, "payments": [payments[0], {**payments[1], "terminal_seq": "2"}]}
    broken["signature"] = encode_bytes(counter.private_key().sign(signed_bytes(broken)))
    with pytest.raises(CentralError, match="a payment cannot be read"):
        import_payments(seeded.engine, broken)
    assert server_payments(seeded.engine, counter.identity.terminal_id) == {}
    bad_key = client.post(
        "/api/v1/enrol",
        json={"code": code, "machine_name": "pc", "export_key": "AAAA"},
    )
    assert bad_key.status_code == 422 and "export_key" in bad_key.text


def test_the_command_imports_a_file_and_refuses_a_bad_one(
    server: LiveServer,
    seeded: SeededUtility,
    counters: list[Counter],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    counter = new_counter(counters, server, seeded, tmp_path / "a")
    take_payments(counter, seeded, range(1, 4))
    path = tmp_path / "export.json"
    export(counter, path)
    assert read_export_file(path) == json.loads(path.read_text(encoding="utf-8"))
    assert run(["--database", seeded.url, "import-payments", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"terminal {counter.identity.terminal_id}: 3 payment(s)" in out
    assert "already held 0" in out
    assert run(["--database", seeded.url, "import-payments", str(path)]) == 0
    assert "posted 0, already held 3" in capsys.readouterr().out
    path.write_text("{not json", encoding="utf-8")
    assert run(["--database", seeded.url, "import-payments", str(path)]) == 1
    assert "is not a JSON export" in capsys.readouterr().err
    assert run(["--database", seeded.url, "import-payments", str(tmp_path / "none")]) == 1
    assert "cannot read" in capsys.readouterr().err
