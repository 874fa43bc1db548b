"""The worlds built once per module (tests/web/once.py) keep the tests apart."""

from types import SimpleNamespace

import pytest

from danhgia.organisation.models import Unit
from tests.web import factories as f
from tests.web import once
from tests.web.conftest import build_world

shared_world = once.module_world(lambda request: build_world())


@pytest.fixture
def world(request, shared_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_world, tmp_path)


@pytest.mark.parametrize("run", [1, 2])
def test_a_test_sees_neither_the_rows_nor_the_objects_another_test_changed(world, run):
    assert not Unit.objects.filter(code="so-c").exists()
    assert world.unit_a.name == "Sở A"
    assert Unit.objects.get(pk=world.unit_a.pk).name == "Sở A"
    assert "thu-ky" not in world.users
    f.make_unit("so-c", world.root, name="Sở C")
    world.unit_a.name = f"Sở A, lần {run}"
    world.unit_a.save()
    world.users["thu-ky"] = f.make_user("thu-ky")


def test_each_test_gets_its_own_copy_of_the_same_rows(world, shared_world):
    built = shared_world.value
    assert world.unit_a is not built.unit_a
    assert world.unit_a.pk == built.unit_a.pk
    assert world.official_a.user is world.users["official"]  # shared references stay shared
    assert shared_world.outer.is_open


def _item(nodeid, names=(), shared=(), marker=None):
    defs = {name: [SimpleNamespace(func=SimpleNamespace(shared_world=True))] for name in shared}
    return SimpleNamespace(
        nodeid=nodeid,
        fixturenames=[*names, *shared],
        _fixtureinfo=SimpleNamespace(name2fixturedefs=defs),
        get_closest_marker=lambda name: marker,
    )


def test_a_database_test_beside_a_shared_world_it_does_not_use_is_refused():
    uses = _item("tests/web/test_x.py::test_a", names=["db"], shared=["shared_world"])
    pure = _item("tests/web/test_x.py::test_b")
    elsewhere = _item("tests/web/test_y.py::test_c", names=["db"])
    once.check_modules([uses, pure, elsewhere])
    stray = _item("tests/web/test_x.py::test_d", names=["db"])
    with pytest.raises(pytest.UsageError, match="test_d uses the database but not the shared"):
        once.check_modules([uses, stray])
    transactional = _item("tests/web/test_x.py::test_e", marker=SimpleNamespace(kwargs={}))
    with pytest.raises(pytest.UsageError, match="test_e"):
        once.check_modules([uses, transactional])


def test_a_transactional_test_may_not_use_a_shared_world(tmp_path):
    request = SimpleNamespace(
        node=_item(
            "tests/web/test_x.py::test_f", marker=SimpleNamespace(kwargs={"transaction": True})
        )
    )
    shared = once.Shared(object(), once.OuterTransaction(), None)
    with pytest.raises(pytest.UsageError, match="transactional test cannot use a shared world"):
        next(once.fresh_copy(request, shared, tmp_path))
