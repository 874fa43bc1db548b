"""``db_rows``: plain rows read in one go give what the ORM gives, and queries sent ahead give
their rows and counts, are counted like any query and leave the connection usable (on
PostgreSQL they go out in psycopg's pipeline mode; on SQLite each runs when it is read)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from danhgia.db_rows import plain_rows, plain_statement, raw_rows, sent_ahead, statement
from danhgia.organisation.models import Official, Unit
from tests.web import factories as f


@pytest.fixture
def people(world):
    world.head_a.service_start = date(2001, 2, 3)
    world.head_a.save()
    group = f.make_group("nhom-rows")
    group.quota_pct = Decimal("12.5")
    group.save()
    Official.objects.filter(pk=world.official_a.pk).update(comparison_group=group)
    return Official.objects.filter(unit__in=[world.unit_a, world.division_a1])


def test_plain_rows_are_the_orms_rows_with_its_conversions(people):
    rows = people.order_by("pk").values_list(
        "pk",
        "full_name",
        "unit__path",
        "service_start",
        "rated_quarterly",
        "comparison_group__quota_pct",
    )
    got = plain_rows(rows)
    assert got == list(rows)
    assert all(type(row) is tuple for row in got)
    # decimals, dates and booleans come back as Python values on every backend
    assert {type(row[5]) for row in got} <= {Decimal, type(None)}
    assert Decimal("12.5") in {row[5] for row in got}
    assert {type(row[3]) for row in got} <= {date, type(None)}
    assert {type(row[4]) for row in got} == {bool}


def test_a_query_that_matches_nothing_is_not_sent(people):
    nothing = people.filter(pk__in=[]).values_list("pk")
    assert statement(nothing) is None
    assert plain_statement(nothing) is None
    with CaptureQueriesContext(connection) as ctx:
        assert plain_rows(nothing) == []
        assert raw_rows(None) == []
        with sent_ahead(connection.alias) as send:
            sent = send(None)
            assert sent.count() == 0
            assert sent.rows() == []
    assert len(ctx) == 0


def test_rows_sent_ahead_are_the_rows_read_now(world, people):
    per_unit = Official.objects.values_list("unit_id").annotate(n=Count("pk")).order_by()
    expected = sorted(raw_rows(statement(per_unit)))
    assert sum(n for _unit, n in expected) == Official.objects.count()
    names = people.order_by("pk").values_list("pk", "service_start", "rated_quarterly")
    named = list(names)
    with CaptureQueriesContext(connection) as ctx, sent_ahead(connection.alias) as send:
        first = send(statement(per_unit))
        second = send(plain_statement(names))  # converted where the backend converts
        if connection.vendor == "postgresql":  # sent, in pipeline mode, before it is read
            assert connection.connection.pgconn.pipeline_status != 0
        assert first.count() == len(expected)
        got = first.rows()
        # a query sent after others have been read: read last, the others' rows kept
        third = send(statement(Unit.objects.filter(pk=world.unit_a.pk).values_list("name")))
        assert second.rows() == named
        assert third.rows() == [("Sở A",)]
    assert sorted(got) == expected
    assert len(ctx) == 3  # counted as three queries, like any others
    # the connection goes on as before, in the same transaction
    assert Unit.objects.filter(pk=world.unit_a.pk).exists()


def test_an_error_in_the_block_leaves_the_connection_usable(world):
    query = statement(Unit.objects.values_list("pk"))
    with pytest.raises(ZeroDivisionError), sent_ahead(connection.alias) as send:
        send(query)
        raise ZeroDivisionError  # before the rows are read
    assert Unit.objects.get(pk=world.unit_a.pk).name == "Sở A"
    with sent_ahead(connection.alias) as send:
        assert len(send(query).rows()) == Unit.objects.count()
