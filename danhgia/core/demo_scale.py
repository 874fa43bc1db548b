"""The demo province at scale: generated communes and their people (``seed_demo --officials``).

The demo's own province (its units, personas and accounts) is built first and left as it is;
this module adds communes and wards named after the demo's ones with a number ("Xã Tân Lập 2"),
staffed with the commune posts, until the province has the number of officials asked for. Their
comparison groups are the commune groups per cluster of communes (about one group per hundred
people), and ``demo_scale_quarter`` gives each of them an evaluation of the open quarter in a
realistic state. Everything is bulk-created in batches: the number of queries grows with the
number of batches, not with the number of people.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from itertools import count

from danhgia.organisation.models import (
    Absence,
    Block,
    ComparisonGroup,
    Official,
    PositionHistory,
    Unit,
)

from . import demo_data as data
from .demo_calendar import DemoCalendar
from .demo_scale_quarter import BATCH, seed_scale_quarter

#: people per comparison group the clusters of communes aim at
PEOPLE_PER_GROUP = 100
#: the generated communes draw their people from another seed than the demo's own province
SCALE_SEED = 2027


def seed_scale(officials: int, cal: DemoCalendar | None = None) -> dict[str, int]:
    """Grow the seeded province to ``officials`` people; returns the counts for the summary."""
    from .demo import _Builder, unit_slug  # the demo module imports this one

    existing = Official.objects.count()
    if officials <= existing:
        return {}
    root = Unit.objects.get(code=data.PROVINCE_CODE)
    block = Block.objects.get(code="xa-phuong")
    bases = [("phường", "phuong", n) for n in data.WARDS] + [("xã", "xa", n) for n in data.COMMUNES]
    per_commune = {kind: sum(p.count for p in data.commune_posts(kind)) for kind, _c, _n in bases}
    mean = sum(per_commune[kind] for kind, _c, _n in bases) / len(bases)
    wanted = officials - existing
    n_communes = math.ceil(wanted / min(per_commune.values()))  # enough; unused ones are left out
    group_codes = sorted({p.group for kind, _c, _n in bases for p in data.commune_posts(kind)})
    clusters = max(1, round(officials / PEOPLE_PER_GROUP / len(group_codes)))
    expected = max(1, round(wanted / mean))  # communes the people will fill

    specs = []  # (unit, kind, cluster)
    last_order = Unit.objects.filter(parent=root).count()
    numbers = count(2)
    while len(specs) < n_communes:
        number = next(numbers)
        for kind, kind_code, name in bases:
            if len(specs) == n_communes:
                break
            unit = Unit(
                code=f"{kind_code}-{unit_slug(name)}-{number}",
                name=f"{kind.capitalize()} {name} {number}",
                parent=root,
                block=block,
                order=last_order + len(specs) + 1,
            )
            unit.path = unit.build_path()
            specs.append((unit, kind, min(clusters, len(specs) * clusters // expected + 1)))
    names = dict(data.COMPARISON_GROUPS)
    groups = ComparisonGroup.objects.bulk_create(
        [
            ComparisonGroup(code=f"{code}-cum-{k}", name=f"{names[code]} (cụm {k})")
            for k in range(1, clusters + 1)
            for code in group_codes
        ],
        batch_size=BATCH,
    )

    builder = _Builder(small=False, cal=cal)
    builder.rng = random.Random(SCALE_SEED)
    builder.first_code = existing + 1
    builder.groups = {g.code: g for g in groups}
    used = []
    for unit, kind, cluster in specs:
        used.append(unit)
        for post in data.commune_posts(kind):
            builder._staff(unit, (replace(post, group=f"{post.group}-cum-{cluster}"),))
            if len(builder.officials) >= wanted:
                break
        if len(builder.officials) >= wanted:
            break
    Unit.objects.bulk_create(used, batch_size=BATCH)
    Official.objects.bulk_create(builder.officials, batch_size=BATCH)
    PositionHistory.objects.bulk_create(builder.history, batch_size=BATCH)
    Absence.objects.bulk_create(builder.absences, batch_size=BATCH)
    quarter = seed_scale_quarter(builder.officials, builder.history, builder.absences, builder.cal)
    return {
        "units": Unit.objects.count(),
        "officials": existing + len(builder.officials),
        "groups": ComparisonGroup.objects.count(),
        **quarter,
    }
