#!/usr/bin/python3
"""Records Alembic 1.8's answers on random revision histories, for athanor's parity test.

Run after tests/alembic-parity/install.sh (Debian's python3-alembic, which lives in
/usr/bin/python3's packages):

    /usr/bin/python3 tests/alembic-parity/record.py            # writes fixtures/*.json

Each history is generated from a seed (2-3 bases, branches, merges, branch labels, depends_on,
5-60 revisions) and written as real revision files; then every target form is asked through
Alembic's own commands:

- ``show T`` (``command.show``; the ``Rev:`` lines it prints),
- ``history -r R`` (``command.history``; the ids it prints, in its order),
- ``upgrade --sql T`` from base (offline; each step and the version rows after it, as Alembic's
  ``on_version_apply`` hook reports them),
- ``downgrade T`` from the heads, online against SQLite (steps, rows after each, final rows);
  every one starts from what ``upgrade heads`` left (stored once per history as ``upgraded``),
- short stateful scenarios of upgrade / downgrade / stamp on one SQLite database,
- last (so the random picks above stay as first recorded): the forms target_forms leaves out
  (``+0``, ``-2``, ``heads+1``, ``base-1``, ``label@+2``, ``head@label`` ...) and relative walks
  (``+1``, ``+2``, ``-1``, ``-2``, ``label@+1``, ``label@+2``, ``label@-1``) from a database part-way up.

Errors are recorded as ``{"error": message}``. The fixtures are JSON; CI replays them against
athanor without Python (tests in packages/cli/src/alembic-parity/).

Load order: Alembic 1.8 loads revision files in ``os.listdir`` order, which depends on the file
system; athanor sorts file paths. To compare like with like, the recorder makes Alembic list the
version folder sorted, and stores the files in that order.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile

import sqlalchemy
from alembic import command
from alembic.config import Config
from alembic.script import Script, ScriptDirectory

HERE = os.path.dirname(os.path.abspath(__file__))
LABEL_WORDS = ["alpha", "beta", "gamma", "delta", "kappa", "feature", "audit", "cart", "net"]

ENV_PY = '''
from alembic import context

config = context.config
record = config.attributes["record"]


def on_apply(ctx, step, heads, run_args):
    if step.is_stamp:
        return
    record.append([step.up_revision_id, "up" if step.is_upgrade else "down", sorted(heads)])


if context.is_offline_mode():
    context.configure(url="sqlite://", literal_binds=True, on_version_apply=on_apply)
    with context.begin_transaction():
        context.run_migrations()
else:
    context.configure(connection=config.attributes["connection"], on_version_apply=on_apply)
    with context.begin_transaction():
        context.run_migrations()
'''


# --- the version folder is listed sorted (see the module docstring) ------------------------------
_list_py_dir = Script._list_py_dir.__func__


def _sorted_list_py_dir(cls, scriptdir, path):
    return sorted(_list_py_dir(cls, scriptdir, path))


Script._list_py_dir = classmethod(_sorted_list_py_dir)

# One ScriptDirectory per history: Alembic would re-import every file on every command.
_directories: dict[str, ScriptDirectory] = {}
_from_config = ScriptDirectory.from_config.__func__


def _cached_from_config(cls, config):
    location = config.get_main_option("script_location")
    if location not in _directories:
        _directories[location] = _from_config(cls, config)
    return _directories[location]


ScriptDirectory.from_config = classmethod(_cached_from_config)


# --- random histories ---------------------------------------------------------------------------
def generate(rng: random.Random, size: int) -> list[dict]:
    """Revisions in creation order: parents and dependencies always point at earlier ones."""
    bases = rng.choice([2, 2, 3])
    revisions: list[dict] = []
    children: dict[str, int] = {}
    labels = [w for w in LABEL_WORDS]
    rng.shuffle(labels)
    used_ids: set[str] = set()
    for i in range(size):
        rid = new_id(rng, used_ids)
        heads = [r["id"] for r in revisions if children.get(r["id"], 0) == 0]
        if i < bases:
            parents: list[str] = []
        else:
            roll = rng.random()
            if roll < 0.18 and len(heads) >= 2:
                parents = rng.sample(heads, 3 if len(heads) >= 3 and rng.random() < 0.2 else 2)
            elif roll < 0.4:
                parents = [rng.choice(revisions)["id"]]
            else:
                parents = [rng.choice(heads)]
        depends: list[str] = []
        if i >= 2 and rng.random() < 0.15:
            # Another branch, as depends_on is meant: Alembic 1.8 crashes (KeyError in its
            # version-table update) on a dependency that is also an ancestor through a merge.
            below = ancestors(revisions, parents)
            candidates = [r["id"] for r in revisions if r["id"] not in below]
            if candidates:
                # One dependency at most: Alembic keeps several in a Python set, whose order
                # (and so its walk order) changes from run to run.
                depends = [rng.choice(candidates)]
        branch_labels: list[str] = []
        if labels and rng.random() < 0.12:
            branch_labels = [labels.pop()]
        for p in parents:
            children[p] = children.get(p, 0) + 1
        revisions.append(
            {"id": rid, "parents": parents, "dependsOn": depends, "branchLabels": branch_labels}
        )
    return revisions


def ancestors(revisions: list[dict], parents: list[str]) -> set[str]:
    by_id = {r["id"]: r for r in revisions}
    seen: set[str] = set()
    todo = list(parents)
    while todo:
        rid = todo.pop()
        if rid not in seen:
            seen.add(rid)
            todo.extend(by_id[rid]["parents"] + by_id[rid]["dependsOn"])
    return seen


def new_id(rng: random.Random, used: set[str]) -> str:
    while True:
        # A shared first character now and then, so short prefixes are sometimes ambiguous.
        rid = rng.choice("0123456789abcdef"[: rng.choice([4, 16])]) + "".join(
            rng.choice("0123456789abcdef") for _ in range(11)
        )
        if rid not in used:
            used.add(rid)
            return rid


def write_history(directory: str, rng: random.Random, revisions: list[dict]) -> list[dict]:
    """Writes env.py and one file per revision; returns the revisions in Alembic's load order."""
    versions = os.path.join(directory, "versions")
    os.makedirs(versions)
    with open(os.path.join(directory, "env.py"), "w") as f:
        f.write(ENV_PY)
    for r in revisions:
        # A random file-name prefix, so load order is neither creation nor id order.
        r["file"] = "%04x_%s.py" % (rng.randrange(0x10000), r["id"])
        down = (
            "None"
            if not r["parents"]
            else repr(r["parents"][0])
            if len(r["parents"]) == 1
            else repr(tuple(r["parents"]))
        )
        with open(os.path.join(versions, r["file"]), "w") as f:
            f.write(
                '"""revision %s\n\nRevision ID: %s\n"""\n' % (r["id"], r["id"])
                + "revision = %r\n" % r["id"]
                + "down_revision = %s\n" % down
                + "branch_labels = %s\n" % (repr(tuple(r["branchLabels"])) if r["branchLabels"] else "None")
                + "depends_on = %s\n" % (repr(r["dependsOn"][0]) if r["dependsOn"] else "None")
                + "\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
            )
    return sorted(revisions, key=lambda r: r["file"])


# --- asking Alembic -----------------------------------------------------------------------------
class Asker:
    def __init__(self, directory: str):
        self.directory = directory

    def config(self, record: list, connection=None) -> tuple[Config, io.StringIO]:
        out = io.StringIO()
        config = Config(stdout=out)
        config.set_main_option("script_location", self.directory)
        config.attributes["record"] = record
        if connection is not None:
            config.attributes["connection"] = connection
        return config, out

    def show(self, target: str) -> dict:
        config, out = self.config([])
        return attempt(lambda: command.show(config, target), lambda: {"ids": rev_lines(out.getvalue())})

    def history(self, rev_range: str) -> dict:
        config, out = self.config([])
        return attempt(
            lambda: command.history(config, rev_range), lambda: {"ids": arrow_ids(out.getvalue())}
        )

    def upgrade_sql(self, target: str) -> dict:
        record: list = []
        config, _ = self.config(record)
        with contextlib.redirect_stdout(io.StringIO()):
            return attempt(lambda: command.upgrade(config, target, sql=True), lambda: {"steps": record})

    def online(self, commands: list[tuple[str, object]]) -> list[dict]:
        """Runs commands in order on one fresh SQLite database; one answer per command."""
        engine = sqlalchemy.create_engine("sqlite://")
        answers = []
        with engine.connect() as connection:
            for name, target in commands:
                record: list = []
                config, _ = self.config(record, connection)
                run = {
                    "upgrade": lambda: command.upgrade(config, target),
                    "downgrade": lambda: command.downgrade(config, target),
                    "stamp": lambda: command.stamp(config, target),
                }[name]
                answer = attempt(run, lambda: {"steps": record})
                answer["rows"] = rows(connection)
                answers.append(answer)
                if hasattr(connection, "commit") and connection.in_transaction():
                    connection.commit()
        engine.dispose()
        return answers


def attempt(run, result) -> dict:
    try:
        with warnings_as_notes() as notes:
            run()
    except BaseException as error:  # noqa: BLE001 - any failure is an answer ("both fail")
        if isinstance(error, KeyboardInterrupt):
            raise
        message = str(error) or type(error).__name__
        return {"error": message.strip().splitlines()[0][:300]}
    answer = result()
    if notes:
        answer["warnings"] = notes
    return answer


@contextlib.contextmanager
def warnings_as_notes():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        notes: list[str] = []
        yield notes
        notes.extend(str(w.message).splitlines()[0][:200] for w in caught)


def rows(connection) -> list[str]:
    try:
        result = connection.execute(sqlalchemy.text("SELECT version_num FROM alembic_version"))
        return sorted(r[0] for r in result)
    except Exception:  # noqa: BLE001 - no table yet
        if connection.in_transaction():
            connection.rollback()
        return []


def rev_lines(text: str) -> list[str]:
    return re.findall(r"^Rev: (\S+)", text, re.M)


def arrow_ids(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"-> ([0-9a-f]{12})\b", text)]


# --- which targets to ask -----------------------------------------------------------------------
def target_forms(rng: random.Random, revisions: list[dict]) -> list[str]:
    ids = [r["id"] for r in revisions]
    labels = [l for r in revisions for l in r["branchLabels"]]
    sample = rng.sample(ids, min(10, len(ids)))
    forms = ["heads", "head", "base", "+1", "+2", "-1", "head-1", "heads-1", "base+1", "base+2", "base+3"]
    forms += sample
    for rid in sample[:6]:
        forms += [rid[:4], rid[:2], rid[:1], rid + "+1", rid + "-1", rid + "+2", rid + "@head", rid + "@base", rid[:6] + "@heads"]
    for label in labels:
        member = rng.choice(ids)
        forms += [
            label, label + "@head", label + "@heads", label + "@base", label + "@" + member,
            label + "@" + member[:5], label + "@+1", label + "@-1", label + "@head-1",
            label + "@base+1", label + "@" + member + "+1", label[:3], label[:3] + "@head",
        ]
    forms.append("nosuchrev")
    return list(dict.fromkeys(forms))


def range_forms(rng: random.Random, revisions: list[dict]) -> list[str]:
    ids = [r["id"] for r in revisions]
    labels = [l for r in revisions for l in r["branchLabels"]]
    forms = [":", "base:heads", "base:", ":heads", "-2:", "-1:heads", "head-2:head"]
    for _ in range(8):
        a, b = rng.sample(ids, 2) if len(ids) >= 2 else (ids[0], ids[0])
        forms += [a + ":" + b, a + ":", ":" + b]
    for label in labels:
        forms += [label + "@base:", label + "@base:" + label + "@head", ":" + label + "@head", label + ":"]
    return list(dict.fromkeys(forms))


def extra_target_forms(rng: random.Random, revisions: list[dict]) -> list[str]:
    """Forms target_forms leaves out: longer walks, walks past the ends, `head@label`."""
    labels = [l for r in revisions for l in r["branchLabels"]]
    forms = ["+0", "-0", "-2", "+3", "heads+1", "head+1", "heads-2", "base-1", "base+0"]
    for label in labels:
        forms += [
            label + "@+2", label + "@-2", label + "@head-2", label + "@heads-1", label + "@head+1",
            label + "@base+2", label + "@base-1", "head@" + label, "heads@" + label, "base@" + label,
        ]
    return list(dict.fromkeys(forms))


def relative_scenarios(rng: random.Random, revisions: list[dict]) -> list[list[tuple[str, object]]]:
    """Relative walks from a database part-way up (target_forms asks them from base or the heads)."""
    ids = [r["id"] for r in revisions]
    labels = [l for r in revisions for l in r["branchLabels"]]
    out: list[list[tuple[str, object]]] = []
    for middle in rng.sample(ids, min(4, len(ids))):
        for walk in [("upgrade", "+1"), ("upgrade", "+2"), ("downgrade", "-1"), ("downgrade", "-2")]:
            out.append([("upgrade", middle), walk])
        for label in labels:
            for walk in [("upgrade", label + "@+1"), ("upgrade", label + "@+2"), ("downgrade", label + "@-1")]:
                out.append([("upgrade", middle), walk])
    return out


def scenario(rng: random.Random, revisions: list[dict], forms: list[str]) -> list[tuple[str, object]]:
    ids = [r["id"] for r in revisions]
    steps: list[tuple[str, object]] = []
    for _ in range(rng.randint(3, 6)):
        kind = rng.choice(["upgrade", "upgrade", "downgrade", "stamp"])
        if kind == "stamp":
            pick = rng.sample(ids, rng.choice([1, 1, 2])) if rng.random() < 0.7 else [rng.choice(["heads", "base", "head"])]
            steps.append(("stamp", pick if len(pick) > 1 else pick[0]))
        else:
            steps.append((kind, rng.choice(forms + ids)))
    return steps


def scenario_case(asker: Asker, commands: list[tuple[str, object]]) -> dict:
    answers = asker.online(commands)
    return {
        "command": "scenario",
        "steps": [
            {"command": name, "target": target, "alembic": answer}
            for (name, target), answer in zip(commands, answers)
        ],
    }


def record_history(seed: int, size: int, tmp: str) -> dict:
    rng = random.Random(seed)
    created = generate(rng, size)
    directory = os.path.join(tmp, "h%d" % seed)
    loaded = write_history(directory, rng, created)
    asker = Asker(directory)
    forms = target_forms(rng, created)
    cases: list[dict] = []
    for target in forms:
        cases.append({"command": "show", "target": target, "alembic": asker.show(target)})
    for rev_range in range_forms(rng, created):
        cases.append({"command": "history", "range": rev_range, "alembic": asker.history(rev_range)})
    for target in forms:
        cases.append({"command": "upgrade-sql", "target": target, "alembic": asker.upgrade_sql(target)})
    upgraded = asker.online([("upgrade", "heads")])[0]
    for target in forms:
        # Each downgrade starts on a fresh database that `upgrade heads` brought to `upgraded`.
        down = asker.online([("upgrade", "heads"), ("downgrade", target)])[1]
        cases.append({"command": "downgrade", "target": target, "alembic": down})
    for _ in range(6):
        cases.append(scenario_case(asker, scenario(rng, created, forms)))
    # Asked last, so the random picks above (and the cases they made) stay as first recorded.
    for target in extra_target_forms(rng, created):
        cases.append({"command": "show", "target": target, "alembic": asker.show(target)})
        cases.append({"command": "upgrade-sql", "target": target, "alembic": asker.upgrade_sql(target)})
        down = asker.online([("upgrade", "heads"), ("downgrade", target)])[1]
        cases.append({"command": "downgrade", "target": target, "alembic": down})
    for commands in relative_scenarios(rng, created):
        cases.append(scenario_case(asker, commands))
    return {
        "seed": seed,
        "alembic": "1.8.1",
        "revisions": [
            {k: r[k] for k in ("file", "id", "parents", "dependsOn", "branchLabels")} for r in loaded
        ],
        "upgraded": upgraded,
        "cases": cases,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--histories", type=int, default=14)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--out", default=os.path.join(HERE, "fixtures"))
    args = parser.parse_args()
    import alembic

    if not alembic.__version__.startswith("1.8."):
        sys.exit("expected Alembic 1.8.x (Debian's python3-alembic), found %s" % alembic.__version__)
    os.makedirs(args.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="alembic-parity-")
    try:
        for n in range(args.histories):
            seed = args.first_seed + n
            size = random.Random(seed * 7919).randint(5, 60)
            history = record_history(seed, size, tmp)
            path = os.path.join(args.out, "history-%03d.json" % seed)
            with open(path, "w") as f:
                json.dump(history, f, separators=(",", ":"))
                f.write("\n")
            print("%s: %d revisions, %d cases" % (os.path.relpath(path), size, len(history["cases"])))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
