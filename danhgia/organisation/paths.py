"""Materialised unit paths ("/a/b/"): what several rooms compute over sets of them."""

from __future__ import annotations

from collections.abc import Iterable


def topmost_paths(paths: Iterable[str]) -> list[str]:
    """The paths that are not below another of them, sorted: one pass over the sorted paths
    (a path's ancestors sort before it, and every path between an ancestor and it lies below
    that ancestor, so comparing with the last one kept is enough; was one comparison per pair:
    4 million at 2,000 units)."""
    tops: list[str] = []
    for path in sorted(set(paths)):
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    return tops


def path_prefixes(path: str) -> list[str]:
    """The materialised paths of a unit and its ancestors, nearest first ("/a/b/", "/a/"):
    the path cut after each of its slashes (``path`` as stored, "/" first and last; a
    province's run takes the prefixes of 2,000 paths)."""
    prefixes = []
    end = len(path) - 1
    while end > 0:
        prefixes.append(path[: end + 1])
        end = path.rfind("/", 0, end)
    return prefixes
