"""Last-updated dates: one walk of the history gives what ``git log -1 -- <file>`` gives."""

from __future__ import annotations

import calendar
import subprocess
from pathlib import Path

import pytest

from cheatsheet import gitdates

ROOT = Path(__file__).resolve().parents[2]


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A history with a merge that resolves a conflict, one that does not, and a new file."""
    env = dict(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")

    def commit(message: str, when: int) -> None:
        subprocess.run(["git", "commit", "-qm", message], cwd=tmp_path, check=True,
                       env={**env, "GIT_AUTHOR_DATE": f"{when} +0000", "GIT_COMMITTER_DATE": f"{when} +0000",
                            "PATH": "/usr/bin:/bin"})

    _git("init", "-q", "-b", "main", cwd=tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("a\n")
    (docs / "b.md").write_text("b\n")
    _git("add", ".", cwd=tmp_path)
    commit("one", 1_000_000_000)
    _git("checkout", "-q", "-b", "side", cwd=tmp_path)
    (docs / "a.md").write_text("a side\n")
    (docs / "b.md").write_text("b side\n")
    _git("add", ".", cwd=tmp_path)
    commit("side", 1_000_000_100)
    _git("checkout", "-q", "main", cwd=tmp_path)
    (docs / "a.md").write_text("a main\n")
    _git("add", ".", cwd=tmp_path)
    commit("main", 1_000_000_200)
    subprocess.run(["git", "merge", "-q", "side", "--no-edit"], cwd=tmp_path, capture_output=True)
    (docs / "a.md").write_text("a resolved\n")  # differs from both parents
    _git("add", ".", cwd=tmp_path)
    commit("merge", 1_000_000_300)
    (docs / "new.md").write_text("not committed\n")
    return tmp_path


def _reference(folder: Path) -> dict[Path, int]:
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts):
        stamp = _git("log", "-1", "--format=%ct", "--", str(path), cwd=folder).strip()
        if stamp:
            out[path.resolve()] = int(stamp)
    return out


def test_one_walk_equals_git_log_per_file_through_merges(repo: Path):
    times = gitdates.last_commit_times(repo / "docs")
    expected = _reference(repo / "docs")
    assert times == expected
    assert times[(repo / "docs" / "a.md").resolve()] == 1_000_000_300  # the conflict resolution
    assert times[(repo / "docs" / "b.md").resolve()] == 1_000_000_100  # merged cleanly from side
    assert (repo / "docs" / "new.md").resolve() not in times  # the build date stands in


def test_the_projects_own_docs_agree_with_git_log_per_file():
    times = gitdates.last_commit_times(ROOT / "docs")
    expected = _reference(ROOT / "docs" / "training")
    assert expected and all(times[p] == t for p, t in expected.items())


def test_no_repository_means_no_dates(tmp_path: Path):
    (tmp_path / "a.md").write_text("x")
    assert gitdates.last_commit_times(tmp_path) == {}


def test_date_html_is_what_the_theme_shows():
    stamp = calendar.timegm((2026, 12, 6, 21, 58, 8, 0, 0, 0))
    assert gitdates.date_html(stamp) == (
        '<span class="git-revision-date-localized-plugin git-revision-date-localized-plugin-date" '
        'title="December 6, 2026 21:58:08 UTC">December 6, 2026</span>')
