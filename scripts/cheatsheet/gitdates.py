"""Each page's last-updated date from git, with one ``git log`` for the whole docs tree.

The date is the time of the last commit that touched the page's source file, as
``git log -1 -- <file>`` gives it; a file git does not know yet (new, or no repository)
shows its modification time (``SOURCE_DATE_EPOCH``, when set, for reproducible builds). The HTML matches what Material's source-file partial expects in
``page.meta.git_revision_date_localized``.
"""

from __future__ import annotations

import html
import os
import subprocess
import time
from pathlib import Path

META_KEY = "git_revision_date_localized"


def last_commit_times(folder: Path) -> dict[Path, int]:
    """Absolute path -> Unix time of the last commit touching it, for every file under ``folder``
    that git has history for (one walk of the history, newest commit first)."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True,
                             text=True, check=True).stdout.strip()
        # --cc: a merge counts for a file only where it differs from every parent, which is
        # exactly when ``git log -1 -- <file>`` names the merge
        log = subprocess.run(["git", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--cc", "--", "."],
                             cwd=folder, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    times: dict[Path, int] = {}
    for record in log.split("\0")[1:]:
        stamp, _, names = record.partition("\n")
        for name in names.splitlines():
            if name:
                times.setdefault(Path(top, name), int(stamp))
    return times


def fallback_time(path: Path) -> int:
    """The date of a file git has no history for."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        return int(path.stat().st_mtime)
    except OSError:
        return int(time.time())


def date_html(timestamp: int) -> str:
    """``December 6, 2026`` with the full UTC time as its title, as the theme shows it."""
    moment = time.gmtime(timestamp)
    day = f"{time.strftime('%B', moment)} {moment.tm_mday}, {moment.tm_year}"
    title = f"{day} {time.strftime('%H:%M:%S', moment)} UTC"
    return (f'<span class="git-revision-date-localized-plugin git-revision-date-localized-plugin-date" '
            f'title="{html.escape(title)}">{html.escape(day)}</span>')
